"""Every graded exercise is tested like code, in-process (no kernel) for speed and clear failures.

For each exercise: the reference solution and each alternative score full; each common mistake
fails with its message; the released stub is not attempted. The same runs end to end through
nbgrader in tests/test_pipeline.py.
"""
from __future__ import annotations

import copy
import re
import types
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from curriculum.instructor.authoring.instructor_files import hidden_checks, load_instructor_file
from curriculum.instructor.demo import reference_code
from curriculum.instructor.grading.judge import judge_exercise
from curriculum.instructor.release import CODE_STUB
from curriculum.learner import syllabus
from curriculum.learner.checks.capture import write_probes
from curriculum.learner.checks.inputs import ANSWER_CELL_FILE
from curriculum.learner.exercises import definition_file, module_exercises
from curriculum.learner.export import export_to_outbox
from curriculum.learner.syllabus import load as load_syllabus

from .conftest import REPO, setup_code, source_notebook

MODULES = [m.id for m in load_syllabus().in_source]  # drafts too: every exercise is tested

CASES = []
for _module in MODULES:
    # a missing file, entry or answer cell fails test_exercise_is_complete by name, not the collection
    _variants = getattr(load_instructor_file(REPO, _module, "variants"), "VARIANTS", {})
    _reference = reference_code(source_notebook(_module))
    for _gid in module_exercises(_module):
        _mine = _variants.get(_gid, {})
        if _gid not in _reference:
            continue
        CASES.append((_module, _gid, "reference", _reference[_gid], None))
        for _i, _code in enumerate(_mine.get("alternatives", ())):
            CASES.append((_module, _gid, f"alternative{_i}", _code, None))
        for _i, (_code, _words) in enumerate(_mine.get("mistakes", ())):
            CASES.append((_module, _gid, f"mistake{_i}", _code, _words))
        for _i, (_code, _words) in enumerate(_mine.get("mistakes_alone", ())):
            CASES.append((_module, _gid, f"mistake-alone{_i}", _code, _words))
        CASES.append((_module, _gid, "stub", CODE_STUB, "not defined"))


@lru_cache(maxsize=None)
def _setup_namespace(module: str) -> dict:
    """The module's setup cell, run once per test process (it loads data and fits models)."""
    ns: dict = {}
    exec(compile(setup_code(module), "<setup>", "exec"), ns)
    return ns


#: What a case shares with the setup's namespace rather than copying: modules, classes, functions.
_SHARED = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType)


def fresh_namespace(module: str) -> dict:
    """The namespace as if the setup cell had just run: a deep copy of its tables, arrays and fitted
    models, so that an answer which changes them (a `mistakes_alone` case) changes only its own copy.
    (No setup cell defines a function, whose globals would still be the original namespace.)"""
    base = _setup_namespace(module)
    shared = {k: v for k, v in base.items() if k == "__builtins__" or isinstance(v, _SHARED)}
    return {**shared, **copy.deepcopy({k: v for k, v in base.items() if k not in shared})}


def judge_in_process(module: str, grade_id: str, code: str, tmp: Path):
    """Run one answer after the setup, in a fresh namespace, export, then judge as the grader does."""
    ns = fresh_namespace(module)
    try:
        exec(compile(code, "<answer>", "exec"), ns)
    except Exception:  # noqa: BLE001 - as in nbgrader, a failing answer cell leaves its names undefined
        pass
    instructor = getattr(load_instructor_file(REPO, module, "hidden_checks"), "PROBES", {})
    inbox = tmp / "inbox" / grade_id
    for name, build in instructor.get(grade_id, {}).items():  # through files, as at grading
        write_probes(inbox, name, build())
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / ANSWER_CELL_FILE).write_text(code)  # as the grader stages it for a second run
    export_to_outbox(module, grade_id, str(tmp), str(tmp / "inbox"), namespace=ns)  # the kernel's own export
    plt.close("all")
    return judge_exercise(REPO, module, grade_id, tmp)  # the grader's own judge, reading the outbox


@pytest.mark.parametrize("module,grade_id,variant,code,words", CASES,
                         ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_variant(module, grade_id, variant, code, words, tmp_path):
    outcome = judge_in_process(module, grade_id, code, tmp_path)
    if words is None:
        assert outcome.status == "correct", outcome.messages
    else:
        assert outcome.fraction == 0.0, f"{variant} should lose the points: {outcome}"
        assert any(words in m for m in outcome.messages), f"expected {words!r} in {outcome.messages}"


#: Every autograded grade id the syllabus or an exercises file knows, so `-k <grade id>` selects its
#: completeness test even when a definition, a hidden check or a variant is missing.
GRADE_IDS = sorted({(m.id, e.id) for m in syllabus.load().in_source for e in m.exercises
                    if e.graded_by == "autograder"} | {(m, gid) for m in MODULES for gid in module_exercises(m)})


@pytest.mark.parametrize("module,grade_id", GRADE_IDS, ids=[f"{g}-complete" for _, g in GRADE_IDS])
def test_exercise_is_complete(module, grade_id):
    """A public definition, hidden checks, an alternative correct solution and a common mistake."""
    assert module in MODULES, f"{module} is not a built or draft module of curriculum/learner/syllabus.toml"
    where = definition_file(module)
    assert grade_id in module_exercises(module), f"{where} has no Exercise with grade_id {grade_id!r}"
    hidden = hidden_checks(REPO, module).get(grade_id)
    assert hidden, (f"source/{module}/hidden_checks.py has no HIDDEN[{grade_id!r}]: without hidden checks "
                    "a wrong answer that passes the public checks gets full points")
    assert grade_id in reference_code(source_notebook(module)), \
        f"source/{module} has no answer cell {grade_id}_answer (with ### BEGIN SOLUTION)"
    variants = getattr(load_instructor_file(REPO, module, "variants"), "VARIANTS", {})
    assert grade_id in variants, f"source/{module}/variants.py has no VARIANTS[{grade_id!r}]"
    assert variants[grade_id].get("alternatives"), f"{grade_id} needs an alternative correct solution"
    assert variants[grade_id].get("mistakes"), f"{grade_id} needs at least one common mistake"


@pytest.mark.parametrize("module", MODULES)
def test_feedback_never_prints_the_answer(module):
    """No check message contains a reference answer value (for text answers)."""
    reference = reference_code(source_notebook(module))
    for grade_id, checks in hidden_checks(REPO, module).items():
        literal = re.findall(r"=\s*['\"]([^'\"]+)['\"]\s*$", reference.get(grade_id, ""), re.M)
        for check in checks:
            if isinstance(check.message, str):
                for value in literal:
                    assert f"'{value}'" not in check.message and f'"{value}"' not in check.message
