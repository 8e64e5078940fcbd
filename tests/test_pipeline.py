"""End to end through nbgrader: the demo class, cheats, feedback without hidden checks, export statuses.

The demo builds every learner's notebook from the released stub, the reference, the alternatives and
the common mistakes, so checking each (learner, exercise) score against the plan tests every
exercise through the real grader, including the released stub (learner-002 submits it untouched).
"""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import Course
from curriculum.instructor.demo import (
    CHEATS,
    plan_class,
)
from curriculum.instructor.grading.parallel import grade
from curriculum.instructor.grading.report import export_csv
from curriculum.learner.exercises import defined
from curriculum.learner.syllabus import load as load_syllabus

from .conftest import MODULE, REPO, reference_submission, source_nb

MODULES = [m.id for m in load_syllabus().built]

#: The class: the fixed learners of each module (reference, stub, alternative, one per mistake), three
#: more with mixed answers in module 00, and the cheats (`make course` grades the full class of 32).
SIZE = 10
#: The first MISTAKES listed mistakes of each exercise go through the sandbox here (`make course`
#: grades them all; tests/test_exercises.py judges every one in-process). Two keep the demo class, the
#: longest part of a test run, at 43 notebooks over seven modules.
MISTAKES = 2


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    from .conftest import make_course_copy

    root = make_course_copy(tmp_path_factory.mktemp("demo") / "course")
    result = CliRunner().invoke(app, ["--course", str(root), "demo", "--size", str(SIZE),
                                       "--mistakes", str(MISTAKES)])
    return root, result


def class_plan(root):
    """(module, notebook name, learners) for every module the demo class submits."""
    course = Course(root)
    modules = [m for m in course.modules() if defined(m)]
    for position, module in enumerate(modules):
        notebook = next((root / "source" / module).glob("*.ipynb")).stem
        yield module, notebook, plan_class(course, module, size=SIZE, position=position, mistakes=MISTAKES)[0]


def test_demo_runs_end_to_end(graded_class):
    root, result = graded_class
    assert result.exit_code == 0, result.output
    total = sum(len(learners) for _, _, learners in class_plan(root))
    assert f"scores matching the plan: {total}/{total}" in result.output
    assert (root / "exports" / "grades.csv").exists()


def test_every_module_in_the_demo_and_every_exercise_scores_as_planned(graded_class):
    root, _ = graded_class
    plan = list(class_plan(root))
    assert {m for m, _, _ in plan} == set(MODULES)
    assert len(plan[0][2]) == SIZE + len(CHEATS)
    with Course(root).gradebook() as gb:
        for module, notebook, learners in plan:
            for learner in learners:
                for grade_id, expected in learner.expected.items():
                    got = gb.find_grade(grade_id, notebook, module, learner.student).score
                    assert got == expected, (f"{module} {learner.student} {grade_id} "
                                             f"({learner.choices[grade_id]}): {got} != {expected}")


def test_cheats_gain_nothing(graded_class):
    root, _ = graded_class
    with Course(root).gradebook() as gb:
        for cheat in CHEATS:
            assert gb.find_submission(MODULE, cheat).score == 0
            # the cheat sits in the first exercise, and its value converts to the right answer
            assert gb.find_grade("q01_predict_mean", "python-for-data", MODULE, cheat).score == 0


@pytest.mark.parametrize("module", MODULES)
def test_stub_fails_cleanly_without_breaking_later_cells(graded_class, module):
    root, _ = graded_class
    path = next((root / "autograded" / "learner-002" / module).glob("*.ipynb"))
    nb = json.loads(path.read_text())
    tests = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"]
    assert tests and all(c["outputs"][0].get("ename") == "NotAttempted" for c in tests)
    # every other code cell after the stubs still ran without an error, and the figures were drawn
    others = [c for c in nb["cells"] if c["cell_type"] == "code" and c not in tests
              and not c["metadata"].get("nbgrader", {}).get("solution")]
    assert all(c["execution_count"] is not None for c in others)
    assert not any(o["output_type"] == "error" for c in others for o in c["outputs"])
    figures = [o for c in others for o in c["outputs"] if o.get("data", {}).get("image/png")]
    assert figures, "the demonstration plots still draw when every answer is a stub"


def test_mistakes_get_their_message_in_feedback(graded_class):
    import html as html_lib

    root, _ = graded_class
    checked = 0
    for module, notebook, learners in class_plan(root):
        for learner in learners:
            if not learner.messages:
                continue
            page = (root / "feedback" / learner.student / module / f"{notebook}.html").read_text()
            for words in learner.messages.values():
                assert words in page or html_lib.escape(words, quote=False) in page, \
                    f"{module} {learner.student}: {words!r} missing"
                checked += 1
    assert checked >= 30


def test_feedback_says_not_final_while_a_person_has_yet_to_grade(graded_class):
    root, _ = graded_class
    course = Course(root)
    with course.gradebook() as gb:
        waiting = {sub.student.id: bool(sub.needs_manual_grade) for sub in gb.find_assignment(MODULE).submissions}
    assert True in waiting.values() and False in waiting.values()
    for student, needs_person in waiting.items():
        page = (root / "feedback" / student / MODULE / "python-for-data.html").read_text()
        assert ('id="curriculum-provisional"' in page) == needs_person, student
        if needs_person:
            assert "Not final yet" in page and page.count('id="curriculum-provisional"') == 1


def test_feedback_holds_no_hidden_check_text(graded_class):
    root, _ = graded_class
    hidden_source = (REPO / "source" / MODULE / "hidden_checks.py").read_text()
    hidden_markers = ["HIDDEN-CHECKS-MARKER", "_probe_frame", "_expected_kg", "HIDDEN = {"]
    assert all(m in hidden_source for m in hidden_markers)  # the markers are real text of the hidden file
    for module in MODULES:
        assert "HIDDEN-CHECKS-MARKER" in (REPO / "source" / module / "hidden_checks.py").read_text()
    markers = hidden_markers + ["BEGIN SOLUTION", "export_to_outbox"]
    pages = list((root / "feedback").rglob("*.html"))
    assert len(pages) >= SIZE
    for page in pages:
        text = page.read_text()
        for marker in markers:
            assert marker not in text, f"{page} leaks {marker!r}"


def test_export_tells_statuses_apart(graded_class):
    root, _ = graded_class
    course = Course(root)
    broken = root / "submitted" / "zz-broken" / MODULE
    broken.mkdir(parents=True)
    (broken / "python-for-data.ipynb").write_text("{ this is not a notebook")
    with course.gradebook() as gb:
        gb.update_or_create_student("zz-absent")
    result = grade(course, MODULE, ["zz-broken"])
    assert result.failed and result.failed[0][0] == "zz-broken" and result.failed[0][1]
    frame = export_csv(course, root / "exports" / "after.csv")
    frame = frame[frame.module == MODULE].set_index("student")
    assert frame.loc["zz-broken", "status"] == "failed" and frame.loc["zz-broken", "reason"]
    assert frame.loc["zz-absent", "status"] == "not_submitted"
    assert frame.loc["learner-001", "status"] == "graded" and frame.loc["learner-001", "score"] > 0
    assert frame.loc["learner-002", "status"] == "graded" and frame.loc["learner-002", "score"] == 0


def test_passed_is_pending_only_while_a_written_answer_could_still_decide_it(graded_class):
    root, _ = graded_class
    course = Course(root)
    with course.gradebook() as gb:
        open_points = {sub.student.id: sum(float(g.max_score) for nb in sub.notebooks for g in nb.grades
                                           if g.needs_manual_grade)
                       for sub in gb.find_assignment(MODULE).submissions}
    frame = export_csv(course, root / "exports" / "pending.csv")
    rows = frame[(frame.module == MODULE) & (frame.status == "graded")]
    mark = 0.7 * rows["max_score"].iloc[0]
    seen = set()
    for row in rows.itertuples():
        if row.score >= mark:
            expected = True
        elif row.score + open_points[row.student] >= mark:
            expected = None
        else:
            expected = False
        got = None if pd.isna(row.passed) else bool(row.passed)
        assert got is expected, (row.student, row.score, open_points[row.student], row.passed)
        seen.add(expected)
    assert {True, False} <= seen  # the class has learners on both sides of the mark


def test_nbgrader_export_writes_the_same_statuses(graded_class, monkeypatch):
    """Plain `nbgrader export` (in-process here) uses the course's export plugin from the config."""
    from nbgrader.apps import ExportApp

    root, _ = graded_class
    ours = export_csv(Course(root), root / "exports" / "ours.csv")
    monkeypatch.chdir(root)
    exporter = ExportApp()
    exporter.initialize(["--to", str(root / "exports" / "nbgrader.csv")])
    exporter.start()
    theirs = pd.read_csv(root / "exports" / "nbgrader.csv")
    assert list(theirs.columns) == list(ours.columns)
    assert list(theirs["status"]) == list(ours["status"]) and {"graded", "failed"} <= set(theirs["status"])


def test_status_command(graded_class):
    root, _ = graded_class
    result = CliRunner().invoke(app, ["--course", str(root), "status"])
    assert result.exit_code == 0 and "learner-001" in result.output
    said = " ".join(result.output.split())
    assert re.search(rf"\* {MODULE}: \d+ written answer\(s\) wait for a person \(w10_interpret_scatter: \d+\)",
                     said), said
    assert f"{root / 'exports' / 'collect-'}{MODULE}-" in said, said  # the last collect report, named
    lines = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(lines) == len(set(lines)), "status says a line twice"


def test_lms_exports_of_the_demo_class_read_as_their_gradebooks_read_them(graded_class):
    from .test_lms_export import read_canvas, read_moodle

    root, _ = graded_class
    for layout in ("canvas", "moodle"):
        result = CliRunner().invoke(app, ["--course", str(root), "export", "--format", layout])
        assert result.exit_code == 0, result.output
    points, scores = read_canvas(root / "exports" / "grades-canvas.csv")
    assert len(points) == len(MODULES) and len(scores) >= SIZE
    moodle = read_moodle(root / "exports" / "grades-moodle.csv")
    assert {s: list(v.values()) for s, v in moodle.items()} == {s: list(v.values()) for s, v in scores.items()}
    wrong = CliRunner().invoke(app, ["--course", str(root), "export", "--format", "blackboard"])
    assert wrong.exit_code == 2 and "use status, canvas, moodle" in wrong.output


NOISE = ("import sys, warnings\nwarnings.simplefilter('always')\n"
         "print('noise on stderr', file=sys.stderr)\nwarnings.warn('a warning from an answer cell')\n")


def _noisy(grade_id: str, code: str) -> str:
    if grade_id == "q07_fix_bug":  # the function itself is noisy when the grader calls it in the test cell
        code = code.replace("    rows = df", "    import sys, warnings\n    print('called', file=sys.stderr)\n"
                            "    warnings.warn('careful')\n    rows = df")
    return NOISE + code


def _no_units(grade_id: str, code: str) -> str:
    return code.replace("Flipper length (mm)", "Flipper length").replace("Body mass (g)", "Body mass")


def test_stderr_and_warnings_do_not_cost_points_and_partial_credit_is_recorded(graded_class):
    root, _ = graded_class
    reference_submission(root, "zz-noisy", _noisy)
    reference_submission(root, "zz-partial", _no_units)
    source = (root / "submitted" / "zz-noisy" / MODULE / "python-for-data.ipynb").read_text()
    assert "mean_mass_kg" in source and "print('called', file=sys.stderr)" in source
    result = grade(Course(root), MODULE, ["zz-noisy", "zz-partial"])
    assert not result.failed, result.failed
    points = {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"]) for c in source_nb(root).cells
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    with Course(root).gradebook() as gb:
        for grade_id, full in points.items():
            noisy = gb.find_grade(grade_id, "python-for-data", MODULE, "zz-noisy").score
            assert noisy == full, f"{grade_id}: stderr or a warning cost points ({noisy} != {full})"
            partial = gb.find_grade(grade_id, "python-for-data", MODULE, "zz-partial").score
            assert partial == (full / 2 if grade_id == "q09_scatter" else full), (grade_id, partial)


def _page_text(page) -> str:
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]+>", "", page.read_text()))


def _notebook_text(path) -> str:
    return "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                     for c in json.loads(path.read_text())["cells"])


def test_feedback_holds_no_line_of_the_hidden_checks_or_variants(graded_class):
    from curriculum.instructor.authoring.instructor_files import load_instructor_file

    root, _ = graded_class
    found_own_code = 0
    # public text (the learner has it anyway): the public checks' messages and hints
    public = "\n".join(p.read_text() for p in (REPO / "curriculum" / "learner" / "exercises").rglob("*.py"))
    for module, notebook, _ in class_plan(root):
        files = [REPO / "source" / module / name for name in ("hidden_checks.py", "variants.py")]
        lines = {line.strip() for f in files for line in f.read_text().splitlines()}
        variants = load_instructor_file(root, module, "variants").VARIANTS
        for v in variants.values():  # the code inside the variants' strings, as a learner would type it
            for code in [*v["alternatives"], *(c for c, _ in v["mistakes"])]:
                lines |= {line.strip() for line in code.splitlines()}
        lines = {line for line in lines if len(line) > 20}
        released = _notebook_text(next((root / "release" / module).glob("*.ipynb")))
        pages = sorted((root / "feedback").glob(f"*/{module}/*.html"))
        assert pages, module
        for page in pages:
            student = page.parent.parent.name
            own = _notebook_text(root / "submitted" / student / module / f"{notebook}.ipynb")
            text = _page_text(page)
            found_own_code += sum(1 for line in lines if line in own and line in text)
            leaked = [line for line in lines if line in text and line not in own and line not in released
                      and line not in public]
            assert not leaked, f"{page} shows instructor-only lines: {leaked[:3]}"
    assert found_own_code > 50  # the search does find code: each learner's own variant lines are on the page


# --- what the instructor reads: reasons, stale grades, feedback skips, set-aside files -----------

def test_every_row_without_a_grade_says_why_and_what_to_run(graded_class):
    from decimal import ROUND_HALF_UP, Decimal

    root, _ = graded_class
    course = Course(root)
    waiting = root / "submitted" / "zz-waiting" / MODULE
    waiting.mkdir(parents=True)
    (waiting / "python-for-data.ipynb").write_text((root / "release" / MODULE / "python-for-data.ipynb").read_text())
    frame = export_csv(course, root / "exports" / "reasons.csv").set_index(["student", "module"])
    row = frame.loc[("zz-waiting", MODULE)]
    assert row["status"] == "submitted_not_graded" and f"curriculum grade {MODULE}" in row["reason"]
    graded = frame[frame.status == "graded"]
    for r in graded.itertuples():  # rounded half up, as a spreadsheet does
        exact = (Decimal(str(r.score)) * 100 / Decimal(str(r.max_score))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert r.percent == float(exact)
    from curriculum.instructor.grading.feedback import feedback

    result = feedback(course, MODULE, ["zz-waiting"])
    assert result.skipped == ["zz-waiting"] and not result.done and not result.ungradable
    (waiting / "python-for-data.ipynb").unlink()
    waiting.rmdir()


def test_a_failed_submission_gets_no_feedback_and_is_not_called_ungraded(graded_class):
    from curriculum.instructor.grading.feedback import feedback

    root, _ = graded_class
    course = Course(root)
    broken = root / "submitted" / "zz-unreadable" / MODULE
    broken.mkdir(parents=True)
    (broken / "python-for-data.ipynb").write_bytes(b"\x00\x01 not json")
    assert grade(course, MODULE, ["zz-unreadable"]).failed
    result = feedback(course, MODULE, ["zz-unreadable"])
    assert result.ungradable == ["zz-unreadable"] and not result.skipped and not result.done


def test_grades_from_an_earlier_release_are_marked_until_regraded(graded_class):
    from curriculum.instructor.grading import records
    from curriculum.instructor.grading.report import STALE

    root, _ = graded_class
    course = Course(root)
    record = records.read(course, MODULE, "learner-001")
    kept = record.grader_version
    record.grader_version = "the grader of an earlier release"
    records.write(course, record)
    try:
        frame = export_csv(course, root / "exports" / "stale.csv").set_index(["student", "module"])
        row = frame.loc[("learner-001", MODULE)]
        assert row["status"] == "graded" and row["reason"].startswith(STALE)  # the grade stands until regraded
        assert f"curriculum grade {MODULE}" in row["reason"]
        out = CliRunner().invoke(app, ["--course", str(root), "status"]).output
        assert " ~" in out and f"`curriculum grade {MODULE}` regrades them" in out
    finally:
        record.grader_version = kept
        records.write(course, record)
    fresh = export_csv(course, root / "exports" / "fresh.csv").set_index(["student", "module"])
    assert not str(fresh.loc[("learner-001", MODULE), "reason"]).startswith(STALE)


def test_status_counts_the_files_collect_set_aside(graded_class):
    root, _ = graded_class
    aside = root / "submitted-set-aside" / MODULE
    aside.mkdir(parents=True, exist_ok=True)
    (aside / "report.pdf").write_bytes(b"%PDF")
    try:
        out = CliRunner().invoke(app, ["--course", str(root), "status"]).output
        assert "set aside:" in out and "matched no learner or notebook" in out and str(aside) in out.replace("\n", "")
    finally:
        (aside / "report.pdf").unlink()


# --- the instructor's report ---------------------------------------------------------------------

PLANTED = "=HYPERLINK(\"http://example.invalid\")<script>alert('report')</script>"


@pytest.fixture(scope="module")
def class_report(graded_class, tmp_path_factory):
    """The report of the demo class, with a message quoting hostile learner text planted in one graded
    notebook (the judge quotes a learner's data in some messages); the notebook is put back after."""
    from curriculum.instructor.reports.page import write_report

    root, _ = graded_class
    path, original = _plant_message(root)
    try:
        page = write_report(Course(root), tmp_path_factory.mktemp("report") / "report")
    finally:
        path.write_text(original)
    return root, page


def _plant_message(root):
    """Replace the messages of a cheat's first incorrect test cell with PLANTED (the plan expects no
    message of a cheat, so the counts of the planned mistakes stay as planned)."""
    for path in sorted((root / "autograded").glob(f"cheat-*/{MODULE}/*.ipynb")):
        original = path.read_text()
        nb = json.loads(original)
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                lines = output.get("traceback") or []
                if lines and lines[0].startswith("[INCORRECT] "):
                    output["traceback"] = [lines[0], PLANTED]
                    path.write_text(json.dumps(nb))
                    return path, original
    raise AssertionError("no incorrect test cell in the demo class")


def _csv(page, name) -> pd.DataFrame:
    return pd.read_csv(page.parent / name, keep_default_na=True)


def test_report_has_every_module_with_the_exports_pass_rate(class_report):
    from curriculum.instructor.grading.report import table

    root, page = class_report
    export = table(Course(root))
    modules = _csv(page, "modules.csv").set_index("module")
    for module in MODULES:
        graded = export[(export.module == module) & (export.status == "graded")]
        assert len(graded), module
        expected = sum(1 for v in graded.passed if v is True or v == True) / len(graded)  # noqa: E712
        assert modules.loc[module, "graded"] == len(graded)
        assert modules.loc[module, "pass_rate"] == pytest.approx(expected, abs=1e-4), module
    assert {"index.html", "modules.csv", "exercises.csv", "messages.csv", "learners.csv"} <= \
        {p.name for p in page.parent.iterdir()}


def test_report_counts_the_declared_messages_of_the_planned_mistakes(class_report):
    """Each planned mistake's words (what its feedback must say) are counted for at least as many
    learners as made it: in a declared message's row, or, when the judge's message was built from the
    answer, in a row of its own first line."""
    root, page = class_report
    found = _csv(page, "messages.csv")
    named_ok = 0
    for module, _, learners in class_plan(root):
        planned: dict[tuple[str, str], int] = {}
        for learner in learners:
            for grade_id, words in learner.messages.items():
                planned[(grade_id, words)] = planned.get((grade_id, words), 0) + 1
        for (grade_id, words), count in planned.items():
            rows = list(found[(found.module == module) & (found.grade_id == grade_id)].itertuples())
            named = sum(r.count for r in rows if r.kind != "other" and words in r.message)
            if named >= count:
                named_ok += 1
            else:  # built from the answer: counted by its first line, which may not hold the words
                assert any(r.kind == "other" for r in rows), f"{module} {grade_id}: {words!r} not counted"
    assert named_ok >= 10
    first = found[(found.grade_id == "q01_predict_mean") & found.message.str.contains("treats the missing value")]
    assert len(first) == 1 and first.iloc[0]["kind"] == "misconception" and first.iloc[0]["where"] == "public"


def test_report_counts_the_stub_as_not_attempted_and_flags_what_most_fail(class_report):
    from curriculum.instructor.reports.items import FLAG_BELOW, FLAG_MIN

    root, page = class_report
    exercises = _csv(page, "exercises.csv")
    for module, _, learners in class_plan(root):
        rows = exercises[(exercises.module == module) & (exercises.kind == "code")]
        assert len(rows), module
        for row in rows.itertuples():
            stubs = sum(learner.choices.get(row.grade_id) == "stub" for learner in learners)
            assert stubs >= 1 and row.not_attempted >= stubs, (module, row.grade_id)  # learner-002 at least
    decided = exercises.graded - exercises.waiting
    most_fail = (decided >= FLAG_MIN) & (exercises.full_points < FLAG_BELOW * decided)
    assert list(exercises.flagged) == list(most_fail) and most_fail.any()


def test_report_escapes_learner_text_and_neutralises_formulas(class_report):
    _, page = class_report
    html = page.read_text()
    assert "<script" not in html and "&lt;script&gt;alert(" in html
    planted = _csv(page, "messages.csv")
    planted = planted[planted.message.str.contains("HYPERLINK", regex=False)]
    assert len(planted) == 1 and planted.iloc[0].message.startswith("'=HYPERLINK")


def test_report_figures_have_titles_axis_labels_and_alt_text(class_report):
    from curriculum.instructor.reports.page import all_charts, build_charts, gather

    root, page = class_report
    found = gather(Course(root))
    charts = all_charts(build_charts(found["modules"], found["scores"], found["exercises"], found["learners"]))
    graded = (_csv(page, "modules.csv").graded > 0).sum()
    assert graded >= len(MODULES) and len(charts) == 2 + 2 * graded  # pass rates, tracks; 2 per graded module
    for chart in charts:
        ax = chart.figure.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel(), chart.name
    html = page.read_text()
    assert html.count("<img ") == len(charts) and html.count(' alt="') == len(charts)


def test_report_names_what_remains_for_a_learner_who_has_not_passed(class_report):
    import re

    _, page = class_report
    learners = _csv(page, "learners.csv")
    stub = learners[learners.student == "learner-002"]
    plan = load_syllabus()
    assert set(stub.track) == set(plan.tracks)
    for row in stub.itertuples():
        assert row.state != "passed" and row.modules_passed == 0
        for module in plan.tracks[row.track]:
            assert f"{module}: " in row.remaining, (row.track, module)
    html = page.read_text()
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">learner-002</th>(.*?)</tr>", html, re.S)
    assert len(rows) == len(plan.tracks)
    for cells in rows:
        states = re.findall(r'class="state state-([\w-]+)" data-module="([^"]+)"', cells)
        assert states and all(state != "passed" for state, _ in states)


def test_report_command_writes_where_it_is_told(graded_class, tmp_path):
    root, _ = graded_class
    result = CliRunner().invoke(app, ["--course", str(root), "report", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").exists() and "wrote the report" in result.output


# --- the demo's certificates ---

def test_the_demo_certifies_exactly_the_learners_who_passed_the_decision_maker_track(graded_class):
    from curriculum.instructor.grading.tracks import standings

    root, result = graded_class
    course = Course(root)
    assert "stood in for the person who grades written answers" in result.output
    found = {s.student: s for s in standings(course, tracks=["decision-maker"])}
    passed = {student for student, s in found.items() if s.state == "passed"}
    assert {"learner-001", "learner-003"} <= passed  # the reference and the alternative take both modules
    assert "learner-002" not in passed and not any(s.startswith("cheat") for s in passed)
    issued = json.loads((root / "certificates" / "issued.json").read_text())
    assert {slot.split("/", 1)[1] for slot in issued if slot.startswith("decision-maker/")} == passed
    signed = sorted((root / "certificates" / "decision-maker").glob("*.jwt"))
    assert len(signed) == len(passed) and all(p.with_suffix(".html").is_file() for p in signed)
    for path in signed:
        out = CliRunner().invoke(app, ["--course", str(root), "verify", str(path)])
        assert out.exit_code == 0 and out.output.rstrip().endswith("VALID"), out.output
    assert "Decision-maker track: " in CliRunner().invoke(app, ["--course", str(root), "status"]).output
    again = CliRunner().invoke(app, ["--course", str(root), "certify", "decision-maker"])
    assert again.exit_code == 0 and "0 certificate(s) issued" in again.output, again.output
    assert (root / "reports" / "index.html").is_file()  # the demo ends with the instructor's report


def test_a_learner_a_written_answer_holds_back_is_not_certified(graded_class):
    """Outside the Decision-maker track's learners, written answers still wait for a person."""
    root, _ = graded_class
    course = Course(root)
    with course.gradebook() as gb:
        waiting = {sub.student.id for sub in gb.find_assignment(MODULE).submissions if sub.needs_manual_grade}
    issued = json.loads((root / "certificates" / "issued.json").read_text())
    assert waiting and not waiting & {slot.split("/", 1)[1] for slot in issued}
