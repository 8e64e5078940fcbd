"""`curriculum export --format canvas | moodle`: the CSV each gradebook imports, read by the rules their
documentation states, the same way as a sample written by hand from that documentation
(tests/fixtures/lms/)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from curriculum.instructor.course import Course
from curriculum.instructor.grading import lms_export
from curriculum.instructor.grading.report import Row

from .conftest import REPO

SAMPLES = REPO / "tests" / "fixtures" / "lms"


def read_canvas(path: Path) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(assignment -> points possible, SIS User ID -> assignment -> score) as Canvas reads an import:
    the five identity columns first, a "Points Possible" row, blank scores left alone."""
    with open(path, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    header = table[0]
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"], header
    assignments = header[5:]
    assert table[1][0] == "Points Possible" and table[1][1:5] == ["", "", "", ""]
    points = {a: float(p) for a, p in zip(assignments, table[1][5:])}
    scores = {row[2]: {a: float(v) for a, v in zip(assignments, row[5:]) if v != ""} for row in table[2:]}
    return points, scores


def read_moodle(path: Path) -> dict[str, dict[str, float]]:
    """ID number -> grade item column -> score, as Moodle's CSV import reads it (identify users by ID
    number; every grade column mapped to an item; blank cells skipped)."""
    with open(path, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    header = table[0]
    assert header[0] == "ID number" and all(h.endswith("(Real)") for h in header[2:]), header
    return {row[0]: {h: float(v) for h, v in zip(header[2:], row[2:]) if v != ""} for row in table[1:]}


def test_the_samples_read_as_their_documentation_says():
    points, scores = read_canvas(SAMPLES / "canvas-import.csv")
    assert points == {"Week 1 quiz": 10, "Essay": 25} and scores["s002"] == {"Week 1 quiz": 10}
    assert read_moodle(SAMPLES / "moodle-import.csv")["s001"] == {"Assignment: Week 1 quiz (Real)": 8,
                                                                "Assignment: Essay (Real)": 21.5}


@pytest.fixture
def fake_course(monkeypatch, tmp_path):
    """Three learners over two modules: graded, waiting, failed, not submitted, and a hostile id."""
    data = [Row("ada", "00-python-for-data", "graded", 13.5, 16, 84.4, True, False, ""),
            Row("ada", "01-data-prep", "graded", 20, 26, 76.9, None, True, ""),
            Row("bo", "00-python-for-data", "failed", None, 16, None, None, False, "not valid JSON"),
            Row("bo", "01-data-prep", "not_submitted", None, 26, None, None, False, ""),
            Row("=cmd|' /C calc'!A0", "00-python-for-data", "graded", 4, 16, 25.0, False, False, "")]
    monkeypatch.setattr(lms_export, "rows", lambda course: data)
    monkeypatch.setattr(lms_export, "_names", lambda course: {"ada": "Lovelace, Ada"})
    return Course.__new__(Course)


def test_canvas_export_reads_as_canvas_reads_it(fake_course, tmp_path):
    path = tmp_path / "canvas.csv"
    assert lms_export.write(fake_course, "canvas", path) == 3
    points, scores = read_canvas(path)
    assert list(points.values()) == [16, 26]
    assert [name.split(" ", 1)[0] for name in points] == ["00-python-for-data", "01-data-prep"]
    assert scores["ada"] == dict(zip(points, [13.5, 20]))
    assert scores["bo"] == {}  # failed and not submitted: blank, never 0
    text = path.read_text()
    assert '"Lovelace, Ada"' in text and "\n=cmd" not in text and ",=cmd" not in text  # no formula


def test_moodle_export_reads_as_moodle_reads_it(fake_course, tmp_path):
    path = tmp_path / "moodle.csv"
    assert lms_export.write(fake_course, "moodle", path) == 3
    grades = read_moodle(path)
    columns = list(next(iter(csv.reader(path.open())))[2:])
    assert columns[0].startswith("Assignment: 00-python-for-data") and "out of 16" in columns[0]
    assert grades["ada"] == dict(zip(columns, [13.5, 20])) and grades["bo"] == {}
    assert not any(line.startswith(("=", "+", "-", "@")) for line in path.read_text().splitlines())


def test_an_unknown_format_is_refused(fake_course):
    with pytest.raises(ValueError, match="canvas, moodle"):
        lms_export.table(fake_course, "blackboard")
