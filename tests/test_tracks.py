"""Track standings: passed only when every module is at its pass mark with its written answers graded."""
from __future__ import annotations

from dataclasses import replace

import pytest

from curriculum.instructor.grading import tracks
from curriculum.instructor.grading.report import Row
from curriculum.learner import syllabus

PLAN = syllabus.load()


def row(module: str, score: float | None = 20.0, passed: bool | None = True, needs_person: bool = False,
        status: str = "graded", reason: str = "") -> Row:
    return Row("ada", module, status, score, 24.0, None, passed, needs_person, reason)


def built(module_id: str) -> syllabus.Module:
    return replace(PLAN.module(module_id), status="built")


@pytest.mark.parametrize("given, state", [
    (row("m", passed=True), "passed"),
    (row("m", passed=True, needs_person=True), "waiting"),  # over the mark, but a written answer waits
    (row("m", score=14.0, passed=None, needs_person=True), "waiting"),  # the written answer could lift it
    (row("m", score=5.0, passed=False), "below"),
    (row("m", score=None, passed=None, status="failed", reason="not valid JSON"), "not graded"),
    (None, "not graded"),
])
def test_each_module_standing(given, state):
    entry = built("00-python-for-data")
    standing = tracks.module_standing(entry, given)
    assert standing.state == state
    if given is not None and given.status == "failed":
        assert "not valid JSON" in standing.words


def test_a_module_still_being_written_closes_the_track_for_everyone():
    planned = replace(PLAN.module("00-python-for-data"), status="planned")
    standing = tracks.module_standing(planned, row("00-python-for-data"))
    assert standing.state == "not open"
    assert tracks.track_state([standing, tracks.module_standing(built("00-python-for-data"), row("x"))]) == "not open"


def test_a_track_is_passed_only_when_every_module_is_and_waits_while_a_person_has_to_grade():
    ok = tracks.module_standing(built("00-python-for-data"), row("a"))
    waiting = tracks.module_standing(built("00-python-for-data"), row("b", needs_person=True))
    below = tracks.module_standing(built("00-python-for-data"), row("c", score=3.0, passed=False))
    assert tracks.track_state([ok, ok]) == "passed"
    assert tracks.track_state([ok, waiting]) == "waiting"
    assert tracks.track_state([ok, waiting, below]) == "in progress"


def test_standings_cover_every_learner_and_track_and_summary_names_closed_tracks(monkeypatch):
    data = [Row("ada", m, "graded", 20.0, 24.0, 83.3, True, False, "") for m in PLAN.tracks["decision-maker"]]
    data.append(Row("bob", "00-python-for-data", "not_submitted", None, 24.0, None, None, False, "not submitted"))
    found = tracks.standings(None, data)
    assert {(s.student, s.track) for s in found} == {(w, t) for w in ("ada", "bob") for t in PLAN.tracks}
    lines = "\n".join(tracks.summary_lines(found))
    closed = [m for m in PLAN.tracks["practitioner"] if PLAN.module(m).status != "built"]
    if closed:
        assert "Practitioner track: nobody can pass yet" in lines and closed[0] in lines
    decision = {s.student: s for s in found if s.track == "decision-maker"}
    if all(PLAN.module(m).status == "built" for m in PLAN.tracks["decision-maker"]):
        assert decision["ada"].state == "passed" and decision["bob"].state == "in progress"
        assert [m.module for m in decision["bob"].remaining] == list(PLAN.tracks["decision-maker"])
        assert "Decision-maker track: 1 passed" in lines
    with pytest.raises(KeyError, match="unknown track"):
        tracks.standings(None, data, ["astronaut"])
