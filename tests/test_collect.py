"""Collecting submissions: exact LMS timestamps, unmatched files set aside, newest copy kept."""
from __future__ import annotations

import zipfile
from datetime import datetime, timezone

import nbformat
import pytest
from nbgrader.utils import parse_utc

from curriculum.course import Course
from curriculum.grading.collect import collect, parse_lms_timestamp

from .conftest import MODULE


def test_lms_timestamp_is_exact_where_stock_parsing_fails():
    assert parse_lms_timestamp("2025-01-11-09-30-45") == datetime(2025, 1, 11, 9, 30, 45, tzinfo=timezone.utc)
    with pytest.raises(Exception):
        parse_utc("2025-01-11-09-30-45")  # what stock zip_collect does with the same text


def test_collect_zip(course_copy):
    course = Course(course_copy)
    stub = nbformat.writes(nbformat.read(next((course_copy / "release" / MODULE).glob("*.ipynb")), as_version=4))
    archive = course_copy / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_2025-01-11-09-30-45_python-for-data.ipynb", stub)
        z.writestr("ada_2025-01-10-08-00-00_python-for-data.ipynb", stub)
        z.writestr("bob_2025-01-12-10-00-00_python-for-data.ipynb", stub)
        z.writestr("bob_2025-01-12-10-00-00_other-notebook.ipynb", stub)
        z.writestr("random notes.txt", "hello")
    report = collect(course, archive, MODULE)
    assert sorted(s for s, _, _ in report.collected) == ["ada", "bob"]
    stamp = (course_copy / "submitted" / "ada" / MODULE / "timestamp.txt").read_text()
    assert parse_utc(stamp) == datetime(2025, 1, 11, 9, 30, 45)
    assert {name for name, _ in report.set_aside} == {"bob_2025-01-12-10-00-00_other-notebook.ipynb",
                                                      "random notes.txt"}
    assert (course_copy / "submitted-set-aside" / MODULE / "random notes.txt").exists()
    assert [name for name, _ in report.superseded] == ["ada_2025-01-10-08-00-00_python-for-data.ipynb"]


def test_collect_folder_per_student(course_copy):
    course = Course(course_copy)
    src = course_copy / "inbox" / "carol"
    src.mkdir(parents=True)
    (src / "python-for-data.ipynb").write_text("{}")
    report = collect(course, course_copy / "inbox", MODULE)
    assert [s for s, _, _ in report.collected] == ["carol"]
