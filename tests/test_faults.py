"""The fault suite: broken, odd or repeated submissions, each with a clear message and a record.

Honest work must never be silently zeroed: a notebook saved by another editor, in nbformat 3, with
a renamed file, duplicated or deleted cells or huge outputs is still graded, and the record says
what was repaired. Files that cannot be graded fail with a reason that names the file.
"""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta

import nbformat
import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, build_submission
from curriculum.instructor.grading import records
from curriculum.instructor.grading.collect import collect
from curriculum.instructor.grading.parallel import grade
from curriculum.instructor.grading.report import export_csv
from curriculum.instructor.release import release

from .conftest import MODULE, autograded_points, doc_table, make_course_copy, table_cells

NOTEBOOK = "python-for-data.ipynb"
FULL = autograded_points(MODULE)  # every autograded point of module 00
DUE = datetime(2026, 11, 20, 12, 0, 0)


def _reference(course, variants):
    return build_submission(course, MODULE, Learner("x", choices={g: "reference" for g in variants}), variants)


def _ids(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]


def _faults(course, variants) -> dict[str, bytes | nbformat.NotebookNode]:
    good = _reference(course, variants)
    text = nbformat.writes(good)
    stripped = nbformat.reads(text, as_version=4)
    for cell in stripped.cells:
        cell.metadata.pop("nbgrader", None)
    deleted = nbformat.reads(text, as_version=4)
    ids = _ids(deleted)
    del deleted.cells[ids.index("q05_group")]
    del deleted.cells[ids.index("q04_filter_answer")]
    duplicated = nbformat.reads(text, as_version=4)
    index = _ids(duplicated).index("q03_missing")
    duplicated.cells[index + 1:index + 1] = [nbformat.from_dict(json.loads(json.dumps(c)))
                                             for c in duplicated.cells[index - 1:index + 1]]
    huge = nbformat.reads(text, as_version=4)
    huge.cells[0].setdefault("outputs", [])
    code = next(c for c in huge.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * 50_000_000)]
    return {
        "malformed-json": text[: len(text) // 2].encode(),
        "nbformat-v3": nbformat.writes(nbformat.convert(nbformat.reads(text, as_version=4), 3)).encode(),
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "metadata-stripped": stripped,
        "deleted-cells": deleted,
        "duplicated-cells": duplicated,
        "huge-outputs": huge,
        "late": nbformat.reads(text, as_version=4),
    }


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    root = make_course_copy(tmp / "course")
    course = Course(root)
    release(course, [MODULE])
    with course.gradebook() as gb:
        gb.update_or_create_assignment(MODULE, duedate=DUE)
    variants = load_instructor_file(root, MODULE, "variants").VARIANTS
    faults = _faults(course, variants)
    for name, content in faults.items():
        folder = course.path("submitted", f"fault-{name}", MODULE)
        folder.mkdir(parents=True)
        data = content if isinstance(content, bytes) else nbformat.writes(content).encode()
        (folder / NOTEBOOK).write_bytes(data)
        stamp = DUE + (timedelta(hours=2) if name == "late" else -timedelta(hours=1))
        (folder / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    # through an LMS zip: a renamed file, and a learner who submitted twice (the newer counts)
    mistakes = build_submission(course, MODULE, Learner("y", choices={g: "mistake0" for g in variants}), variants)
    archive = tmp / "lms.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("fault-renamed_2026-11-20-09-00-00_python-for-data (1).ipynb",
                    nbformat.writes(_reference(course, variants)))
        zf.writestr("fault-repeated_2026-11-20-08-00-00_python-for-data.ipynb", nbformat.writes(mistakes))
        zf.writestr("fault-repeated_2026-11-20-10-00-00_python-for-data.ipynb",
                    nbformat.writes(_reference(course, variants)))
    report = collect(course, archive, MODULE)
    students = sorted(f"fault-{n}" for n in [*faults, "renamed", "repeated"])
    result = grade(course, MODULE, students)
    frame = export_csv(course, root / "exports" / "faults.csv").set_index("student")
    return {"course": course, "report": report, "result": result, "frame": frame}


def _record(faulty, name):
    return records.read(faulty["course"], MODULE, f"fault-{name}")


def _score(faulty, name):
    with faulty["course"].gradebook() as gb:
        return gb.find_submission(MODULE, f"fault-{name}").score


@pytest.mark.parametrize("name,words", [
    ("malformed-json", "python-for-data.ipynb is not valid JSON"),
    ("empty", "python-for-data.ipynb is empty"),
    ("binary", "python-for-data.ipynb is a binary file"),
])
def test_unreadable_files_fail_with_a_reason_naming_the_file(faulty, name, words):
    record = _record(faulty, name)
    assert record.status == "failed" and words in record.reason
    row = faulty["frame"].loc[f"fault-{name}"]
    assert row["status"] == "failed" and words in row["reason"]


@pytest.mark.parametrize("name,words", [
    ("nbformat-v3", "nbformat 3"),
    ("metadata-stripped", "lost its grading metadata"),
    ("huge-outputs", "MB of saved outputs"),
    ("renamed", "python-for-data (1).ipynb"),
    ("late", "late: python-for-data.ipynb submitted 2.0 h after the due date"),
])
def test_honest_work_is_graded_in_full(faulty, name, words):
    record = _record(faulty, name)
    assert record.status == "graded", record.reason
    assert _score(faulty, name) == FULL
    assert words in record.reason


def test_renamed_file_is_reported_and_taken(faulty):
    assert ("fault-renamed_2026-11-20-09-00-00_python-for-data (1).ipynb", NOTEBOOK) in faulty["report"].renamed


def test_deleted_cells_lose_only_their_own_points(faulty):
    record = _record(faulty, "deleted-cells")
    assert record.status == "graded"
    assert _score(faulty, "deleted-cells") == FULL - 2  # q04's answer is gone; q05's test came back
    assert "missing and were restored" in record.reason


def test_duplicated_cells_count_once(faulty):
    record = _record(faulty, "duplicated-cells")
    assert _score(faulty, "duplicated-cells") == FULL
    assert "appears more than once" in record.reason


def test_repeated_submissions_keep_the_newest(faulty):
    superseded = dict(faulty["report"].superseded)
    assert "fault-repeated_2026-11-20-08-00-00_python-for-data.ipynb" in superseded
    assert _score(faulty, "repeated") == FULL
    assert "superseded" in _record(faulty, "repeated").reason


FAULTS = ["malformed-json", "nbformat-v3", "empty", "binary", "metadata-stripped", "deleted-cells",
          "duplicated-cells", "huge-outputs", "late", "renamed", "repeated"]


@pytest.mark.parametrize("name", FAULTS)
def test_every_fault_has_a_recorded_outcome_naming_the_file(faulty, name):
    record = _record(faulty, name)
    assert record.status in ("graded", "failed") and NOTEBOOK.split(".")[0] in record.reason
    assert faulty["frame"].loc[f"fault-{name}", "status"] == record.status


def test_a_rerun_skips_repaired_submissions_and_keeps_what_was_repaired(faulty):
    """Intake rewrote these files; a rerun must not take the repair for a new submission."""
    course = faulty["course"]
    students = [f"fault-{n}" for n in FAULTS]
    before = {s: records.read(course, MODULE, s).reason for s in students}
    again = grade(course, MODULE, students)
    assert sorted(again.skipped) == sorted(students)
    for name in ("nbformat-v3", "metadata-stripped", "huge-outputs"):  # a new grader version regrades ...
        record = records.read(course, MODULE, f"fault-{name}")
        record.grader_version = "an older grader"
        records.write(course, record)
    grade(course, MODULE, students)
    after = {s: records.read(course, MODULE, s).reason for s in students}
    assert after == before  # ... and still says what intake repaired the first time
    assert _score(faulty, "nbformat-v3") == FULL


def test_no_fault_stops_the_batch(faulty):
    result = faulty["result"]
    assert len(result.done) + len(result.failed) == 11
    assert len(result.failed) == 3


def test_outcome_table(faulty):
    """The table in docs/grading-trust.md: run `pytest tests/test_faults.py -s -k outcome_table` to print it."""
    lines = ["| fault | outcome | score | recorded reason |", "|---|---|---|---|"]
    for student, row in faulty["frame"].sort_index().iterrows():
        if row["module"] == MODULE:
            score = "-" if row["score"] != row["score"] else f"{row['score']:g}/{row['max_score']:g}"
            lines.append(f"| {student[6:]} | {row['status']} | {score} | {str(row['reason'])[:250]} |")
    print("\n".join(lines))
    shown = [row[:3] for row in doc_table("| fault |")]
    assert shown == [table_cells(line)[:3] for line in lines[2:]], \
        "docs/grading-trust.md's faults table is out of date: paste what this test prints (-s)"


def test_an_oversized_notebook_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """A file far larger than any course notebook is named and refused without reading it as JSON."""
    from curriculum.instructor.grading import intake

    path = tmp_path / "python-for-data.ipynb"
    path.write_text(json.dumps({"cells": [], "padding": "x" * 5000}))
    monkeypatch.setattr(intake, "MAX_NOTEBOOK_BYTES", 1000)
    monkeypatch.setattr(intake.json, "loads", lambda *a, **k: pytest.fail("parsed an oversized file"))
    with pytest.raises(intake.Unreadable, match=r"python-for-data.ipynb is .* Clear Outputs"):
        intake._load(path)
