"""Where one learner's submission of one module stands: the one decision that grading, status and export share.

A run grades what `decide` says it must (freshness.pending); the export and the status table show the
status and reason it gives (report.rows). The two readings differ on purpose in two places, both
decided here: a failed submission collected again is still shown as failed (with why it failed)
until a run regrades it, and a grade from an earlier release or grader is shown, marked stale, until
a run regrades it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from curriculum.instructor.grading.records import Record

#: The reason of a grade given by an earlier release or grader (the status table marks it "~").
STALE = "graded by an earlier release or grader"

#: A fact, or a function that looks it up (called at most once, and only if the decision needs it).
Fact = Union[bool, str, Callable[[], Union[bool, str]]]


@dataclass(frozen=True)
class Decision:
    status: str  # graded | failed | queued | running | submitted_not_graded | not_submitted
    reason: str  # why, and what to do, in the export's words
    stale: bool  # a grade that stands but was given by an earlier release or grader
    must_grade: bool  # a run of the module (asked to grade this learner) grades it


class _Facts:
    """The facts `decide` was given, each looked up on first use."""

    def __init__(self, **facts: Fact):
        self._facts = facts

    def __getattr__(self, name: str):
        value = self._facts[name]
        value = value() if callable(value) else value
        setattr(self, name, value)  # found as an attribute from now on: never looked up twice
        return value


def decide(module: str, record: Record | None, *, submitted: Fact, current_hash: Fact, version: str,
           held_mark: Fact, in_gradebook: Fact, retry_failed: bool = False) -> Decision:
    """The state of a submission from its record and what the course holds now.

    `submitted`: its folder submitted/<student>/<module>/ exists; `current_hash`: the hash of what
    it holds (records.submission_hash); `version`: the grader version now; `held_mark`: the mark of
    what the gradebook holds of it (gradebook_marks, "" for nothing); `in_gradebook`: the gradebook
    has the submission; `retry_failed`: a run asked to grade failed submissions again.
    """
    facts = _Facts(submitted=submitted, current_hash=current_hash, held_mark=held_mark, in_gradebook=in_gradebook)
    status = record.status if record is not None else ""
    if status not in ("graded", "failed", "queued", "running"):  # no record (or one of unknown state)
        if facts.submitted:
            return Decision("submitted_not_graded", f"collected, not graded yet: run `curriculum grade {module}`",
                            False, True)
        return Decision("not_submitted", "", False, True)
    if status in ("queued", "running"):  # a run has yet to finish it
        return Decision(status, f"{record.reason or 'grading has not finished'}: `curriculum grade {module}` "
                        "picks it up", False, True)
    newer_grader = record.grader_version != version
    # finished for good only while neither the submission nor the grader changed since (nor, once
    # graded, what the gradebook holds), and while it was not the machinery that failed it
    must_grade = (record.retry or retry_failed and status == "failed"
                  or record.submission_hash != facts.current_hash or newer_grader)
    if status == "failed":  # shown as failed, with why, even once a newer copy is collected
        return Decision("failed", record.reason, False, must_grade)
    must_grade = must_grade or facts.held_mark != record.gradebook_mark
    if not facts.in_gradebook:  # graded into another gradebook (a shard, or before a migration)
        return Decision("submitted_not_graded", "graded, but this gradebook does not hold it (another shard's "
                        "gradebook, or gradebook.db restored or replaced?): run `curriculum grade "
                        f"{module}`", False, must_grade)
    if record.gradebook_mark and facts.held_mark != record.gradebook_mark:
        return Decision("submitted_not_graded", "the gradebook holds other grades than this course graded (was "
                        f"gradebook.db restored or replaced?): run `curriculum grade {module}`", False, must_grade)
    if record.submission_hash != facts.current_hash:
        return Decision("submitted_not_graded", "a newer copy was collected after grading: run `curriculum grade`",
                        False, must_grade)
    reason = record.reason
    if newer_grader:  # a new release or grader since: the grade stands until a run regrades it
        reason = "; ".join(filter(None, [STALE + f": `curriculum grade {module}` regrades it", reason]))
    return Decision("graded", reason, newer_grader, must_grade)
