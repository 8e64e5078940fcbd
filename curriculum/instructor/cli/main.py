"""The instructor's command line: `curriculum release | collect | grade | feedback | export | status | demo | bundle`
(authoring commands, `sync` and `new-module`, are in authoring.py; `data` in data.py).

Everything runs in-process over nbgrader's NbGraderAPI and Gradebook; nothing shells out to nbgrader.
Bad input ends in one line, `Error: ...`, and exit code 2, never in a traceback.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.markup import escape

from curriculum.instructor.cli.authoring import audit, new_module, sync
from curriculum.instructor.cli.certificates import certify, verify
from curriculum.instructor.cli.common import (
    UNSAFE_HELP,
    _modules,
    check_scheduler,
    console,
    course,
    fail,
    has_gradebook,
    is_released,
    parse_due,
    parse_shard,
    progress_bar,
    require_released,
    require_sandbox,
    set_due_date,
    state,
)
from curriculum.instructor.cli.data import app as data_app
from curriculum.instructor.cli.reports import report
from curriculum.instructor.cli.status import formgrader, status

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="AI Foundations: release, collect, grade, give feedback and export, over nbgrader.")
app.add_typer(data_app, name="data")
app.command()(sync)
app.command("new-module")(new_module)
app.command()(audit)
app.command()(status)
app.command()(report)
app.command()(formgrader)
app.command()(certify)
app.command()(verify)


@app.callback()
def course_option(course_dir: Optional[Path] = typer.Option(None, "--course",
                                                           help="Course root (default: here or above).")):
    state["course"] = course_dir


@app.command()
def release(modules: Optional[List[str]] = typer.Argument(None, help="Module ids (default: all)."),
            due: Optional[str] = typer.Option(None, "--due", help="Due date, e.g. '2026-12-01 17:00' (UTC) or "
                                              "'2026-12-01T17:00+01:00'; later submissions are marked late.")):
    """Regenerate release/ (student versions) from source/ through nbgrader."""
    from curriculum.instructor.authoring.text_form import AuthoringError
    from curriculum.instructor.release import ReleaseError
    from curriculum.instructor.release import release as do_release

    c = course()
    for m in modules or []:
        _modules(c, m)
    if due and not modules:
        fail("--due needs the module(s) it is for: curriculum release MODULE --due '2026-12-01 17:00'")
    due_date = parse_due(due) if due else None
    try:
        for done in do_release(c, modules or None):
            console.print(f"released {done.module}: {', '.join(p.name for p in done.notebooks)}")
            for warning in done.warnings:
                console.print(f"  [bold]WARNING:[/bold] {escape(warning)}", style="yellow")
            if due_date is not None:
                set_due_date(c, done.module, due_date)
                console.print(f"  due {due_date:%Y-%m-%d %H:%M} UTC: later submissions are marked late "
                              "(graded ones too, when `curriculum grade` regrades them)")
    except AuthoringError as exc:
        fail(exc)
    except ReleaseError as exc:
        fail(exc, code=1)


@app.command()
def collect(path: Path = typer.Argument(..., help="A folder or an LMS zip of submissions."),
            module: str = typer.Option(..., "--module", "-m", help="The module these submissions are for.")):
    """Copy submissions into submitted/<student>/<module>/, setting aside what cannot be matched."""
    from curriculum.instructor.grading.collect import NotASubmissionSource
    from curriculum.instructor.grading.collect import collect as do_collect

    c = course()
    _modules(c, module)
    if not path.exists():
        fail(f"{path} does not exist.")
    again = ("no notebook is ever left half-written, so run the same `curriculum collect` again: what is "
             "already collected stays as it is")
    try:
        report = do_collect(c, path, module)
    except (FileNotFoundError, NotASubmissionSource) as exc:
        fail(exc)
    except OSError as exc:
        fail(f"collect stopped: {exc}. Fix it (free space, permissions), then {again}.", code=1)
    except KeyboardInterrupt:
        fail(f"collect interrupted: {again}.", code=130)
    for line in report.lines(module):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if not report.matched:  # collect wrote nothing: the course is as it was
        fail(f"nothing in {path} is a notebook of {module}{report.hint(c, module)}", code=1)
    console.print(f"this report is saved as {report.saved}" if report.saved else
                  "WARNING: this report could not be saved under exports/", markup=False, highlight=False,
                  soft_wrap=True)
    if not is_released(c, module):
        console.print(f"WARNING: {module} was never released (it is not in the gradebook): nothing of it can be "
                      f"graded until `curriculum release {module}` has run.", style="yellow", markup=False,
                      highlight=False, soft_wrap=True)



def _each_module(module: Optional[str], label: str, action) -> Iterator:
    """Run a batch `action` over each module's submissions with a progress bar; yield results."""
    from curriculum.instructor.course import submitted_students

    c = course()
    for m in _modules(c, module):
        students = submitted_students(c, m)
        if not students:
            console.print(f"{m}: no submissions")
            continue
        require_released(c, m)
        with progress_bar(f"{label} {m}", len(students)) as tick:
            result = action(c, m, students, progress=tick)
        yield c, m, result


@app.command()
def grade(module: Optional[str] = typer.Argument(None, help="Module id (default: all)."),
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1, show_default=False,
                                      help="Notebooks run at once on this machine (default: the cores)."),
          scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                  help="Run on a Dask cluster instead: tcp://HOST:PORT."),
          shard: Optional[str] = typer.Option(None, "--shard", help="Grade only shard I of N learners (e.g. "
                                              "2/4): N coordinators share a class (use PostgreSQL)."),
          retry_failed: bool = typer.Option(False, "--retry-failed", help="Grade again the submissions that "
                                            "failed last time (once what failed them is fixed)."),
          unsafe_no_sandbox: bool = typer.Option(False, "--unsafe-no-sandbox", help=UNSAFE_HELP)):
    """Autograde in the sandbox, in parallel; a rerun grades only what changed or never finished."""
    from curriculum.instructor.course import submitted_students
    from curriculum.instructor.grading import records
    from curriculum.instructor.grading.parallel import (
        GradingInProgress,
        GradingStopped,
        SchedulerUnreachable,
        grade_parallel,
        in_shard,
    )

    part = parse_shard(shard)
    check_scheduler(scheduler)
    require_sandbox(unsafe_no_sandbox)

    def action(c, m, students, progress):
        mine = [s for s in students if in_shard(s, part)]
        for other in set(students) - set(mine):
            progress(other)
        try:
            return grade_parallel(c, m, mine, workers=workers, scheduler=scheduler, progress=progress, shard=part,
                                  retry_failed=retry_failed)
        except (GradingInProgress, GradingStopped, SchedulerUnreachable) as exc:
            fail(exc, code=1)
        except OSError as exc:  # writing a record failed: records are atomic, so nothing is half-written
            fail(f"grading {m} stopped: {exc}. Nothing was half-recorded: fix it and run "
                 f"`curriculum grade {m}` again.", code=1)

    for c, m, result in _each_module(module, "grading", action):
        fresh = len(result.done) - len(result.skipped)
        others = len(submitted_students(c, m)) - len(result.done) - len(result.failed) - len(result.left)
        failed_before = [s for s in result.skipped if (r := records.read(c, m, s)) and r.status == "failed"]
        console.print(f"{m}: graded {fresh}, failed {len(result.failed)}, "
                      f"unchanged since last time {len(result.skipped)}"
                      + (f" ({len(failed_before)} of them failed then: {_some(failed_before)}; "
                         "`curriculum status` says why, `--retry-failed` grades them again)" if failed_before else "")
                      + (f", {others} in other shards" if part and others else ""), soft_wrap=True)
        for student, reason in result.failed:  # a reason may quote what a learner's kernel printed
            console.print(f"  FAILED {student}: {reason}", markup=False, highlight=False, soft_wrap=True)
        if result.left:
            console.print(f"Interrupted: {len(result.left)} submission(s) of {m} left queued, nothing "
                          "half-recorded; run the same command again to finish.")
            raise typer.Exit(130)


def _some(names: list[str], shown: int = 5) -> str:
    return ", ".join(names[:shown]) + (", ..." if len(names) > shown else "")


@app.command()
def feedback(module: Optional[str] = typer.Argument(None, help="Module id (default: all).")):
    """Write feedback/<student>/<module>/*.html (no hidden check code) for graded submissions."""
    from curriculum.instructor.grading.feedback import feedback as do_feedback

    for c, m, result in _each_module(module, "feedback", do_feedback):
        console.print(f"{m}: feedback for {len(result.done)} learner(s) in {c.path('feedback')}")
        if result.provisional:
            console.print(f"  {len(result.provisional)} marked 'not final yet': their written answers await "
                          "a person (nbgrader's formgrader); run feedback again after grading them.", soft_wrap=True)
        if result.skipped:
            console.print(f"  skipped {len(result.skipped)} not graded yet ({_some(result.skipped)}): "
                          f"run `curriculum grade {m}` first.", markup=False, highlight=False, soft_wrap=True)
        if result.ungradable:
            console.print(f"  no feedback for {len(result.ungradable)} whose submission could not be graded "
                          f"({_some(result.ungradable)}): `curriculum status` says why and what to do.",
                          markup=False, highlight=False, soft_wrap=True)
        for student, reason in result.failed:
            console.print(f"  FAILED {student}: {reason}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def export(output: Optional[Path] = typer.Option(None, "--output", "-o", help="The CSV to write (default: "
                                                 "exports/grades.csv in the course, or grades-canvas.csv, "
                                                 "grades-moodle.csv; a relative path is from here)."),
           layout: str = typer.Option("status", "--format", help="status: a row per learner and module with "
                                      "its status and reason; canvas or moodle: the CSV that gradebook imports.")):
    """Write a CSV with one row per learner and module (graded, failed or not submitted), or an LMS's."""
    from curriculum.instructor.grading import lms_export
    from curriculum.instructor.grading.report import export_csv

    c = course()
    if layout not in ("status", *lms_export.FORMATS):
        fail(f"unknown --format {layout!r}: use status, {', '.join(lms_export.FORMATS)}")
    if not has_gradebook(c):  # never create an empty gradebook just to export nothing
        fail("Nothing has been released yet (no gradebook): run `curriculum release` first.", code=1)
    name = "grades.csv" if layout == "status" else f"grades-{layout}.csv"
    target = (c.root / "exports" / name) if output is None else output.resolve()
    try:
        if layout != "status":
            learners = lms_export.write(c, layout, target)
            console.print(f"wrote {learners} learner(s) to {target}, in the layout {layout.capitalize()} imports")
            return
        frame = export_csv(c, target)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    console.print(f"wrote {len(frame)} row(s) to {target}")
    console.print("\n".join(f"  {status}: {n}" for status, n in frame["status"].value_counts().items()))


@app.command()
def bundle(output: Optional[Path] = typer.Option(None, "--output", "-o", help="The zip to write (default: "
                                                 "dist/ai-foundations-learner.zip in the course; a relative "
                                                 "path is from here).")):
    """Pack the learners' copy: release/, datasets/, the package and `make lab`; no hidden checks."""
    from curriculum.instructor.bundle import BundleError, build

    c = course()
    target = (c.root / "dist" / "ai-foundations-learner.zip") if output is None else output.resolve()
    try:
        done = build(c.root, target)
    except (BundleError, OSError) as exc:
        fail(exc)
    console.print(f"wrote the learner bundle {done.path}: {done.files} files, {done.size / 1e6:.1f} MB")


@app.command()
def demo(size: int = typer.Option(32, help="How many simulated learners (plus 3 cheaters in module 00)."),
         module: Optional[List[str]] = typer.Option(None, "--module", "-m",
                                                    help="Modules the class submits (default: every built one)."),
         workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1, show_default=False,
                                     help="Notebooks graded at once (default: the cores)."),
         mistakes: Optional[int] = typer.Option(None, "--mistakes", min=0, show_default=False,
                                                help="Grade only each exercise's first N listed mistakes "
                                                     "(default: all; a quicker class)."),
         unsafe_no_sandbox: bool = typer.Option(False, "--unsafe-no-sandbox", help=UNSAFE_HELP)):
    """Simulate a class end to end: release, collect an LMS zip, grade, feedback, export."""
    from curriculum.instructor.demo import run_class
    from curriculum.instructor.grading.report import status_table
    from curriculum.learner import syllabus
    from curriculum.learner.exercises import defined

    if size < 1:
        fail("--size must be at least 1.")
    require_sandbox(unsafe_no_sandbox)
    c = course()
    modules = [m.id for m in syllabus.load().built if defined(m.id)] if not module else module
    for m in modules:
        _modules(c, m)
    run = run_class(c, modules, size, workers, say=console.print, progress=progress_bar, mistakes=mistakes)
    console.print(status_table(c, f"Demo class: {len({s for s, _ in run.expected})} learners"))
    for line in run.summary(c):
        console.print(line)
    if run.wrong or run.failed:
        raise typer.Exit(1)


def main() -> None:
    """The `curriculum` command: the app, with a gradebook that cannot be read told in one line."""
    from sqlalchemy.exc import DatabaseError

    try:
        app()
    except DatabaseError as exc:
        console.print(f"Error: {gradebook_trouble(exc)}", soft_wrap=True, highlight=False, markup=False)
        raise SystemExit(1)


def gradebook_trouble(exc: Exception) -> str:
    """What a database error means for the instructor, and what to do about it."""
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "sqlite" not in f"{type(getattr(exc, 'orig', exc)).__module__} {exc}":
        return (f"the gradebook database cannot be reached or read ({cause}): check that its server runs and "
                "that $CURRICULUM_DB_URL (or db_url in nbgrader_config.py) is right.")
    if "locked" in cause:
        return f"the gradebook is busy ({cause}): another command is writing it; try again when it ends."
    if "full" in cause:
        return f"gradebook.db cannot grow ({cause}): free space on its disk, then run the command again."
    if "readonly" in cause or "unable to open" in cause:
        return (f"gradebook.db cannot be written ({cause}): check that it and the course folder are writable "
                "by this user, then run the command again.")
    if "not a database" in cause or "malformed" in cause:
        return (f"gradebook.db is damaged ({cause}): restore it from a backup, or move it aside and run "
                "`curriculum release` and `curriculum grade`, which grade every learner again into a new "
                "gradebook (hand grades must then be entered again).")
    return f"gradebook.db cannot be used ({cause}): check its disk, then run the command again."


if __name__ == "__main__":
    main()
