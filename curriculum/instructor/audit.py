"""The learner-side audit of a module, graded through the real pipeline (AUTHORING.md, step 4).

An auditor who has only the released notebook writes, per exercise, alternative correct answers and
realistic mistakes (a JSON list of {"grade_id", "kind": "alternative" | "mistake", "code", "why"}).
Each case becomes one learner's notebook (the reference everywhere else, the case in its exercise's
answer cell), and the class is graded as any class is: collected into a scratch copy of the course,
run in the sandbox, judged, recorded. The table says, per case, the score and the message the
learner read, and whether the grader got it right: an alternative at full points, a mistake below.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, build_submission
from curriculum.instructor.grading.parallel import grade_parallel
from curriculum.instructor.release import release
from curriculum.instructor.untrusted import shown

KINDS = ("alternative", "mistake")


class AuditError(ValueError):
    """The cases file is not a list of audit cases."""


@dataclass
class Case:
    grade_id: str
    kind: str
    code: str
    why: str = ""
    score: float | None = None
    max_score: float | None = None
    message: str = ""

    @property
    def as_expected(self) -> bool:
        if self.score is None or not self.max_score:
            return False
        full = self.score >= self.max_score - 1e-9
        return full if self.kind == "alternative" else not full


def read_cases(path: Path) -> list[Case]:
    """The cases of an auditor's JSON file, checked for shape."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise AuditError(f"{path}: cannot read the cases ({exc})") from exc
    if not isinstance(data, list):
        raise AuditError(f"{path}: expected a JSON list of cases")
    cases = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or item.get("kind") not in KINDS or not isinstance(item.get("code"), str):
            raise AuditError(f"{path}: case {i} needs grade_id, kind (alternative or mistake) and code")
        cases.append(Case(str(item["grade_id"]), item["kind"], item["code"], str(item.get("why", ""))))
    return cases


def _scratch_course(root: Path, folder: Path) -> Course:
    for name in ("source", "release"):
        shutil.copytree(root / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "nbgrader_config.py", folder / "nbgrader_config.py")
    (folder / "autograded").mkdir()
    return Course(folder)


def _message(course: Course, student: str, module: str, grade_id: str) -> str:
    for path in course.path("autograded", student, module).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                texts = [o.get("text", "") or "\n".join(o.get("traceback", [])) for o in cell.get("outputs", [])]
                return shown(" ".join(" ".join(texts).split()), limit=400)
    return ""


def run(course: Course, module: str, cases: list[Case], workers: int = 2) -> list[Case]:
    """Grade every case as its own learner in a scratch copy of the course; fill in scores and messages."""
    variants = getattr(load_instructor_file(course.root, module, "variants"), "VARIANTS", {})
    with tempfile.TemporaryDirectory(prefix="curriculum-audit-") as tmp:
        scratch = _scratch_course(course.root, Path(tmp) / "course")
        release(scratch, [module])
        students = []
        for i, case in enumerate(cases):
            student = f"audit-{i:03d}"
            learner = Learner(student, choices={g: "reference" for g in variants})
            nb = build_submission(scratch, module, learner, variants)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{case.grade_id}_answer":
                    cell.source = case.code
            folder = scratch.path("submitted", student, module)
            folder.mkdir(parents=True)
            name = next(scratch.path("release", module).glob("*.ipynb")).name
            nbformat.write(nb, folder / name)
            students.append(student)
        grade_parallel(scratch, module, students, workers=workers)
        with scratch.gradebook() as gb:
            for student, case in zip(students, cases):
                notebook = next(scratch.path("release", module).glob("*.ipynb")).stem
                try:
                    found = gb.find_grade(case.grade_id, notebook, module, student)
                    case.score, case.max_score = float(found.score), float(found.max_score)
                except Exception:  # noqa: BLE001 - not graded (the submission failed): shown as such
                    case.score, case.max_score = None, None
                case.message = _message(scratch, student, module, case.grade_id)
    return cases


def table(module: str, cases: list[Case], cases_file: str) -> str:
    """The audit as markdown: totals first, then one row per case."""
    alternatives = [c for c in cases if c.kind == "alternative"]
    mistakes = [c for c in cases if c.kind == "mistake"]
    full = sum(c.as_expected for c in alternatives)
    caught = sum(c.as_expected for c in mistakes)
    cell = lambda text: text.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    rows = [f"# Learner audit: {module}", "",
            "An auditor who had only the released notebook wrote these cases; each was graded through the "
            f"real pipeline (`curriculum audit {module} {cases_file}`).", "",
            f"- alternative correct answers at full points: **{full} of {len(alternatives)}**",
            f"- realistic mistakes that lost points: **{caught} of {len(mistakes)}**", "",
            "| exercise | case | score | as it should be | why (the auditor's words) | message the learner read |",
            "|---|---|---|---|---|---|"]
    for c in cases:
        score = "not graded" if c.score is None else f"{c.score:g} / {c.max_score:g}"
        verdict = "yes" if c.as_expected else "**no**"
        rows.append(f"| {c.grade_id} | {c.kind} | {score} | {verdict} | {cell(c.why)} | {cell(c.message)} |")
    return "\n".join(rows) + "\n"
