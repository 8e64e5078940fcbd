"""What needs grading: the grader's version, what a hand grade depends on, shards, and pending work.

A record is finished for good only while the submission, the grader (code, checks, release,
config, data, libraries, due date) and the gradebook's copy of its grades are all as recorded.
"""
from __future__ import annotations

import hashlib
from importlib.metadata import version as package_version
from pathlib import Path

from curriculum.instructor.course import Course
from curriculum.instructor.grading import gradebook_marks, intake, records
from curriculum.instructor.grading.submission_state import decide
from curriculum.learner.data import datasets_dir

#: Libraries whose version can change a grade (how a notebook runs, how answers are judged).
GRADING_LIBRARIES = ("nbgrader", "nbclient", "ipykernel", "pandas", "numpy", "scikit-learn", "matplotlib")


def grader_version(course: Course, module: str) -> str:
    """Changes when anything that decides a grade changes: code, checks, release, config, data, libraries,
    due date."""
    package = Path(__file__).resolve().parents[2]  # the whole curriculum package
    files = [*package.rglob("*.py"), *package.glob("*.toml"), *course.path("source", module).glob("*.py"),
             *course.path("release", module).glob("*.ipynb"), course.path("nbgrader_config.py"),
             datasets_dir() / "manifest.json"]
    libraries = "|".join(f"{name}={package_version(name)}" for name in GRADING_LIBRARIES)
    return hashlib.sha256((records.digest([p for p in files if "__pycache__" not in p.parts])
                           + libraries + f"|due={_fresh_due_date(course, module)}").encode()).hexdigest()[:16]


def _fresh_due_date(course: Course, module: str):
    """The due date as the gradebook has it now (`release --due` may have moved it); intake reuses it."""
    intake.forget_due_dates()
    return intake.due_date(course, module)


def written_points(course: Course, module: str) -> str:
    """The written answers' ids and points in the release: a hand grade holds only while they stand."""
    import nbformat

    cells = [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"].get("points"))
             for path in sorted(course.path("release", module).glob("*.ipynb"))
             for c in nbformat.read(path, as_version=4).cells
             if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    return hashlib.sha256(repr(sorted(cells)).encode()).hexdigest()[:16]


def graded_as(digest: str, written: str) -> str:
    """What a full grading saw: the submission's hash and the written answers' points then."""
    return f"{digest}:{written}"


def in_shard(student: str, shard: tuple[int, int] | None) -> bool:
    """Whether `student` belongs to shard (I, N): a stable split of a class between coordinators."""
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(student.encode()).hexdigest(), 16) % count == index - 1


def pending(course: Course, module: str, students: list[str], version: str, retry_failed: bool = False) -> list[str]:
    """Students whose submission has no finished record for this submission and grader version, or
    whose grades the gradebook no longer holds as recorded (deleted, restored or replaced); with
    `retry_failed`, those whose last grading failed too."""
    marks: list[dict[str, str]] = []  # the gradebook's marks, read in one query when first needed

    def held() -> dict[str, str]:
        if not marks:
            marks.append(gradebook_marks.marks(course, module))
        return marks[0]

    todo = []
    for student in students:
        decision = decide(module, records.read(course, module, student),
                          submitted=lambda: course.path("submitted", student, module).is_dir(),
                          current_hash=lambda: records.submission_hash(course, module, student), version=version,
                          held_mark=lambda: held().get(student, ""), in_gradebook=lambda: student in held(),
                          retry_failed=retry_failed)
        if decision.must_grade:
            todo.append(student)
    return todo
