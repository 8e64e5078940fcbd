"""Authoring facts are declared once: multiple-choice checks from one helper, variants that never
re-type the reference, and a new module scaffolded by `curriculum new-module` that passes the tests."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.demo import reference_code
from curriculum.learner import syllabus
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.checks.core import Exercise, evaluate
from curriculum.learner.checks.kinds import Choice

from .conftest import REPO, source_notebook

FEEDBACK = {"a": "(a) counts, not shares", "c": "(c) is a label", "d": "(d) is the wrong column"}


def _judge(letter: str):
    exercise = Exercise("q00_pick", {"pick": Choice(options="abcd")})
    from curriculum.learner.checks.core import Raw

    return evaluate(exercise, {"pick": Raw("ok", letter)}, choice_checks("pick", "b", FEEDBACK))


def test_a_multiple_choice_question_answers_each_wrong_choice_with_its_feedback():
    assert _judge("b").status == "correct"
    for letter, words in FEEDBACK.items():
        outcome = _judge(letter)
        assert outcome.fraction == 0 and any(words in m for m in outcome.messages), (letter, outcome)


@pytest.mark.parametrize("feedback", [{"a": "x", "c": "y"}, {**FEEDBACK, "b": "the right one"}])
def test_a_multiple_choice_question_needs_feedback_for_exactly_the_wrong_choices(feedback):
    with pytest.raises(ValueError, match="exactly the wrong options"):
        choice_checks("pick", "b", feedback)


@pytest.mark.parametrize("module", [m.id for m in syllabus.load().in_source])
def test_variants_list_only_alternatives_and_mistakes_never_the_reference(module):
    """The reference is the notebook's solution cell; variants.py never types it again."""
    variants = getattr(load_instructor_file(REPO, module, "variants"), "VARIANTS", {})
    reference = reference_code(source_notebook(module))
    squash = lambda code: re.sub(r"\s+", "", code)  # noqa: E731
    for grade_id, entry in variants.items():
        assert set(entry) <= {"alternatives", "mistakes", "mistakes_alone"}, \
            f"{grade_id}: unexpected keys {sorted(entry)}"
        retyped = [a for a in entry.get("alternatives", ()) if squash(a) == squash(reference.get(grade_id, ""))]
        assert not retyped, f"{grade_id}: an alternative is the reference solution itself"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """A copy of the repository where `curriculum new-module` scaffolded the first planned module."""
    copy = tmp_path_factory.mktemp("scaffold") / "course"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("curriculum", "source", "release", "tests"):
        shutil.copytree(REPO / name, copy / name, ignore=ignore)
    for name in ("nbgrader_config.py", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, copy / name)
    (copy / "autograded").mkdir()
    module = next(m for m in syllabus.load().modules if m.status == "planned")
    env = {**os.environ, "PYTHONPATH": str(copy), "CURRICULUM_DATASETS": str(REPO / "datasets"),
           "CURRICULUM_COURSE": str(copy)}
    done = subprocess.run([sys.executable, "-m", "curriculum.instructor.cli.main", "new-module", module.id],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return SimpleNamespace(root=copy, module=module, env=env, output=done.stdout)


def test_new_module_writes_four_files_and_a_draft_syllabus_entry(scaffolded):
    written = re.findall(r"^wrote (\S+)", scaffolded.output, re.M)
    m = scaffolded.module.id
    assert written[:4] == [f"source/{m}/{m.split('-', 1)[1]}.py",
                           f"curriculum/learner/exercises/m{m.replace('-', '_')}/__init__.py",
                           f"source/{m}/hidden_checks.py", f"source/{m}/variants.py"]
    plan = syllabus.load(scaffolded.root / "curriculum" / "learner" / "syllabus.toml")
    entry = plan.module(m)
    assert entry.status == "draft" and [e.points for e in entry.exercises] == [1.0]
    assert (scaffolded.root / "release" / m).is_dir(), "new-module releases the draft"
    assert f"| {m} | {entry.title} | {entry.minutes} | draft |" in (scaffolded.root / "README.md").read_text(), \
        "new-module updates the README's course map"


def test_a_scaffolded_module_passes_the_tests(scaffolded):
    """The module's exercise tests, the content and layering tests, and nbval on its reference."""
    grade_id = syllabus.load(scaffolded.root / "curriculum" / "learner" / "syllabus.toml") \
        .module(scaffolded.module.id).exercises[0].id
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts="]
    # the tests of every module but the built ones (make test runs those): the general ones and the new module's
    others = " and ".join(f"not {m.id}" for m in syllabus.load().built)
    for selection in (["tests/test_exercises.py", "-k", grade_id],
                      ["tests/test_course_content.py", "tests/test_architecture.py", "-k", others],
                      ["--nbval-lax", f"source/{scaffolded.module.id}"]):
        done = subprocess.run(args + selection, cwd=scaffolded.root, env=scaffolded.env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert re.search(r"\d+ passed", done.stdout), done.stdout[-500:]


def test_new_module_refuses_what_is_not_planned(scaffolded):
    env = scaffolded.env
    again = subprocess.run([sys.executable, "-m", "curriculum.instructor.cli.main", "new-module",
                            scaffolded.module.id], cwd=scaffolded.root, env=env, capture_output=True, text=True)
    assert again.returncode == 2 and 'status = "draft"' in again.stdout + again.stderr
    unknown = subprocess.run([sys.executable, "-m", "curriculum.instructor.cli.main", "new-module", "42-nothing"],
                             cwd=scaffolded.root, env=env, capture_output=True, text=True)
    assert unknown.returncode == 2 and "not in the syllabus" in unknown.stdout + unknown.stderr


def test_an_audit_grades_each_case_through_the_pipeline_and_says_which_the_grader_got_wrong(tmp_path):
    """One alternative and two mistakes of module 00's q01, one of them wrongly labelled alternative:
    the table shows the scores, the learner's message, and the one case that is not as it should be."""
    from curriculum.instructor.audit import read_cases, run, table
    from curriculum.instructor.course import Course

    from .conftest import MODULE, make_course_copy

    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps([
        {"grade_id": "q01_predict_mean", "kind": "alternative", "code": "predicted_mean = 14 / 2", "why": "halves"},
        {"grade_id": "q01_predict_mean", "kind": "mistake", "code": "predicted_mean = 4.7", "why": "NaN as 0"},
        {"grade_id": "q01_predict_mean", "kind": "alternative", "code": "predicted_mean = 5.0", "why": "mislabelled"},
    ]))
    course = Course(make_course_copy(tmp_path / "course"))
    graded = run(course, MODULE, read_cases(cases_file), workers=2)
    assert [c.as_expected for c in graded] == [True, True, False]
    assert "treats the missing value as 0" in graded[1].message
    text = table(MODULE, graded, "cases.json")
    assert "**2 of 2**" not in text and "alternative correct answers at full points: **1 of 2**" in text
    assert "realistic mistakes that lost points: **1 of 1**" in text and "| **no** |" in text


@pytest.mark.parametrize("content", ["{}", '[{"grade_id": "q01", "kind": "maybe", "code": "x = 1"}]', "not json"])
def test_an_audit_refuses_a_cases_file_it_cannot_read(tmp_path, content):
    from curriculum.instructor.audit import AuditError, read_cases

    (tmp_path / "cases.json").write_text(content)
    with pytest.raises(AuditError):
        read_cases(tmp_path / "cases.json")
