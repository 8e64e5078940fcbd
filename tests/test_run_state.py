"""A grading run owns its state; the pipeline is declared once; one decision of a submission's state.

Quick tests, no grading: the run's RunState reaches every step nbgrader builds from class names
(through its configuration, never a module global or a file), the coordinator's two passes are cut
from nbgrader_config.py's one pipeline, and `decide` gives the export's status and the run's choice
for every state a record can be in.
"""
from __future__ import annotations

import copy
import importlib
import logging

import pytest
from nbconvert.exporters import NotebookExporter
from traitlets.config import Config

from curriculum.instructor.course import Course
from curriculum.instructor.grading import freshness, passes, pipeline, records, report, sanitize, submission_state
from curriculum.instructor.grading.records import Record
from curriculum.instructor.grading.run_state import RunState, RunStep
from curriculum.instructor.grading.submission_state import STALE, decide

from .conftest import MODULE, REPO


def _load(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


# --- the pipeline, declared once ----------------------------------------------------------------

def test_the_two_passes_are_the_one_pipeline_cut_at_the_executor():
    cut = pipeline.AUTOGRADE.index(pipeline.EXECUTOR)
    assert passes.PASS_A == pipeline.AUTOGRADE[:cut] + [passes.STASH]
    assert passes.PASS_B == [passes.INJECT] + pipeline.AUTOGRADE[cut + 1:]
    # put the executor back in place of StashTask and InjectResult: the whole pipeline again
    assert passes.PASS_A[:-1] + [pipeline.EXECUTOR] + passes.PASS_B[1:] == pipeline.AUTOGRADE
    assert pipeline.AUTOGRADE.count(pipeline.EXECUTOR) == 1 and passes.PASS_B_SANITIZE == []
    for path in [*pipeline.SANITIZE, *pipeline.AUTOGRADE, *passes.PASS_A, *passes.PASS_B]:
        assert _load(path).__name__ == path.rpartition(".")[2], path  # every step is a real class


def test_nbgrader_config_hands_nbgrader_the_same_lists(tmp_path):
    config = Course(REPO).config  # the file as nbgrader and the CLI read it
    assert config.Autograde.sanitize_preprocessors is pipeline.SANITIZE
    assert config.Autograde.autograde_preprocessors is pipeline.AUTOGRADE
    text = (REPO / "nbgrader_config.py").read_text()
    assert "from curriculum.instructor.grading.pipeline import" in text
    assert "grading.preprocessors." not in text and "sanitize." not in text  # no second copy of a step


# --- a run owns its state -----------------------------------------------------------------------

def test_every_step_nbgrader_builds_gets_the_run_itself_not_a_copy():
    """nbgrader instantiates preprocessors from class names, and traitlets deep-copies configuration
    values: each step still holds the very RunState of its run, and two runs share nothing."""
    state, other = RunState(), RunState()
    assert copy.deepcopy(state) is state and copy.copy(state) is state
    built = []
    for run in (state, other):
        exporter = NotebookExporter(config=Config({"RunStep": {"run": run}}))
        for path in [*pipeline.SANITIZE, *passes.PASS_A, *passes.PASS_B]:
            exporter.register_preprocessor(path, enabled=True)
        steps = [pp for pp in exporter._preprocessors if isinstance(pp, RunStep)]
        assert {type(pp).__name__ for pp in steps} == {
            "RecordHintReveals", "RecordedDeduplicateIds", "RecordedOverwriteCells", "StashTask", "InjectResult",
            "JudgeAnswers", "SaveAutoGradesKeepingHandGrades"}
        assert all(pp.run is run for pp in steps)
        built.append(steps)
    state.tasks[("ada", MODULE, "nb")] = {}
    assert other.tasks == {} and built[0][0].run is not built[1][0].run


def test_no_grading_module_keeps_a_run_at_module_level_or_on_disk():
    for gone in ("TASKS", "RESULTS", "UNCHANGED"):
        assert not hasattr(passes, gone)
    for gone in ("write_events", "take_events"):
        assert not hasattr(records, gone)


def test_events_go_to_the_run_and_are_taken_once():
    run = RunState()
    step = RunStep(config=Config({"RunStep": {"run": run}}))
    resources = {"nbgrader": {"student": "ada", "assignment": MODULE, "notebook": "nb"}}
    sanitize.note(step, resources, "q1: restored")
    step.record_events(resources, ["flagged"])
    step.record_events({"nbgrader": {"student": "bob", "assignment": MODULE}}, [])
    assert run.events == {("ada", MODULE): ["nb.ipynb: q1: restored", "flagged"]}
    assert run.take_events("ada", MODULE) == ["nb.ipynb: q1: restored", "flagged"]
    assert run.take_events("ada", MODULE) == []
    run.tasks[("ada", MODULE, "nb")] = {"task": 1}
    run.results[("ada", MODULE, "nb")] = {"result": 1}
    run.tasks[("bob", MODULE, "nb")] = {"task": 2}
    run.add_events("ada", MODULE, ["late"])
    assert run.notebooks("ada", MODULE) == [("ada", MODULE, "nb")]
    run.forget("ada", MODULE)
    assert run.tasks == {("bob", MODULE, "nb"): {"task": 2}} and run.results == {} and run.events == {}


def test_without_a_run_the_steps_log_what_they_would_record():
    """Plain `nbgrader autograde` (no coordinator): nothing to hand the events to, so they are logged."""
    step = RunStep()
    seen: list[str] = []  # a handler of its own: earlier nbgrader apps may stop its logger propagating
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: seen.append(record.getMessage())
    step.log.addHandler(handler)
    level = step.log.level  # an earlier course.api(logging.ERROR) in this process may have raised it
    step.log.setLevel(logging.WARNING)
    try:
        sanitize.note(step, {"nbgrader": {"student": "ada", "assignment": MODULE, "notebook": "nb"}}, "q1: restored")
    finally:
        step.log.removeHandler(handler)
        step.log.setLevel(level)
    assert "nb.ipynb: q1: restored" in seen
    with pytest.raises(RuntimeError, match="runs only in a grading run"):
        passes.StashTask().the_run()


# --- one decision of a submission's state -------------------------------------------------------

V, H, MARK = "grader-now", "hash-now", "mark-held"


def _record(status="graded", reason="", hash_=H, version=V, mark=MARK, retry=False):
    return Record("ada", MODULE, status, reason, 1.0, hash_, version, retry, 0, "", mark)


def _decide(record, submitted=True, current_hash=H, held_mark=MARK, in_gradebook=True, retry_failed=False):
    return decide(MODULE, record, submitted=submitted, current_hash=current_hash, version=V,
                  held_mark=held_mark, in_gradebook=in_gradebook, retry_failed=retry_failed)


GRADE = f"`curriculum grade {MODULE}`"
CASES = [  # (record, facts) -> (status, reason, stale, must_grade)
    (None, {}, ("submitted_not_graded", f"collected, not graded yet: run {GRADE}", False, True)),
    (None, {"submitted": False}, ("not_submitted", "", False, True)),
    (_record("odd state"), {}, ("submitted_not_graded", f"collected, not graded yet: run {GRADE}", False, True)),
    (_record("queued", "stopped"), {}, ("queued", f"stopped: {GRADE} picks it up", False, True)),
    (_record("running"), {}, ("running", f"grading has not finished: {GRADE} picks it up", False, True)),
    (_record("graded", "late"), {}, ("graded", "late", False, False)),
    (_record("graded", "late", version="old"), {},
     ("graded", f"{STALE}: {GRADE} regrades it; late", True, True)),
    (_record("graded", hash_="old"), {},
     ("submitted_not_graded", "a newer copy was collected after grading: run `curriculum grade`", False, True)),
    (_record("graded"), {"held_mark": "other"}, ("submitted_not_graded", "the gradebook holds other grades than "
     f"this course graded (was gradebook.db restored or replaced?): run {GRADE}", False, True)),
    (_record("graded"), {"in_gradebook": False, "held_mark": ""}, ("submitted_not_graded", "graded, but this "
     "gradebook does not hold it (another shard's gradebook, or gradebook.db restored or replaced?): run "
     f"{GRADE}", False, True)),
    # a record from before gradebook marks: shown as graded, and a run regrades it to mark it ...
    (_record("graded", mark=""), {}, ("graded", "", False, True)),
    # ... unless the gradebook holds nothing of it either: shown as not held, and a run skips it
    (_record("graded", mark=""), {"in_gradebook": False, "held_mark": ""},
     ("submitted_not_graded", "graded, but this gradebook does not hold it (another shard's gradebook, or "
      f"gradebook.db restored or replaced?): run {GRADE}", False, False)),
    (_record("failed", "broken"), {}, ("failed", "broken", False, False)),
    (_record("failed", "broken"), {"retry_failed": True}, ("failed", "broken", False, True)),
    (_record("failed", "machinery", retry=True), {}, ("failed", "machinery", False, True)),
    (_record("failed", "broken", version="old"), {}, ("failed", "broken", False, True)),
    # a failed submission collected again: still shown as failed (and why), but a run regrades it
    (_record("failed", "broken", hash_="old"), {}, ("failed", "broken", False, True)),
]


@pytest.mark.parametrize("record,facts,expected", CASES)
def test_one_decision_for_every_state_of_a_record(record, facts, expected):
    decision = _decide(record, **facts)
    assert (decision.status, decision.reason, decision.stale, decision.must_grade) == expected


def test_facts_are_looked_up_only_when_the_decision_needs_them():
    def never():
        raise AssertionError("looked up a fact the decision does not need")

    calls = []

    def once():
        calls.append(1)
        return H

    assert _decide(_record("queued"), submitted=never, current_hash=never, held_mark=never,
                   in_gradebook=never).must_grade
    assert _decide(_record("failed"), submitted=never, current_hash=once, held_mark=never, in_gradebook=never)
    assert not _decide(_record("graded"), submitted=never, current_hash=once).must_grade
    assert calls == [1, 1]  # each fact at most once per decision


def test_grading_status_and_export_share_the_one_decision():
    assert freshness.decide is submission_state.decide and report.decide is submission_state.decide
    assert report.STALE is submission_state.STALE
