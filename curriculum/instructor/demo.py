"""A simulated class: build submissions from the graded variants, then run the whole cycle.

Each learner's notebook is built deterministically from the released stub, the reference solution,
the alternative correct solutions and the common mistakes in source/<module>/variants.py. Three
learners also try the cheats that fool stock nbgrader. Every (learner, exercise) pair has a known
expected score, so the demo doubles as an end-to-end test of the exercises and the grader.
"""
from __future__ import annotations

import random
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import nbformat

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course

SOLUTION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)

#: The right answer to module 00's first exercise; every cheat's value converts to it (float(v) == 7.0),
#: so a grader that trusted the cheat or coerced the value would give the points.
CHEAT_TARGET = 7.0

CHEATS = {
    # An object equal to everything: stock tests that compare with == give it the points.
    "cheat-always-equal": (
        "class AlwaysEqual(float):\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    __hash__ = float.__hash__\n"
        "predicted_mean = AlwaysEqual(7.0)\n"
    ),
    # Patched testing helpers: stock tests built on them pass whatever the answer (here, text).
    "cheat-patched-testing": (
        "import numpy.testing, pandas.testing\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "numpy.testing.assert_array_equal = lambda *a, **k: None\n"
        "pandas.testing.assert_frame_equal = lambda *a, **k: None\n"
        "predicted_mean = '7.0'\n"
    ),
    # An IPython input transformer that turns every later cell, tests included, into `pass`.
    "cheat-input-transformer": (
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n"
        "predicted_mean = '7'\n"
    ),
}

#: The stock, in-kernel test each cheat is built to fool (tests/test_pipeline.py runs it as a control).
NAIVE_TESTS = {
    "cheat-always-equal": f"assert predicted_mean == {CHEAT_TARGET}",
    "cheat-patched-testing": f"import numpy.testing\nnumpy.testing.assert_allclose(predicted_mean, {CHEAT_TARGET})",
    "cheat-input-transformer": f"assert predicted_mean == {CHEAT_TARGET}",
}


@dataclass
class Learner:
    """One simulated learner: which variant they hand in for each exercise, and what it must score."""

    student: str
    choices: dict[str, str] = field(default_factory=dict)  # grade_id -> reference/alternative/mistake/stub/cheat
    expected: dict[str, float] = field(default_factory=dict)  # grade_id -> expected autograded points
    messages: dict[str, str] = field(default_factory=dict)  # grade_id -> words the feedback must contain
    late_copy: bool = False
    writes_answer: bool = False  # whether the learner writes the hand-graded answer


def _answer_cells(nb) -> list:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_answer")]


def _points(nb) -> dict[str, float]:
    return {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"]) for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


def reference_code(source_nb) -> dict[str, str]:
    """grade_id -> the reference solution's code, without the solution markers."""
    return {c.metadata.nbgrader["grade_id"][: -len("_answer")]: SOLUTION.sub("", c.source).strip("\n")
            for c in _answer_cells(source_nb)}


#: The cheats target module 00's first exercise (`predicted_mean`); the attack suite covers the rest.
CHEAT_MODULE = "00-python-for-data"


def cohort_size(size: int, position: int, n_fixed: int) -> int:
    """How many of the class have reached the module at `position`: all for the first, fewer later.

    A class in progress thins out module by module; the first `n_fixed` learners always take part,
    so that every reference, stub, alternative and mistake is graded in every module.
    """
    return size if position == 0 else min(size, max(n_fixed, round(size / (1 + position))))


def plan_class(course: Course, module: str, size: int = 32, seed: int = 2026,
               position: int = 0, mistakes: int | None = None) -> tuple[list[Learner], dict]:
    """Decide each learner's answer to each exercise, and the score it must earn.

    The fixed learners make every listed mistake of every exercise, one learner per mistake: with
    `mistakes` set, only each exercise's first `mistakes` (a quicker class; the in-process tests still
    judge every mistake)."""
    variants = getattr(load_instructor_file(course.root, module, "variants"), "VARIANTS", {})
    source_nb = _source_notebook(course, module)
    points = _points(source_nb)
    exercises = list(reference_code(source_nb))
    rng = random.Random(f"{seed}-{module}")
    learners: list[Learner] = []
    n_mistakes = max((len(v.get("mistakes", [])) for v in variants.values()), default=0)
    n_mistakes = n_mistakes if mistakes is None else min(n_mistakes, mistakes)
    fixed = ["reference", "stub", "alternative"] + [f"mistake{k}" for k in range(n_mistakes)]
    for i in range(cohort_size(size, position, len(fixed))):
        learner = Learner(f"learner-{i + 1:03d}")
        skill = rng.uniform(0.25, 0.98)
        for ex in exercises:
            v = variants.get(ex, {})
            if i < len(fixed):
                choice = fixed[i]
                if choice.startswith("mistake") and not v.get("mistakes"):
                    choice = "stub"
            else:
                roll = rng.random()
                choice = ("reference" if roll < skill * 0.6 else "alternative" if roll < skill
                          else rng.choice(["stub"] + [f"mistake{k}" for k in range(len(v.get("mistakes", [])))]))
            if choice.startswith("mistake"):
                choice = f"mistake{int(choice[7:]) % len(v['mistakes'])}"
            if choice == "alternative" and not v.get("alternatives"):
                choice = "reference"
            learner.choices[ex] = choice
            good = choice in ("reference", "alternative")
            learner.expected[ex] = points.get(ex, 0.0) if good else 0.0
            if choice.startswith("mistake"):
                learner.messages[ex] = v["mistakes"][int(choice[7:])][1]
        learner.writes_answer = i == 0 or (i >= len(fixed) and skill > 0.5)
        learner.late_copy = i == size - 1  # this learner submits twice; the newer copy counts
        learners.append(learner)
    for name in CHEATS if module == CHEAT_MODULE else ():
        learner = Learner(name)
        for ex in exercises:
            has_mistake = bool(variants.get(ex, {}).get("mistakes"))
            learner.choices[ex] = "cheat" if ex == exercises[0] else "mistake0" if has_mistake else "stub"
            learner.expected[ex] = 0.0
        learners.append(learner)
    return learners, variants


def _source_notebook(course: Course, module: str):
    paths = sorted(course.path("source", module).glob("*.ipynb"))
    return nbformat.read(paths[0], as_version=4)


def build_submission(course: Course, module: str, learner: Learner, variants: dict):
    """The learner's notebook: the released stub with the chosen answer in each answer cell."""
    released = nbformat.read(sorted(course.path("release", module).glob("*.ipynb"))[0], as_version=4)
    reference = reference_code(_source_notebook(course, module))
    written = {c.metadata.nbgrader["grade_id"]: c.source for c in _source_notebook(course, module).cells
               if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")}
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_answer"):
            ex = grade_id[: -len("_answer")]
            choice = learner.choices.get(ex, "stub")
            if choice == "reference":
                cell.source = reference[ex]
            elif choice == "alternative":
                cell.source = variants[ex]["alternatives"][0]
            elif choice.startswith("mistake"):
                cell.source = variants[ex]["mistakes"][int(choice[7:])][0]
            elif choice == "cheat":
                cell.source = CHEATS[learner.student]
        elif grade_id in written and learner.writes_answer:
            cell.source = SOLUTION.sub("", written[grade_id]).strip("\n")
    return released


def write_lms_zip(course: Course, module: str, learners: list[Learner], variants: dict, path: Path) -> Path:
    """Pack the class as an LMS export: <student>_<timestamp>_<notebook>.ipynb, plus one stray file."""
    notebook = sorted(course.path("release", module).glob("*.ipynb"))[0].stem
    start = datetime(2026, 11, 20, 9, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, learner in enumerate(learners):
            stamp = (start + timedelta(minutes=7 * i)).strftime("%Y-%m-%d-%H-%M-%S")
            nb = build_submission(course, module, learner, variants)
            if learner.late_copy:  # an earlier, empty attempt that the newer one must replace
                empty = nbformat.read(sorted(course.path("release", module).glob("*.ipynb"))[0], as_version=4)
                archive.writestr(f"{learner.student}_2026-11-19-08-00-00_{notebook}.ipynb", nbformat.writes(empty))
            archive.writestr(f"{learner.student}_{stamp}_{notebook}.ipynb", nbformat.writes(nb))
        archive.writestr("notes from the LMS.txt", "This file is not a submission.\n")
    return path


def write_submissions(course: Course, module: str, learners: list[Learner], variants: dict) -> list[str]:
    """Put each learner's notebook straight into submitted/<student>/<module>/ (no LMS zip)."""
    name = sorted(course.path("release", module).glob("*.ipynb"))[0].name
    for learner in learners:
        folder = course.path("submitted", learner.student, module)
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(build_submission(course, module, learner, variants), folder / name)
    return [learner.student for learner in learners]


@dataclass
class DemoRun:
    """The outcome of a simulated class: planned scores, what differs from the plan, failures, cheats."""

    expected: dict[tuple[str, str], float]
    wrong: list[str]
    failed: int
    cheats: float
    seconds: float = 0.0

    def summary(self, course: Course) -> list[str]:
        """The closing lines of the demo: scores against the plan, where the results are, mismatches."""
        lines = [f"submissions {len(self.expected)}, failed to grade {self.failed}; scores matching the plan: "
                 f"{len(self.expected) - len(self.wrong)}/{len(self.expected)}; cheaters' points: {self.cheats:g}",
                 f"results: gradebook {course.path('gradebook.db')}, feedback {course.path('feedback')}, "
                 f"grades {course.path('exports', 'grades.csv')}  ({self.seconds:.0f} s)"]
        return lines + ([f"[bold]Mismatch[/bold] for: {', '.join(self.wrong)}"] if self.wrong else [])


def run_class(course: Course, modules: list[str], size: int, workers: int, say, progress,
              mistakes: int | None = None) -> DemoRun:
    """Release, then per module: plan, pack an LMS zip, collect, grade, write feedback; then the written
    answers that stand between learners and the Decision-maker certificate (demo_finish), the
    certificates, the export and the instructor's report.

    `say` prints a line and `progress(label, total)` is a context manager yielding `tick(who)`.
    """
    from curriculum.instructor.demo_finish import finish
    from curriculum.instructor.grading.collect import collect as do_collect
    from curriculum.instructor.grading.feedback import feedback as do_feedback
    from curriculum.instructor.grading.parallel import grade_parallel
    from curriculum.instructor.grading.report import export_csv
    from curriculum.instructor.release import release as do_release
    from curriculum.instructor.reports.page import write_report

    started = time.monotonic()
    do_release(course, modules)
    say(f"released {', '.join(modules)} into {course.path('release')}")
    expected: dict[tuple[str, str], float] = {}
    plans: dict[str, list[Learner]] = {}
    failed = 0
    for position, m in enumerate(modules):
        learners, variants = plan_class(course, m, size=size, position=position, mistakes=mistakes)
        plans[m] = learners
        archive = write_lms_zip(course, m, learners, variants, course.path(".demo", f"lms-export-{m}.zip"))
        report = do_collect(course, archive, m)
        say(f"{m}: collected {len(report.collected)} submission(s) from {archive}; "
            f"set aside {len(report.set_aside)}, superseded {len(report.superseded)}")
        students = [learner.student for learner in learners]
        with progress(f"grading {m}", len(students)) as tick:
            failed += len(grade_parallel(course, m, students, workers=workers, progress=tick).failed)
        with progress(f"feedback {m}", len(students)) as tick:
            do_feedback(course, m, students, progress=tick)
        expected.update({(learner.student, m): sum(learner.expected.values()) for learner in learners})
    given, _ = finish(course, plans, say)  # a stand-in for the person who grades written answers, then certify
    for key, points in given.items():
        expected[key] += points
    frame = export_csv(course, course.path("exports", "grades.csv"))
    say(f"instructor's report: {write_report(course)} (with its CSVs beside it)")
    got = {(r.student, r.module): r.score for r in frame.itertuples()}
    wrong = sorted(f"{s} {m}" for (s, m), v in expected.items() if got.get((s, m)) != v)
    cheats = sum(v or 0 for (s, _), v in got.items() if s.startswith("cheat") and v == v)
    return DemoRun(expected, wrong, failed, cheats, time.monotonic() - started)
