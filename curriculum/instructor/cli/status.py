"""What an instructor reads between runs: `curriculum status` (grades by learner and module, then what
needs doing, once per cause) and `curriculum formgrader` (nbgrader's formgrader for this course, for
the written answers that wait for a person)."""
from __future__ import annotations

import typer

from curriculum.instructor.cli.common import console, course, fail, has_gradebook


def status():
    """A table of learners by modules: score and pass, or why there is none; then what needs doing."""
    from curriculum.instructor.grading.collect import latest_collect_report
    from curriculum.instructor.grading.report import STALE, advice, rows, status_table, waiting_answers
    from curriculum.instructor.grading.tracks import standings, summary_lines

    c = course()  # never create an empty gradebook just to show that it is empty
    if not has_gradebook(c):
        console.print("Nothing has been released yet (no gradebook): run `curriculum release` first.")
        return
    data = rows(c)
    if not data:
        console.print("No submissions yet: `curriculum collect PATH -m MODULE` brings them in.")
    else:
        console.print(status_table(c))
    for line in advice(data):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    for line in summary_lines(standings(c, data)) if data else []:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    with c.gradebook() as gb:
        waiting = waiting_answers(gb, c.modules())
    for module, answers in waiting.items():
        each = ", ".join(f"{grade_id}: {n}" for grade_id, n in answers.items())
        console.print(f"  * {module}: {sum(answers.values())} written answer(s) wait for a person ({each}): "
                      "`curriculum formgrader` opens nbgrader's formgrader for this course.",
                      markup=False, highlight=False, soft_wrap=True)
    stale = sorted({r.module for r in data if r.reason.startswith(STALE)})
    for module in stale:
        console.print(f"  ~ {module}: some grades come from an earlier release or grader; "
                      f"`curriculum grade {module}` regrades them (hand grades of unchanged work are kept).")
    for module in c.modules():
        aside = c.path("submitted-set-aside", module)
        files = [p for p in aside.rglob("*") if p.is_file() and "superseded" not in p.relative_to(aside).parts] \
            if aside.is_dir() else []
        if files:
            report = latest_collect_report(c, module)
            where = f" and {report}" if report else ""
            console.print(f"  set aside: {len(files)} file(s) collected for {module} matched no learner or notebook: "
                          f"see {aside}{where}.", markup=False, highlight=False, soft_wrap=True)
        elif latest_collect_report(c, module):  # (a set-aside line names it already)
            console.print(f"  {module}: the last collect report is {latest_collect_report(c, module)}",
                          markup=False, highlight=False, soft_wrap=True)


def formgrader(port: int = typer.Option(8890, "--port", help="The port on loopback (127.0.0.1)."),
               headless: bool = typer.Option(True, "--headless/--browser",
                                             help="Print the address (default), or open a browser.")):
    """Start nbgrader's formgrader for this course, on loopback, to grade the written answers."""
    from curriculum.instructor.formgrader import start

    c = course()
    if not has_gradebook(c):
        fail("Nothing has been released yet (no gradebook): run `curriculum release` first.")
    try:
        start(c.root, port, headless)  # replaces this process with the server
    except OSError as exc:
        fail(f"cannot start the formgrader: {exc}")
