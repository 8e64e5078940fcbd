"""The report's module and learner rows: pass rates from the export's table, standings from tracks.py.

Nothing here decides a status again: a module's pass rate counts the export's `passed` (True) among
its graded rows, and a learner's standing on a track is `grading.tracks.standings`'s.
"""
from __future__ import annotations

import pandas as pd

from curriculum.instructor.grading.tracks import TRACK_STATES, ModuleStanding, TrackStanding
from curriculum.learner import syllabus


def _passed(value) -> bool | None:
    """The export's `passed` as True, False or None (pending), whatever pandas made of it."""
    return None if value is None or pd.isna(value) else bool(value)


def pass_rate(table: pd.DataFrame, module: str) -> float | None:
    """The share of a module's graded rows that passed; None when none is graded."""
    graded = table[(table.module == module) & (table.status == "graded")]
    if graded.empty:
        return None
    return round(sum(_passed(v) is True for v in graded.passed) / len(graded), 4)


def module_rows(table: pd.DataFrame, modules: list[str]) -> list[dict]:
    """One row per module of the course: learners by status, passed, below, pending, the pass rate."""
    plan = syllabus.load()
    out = []
    for module in modules:
        rows = table[table.module == module]
        graded = rows[rows.status == "graded"]
        verdicts = [_passed(v) for v in graded.passed]
        percent = graded.percent.astype(float)
        try:
            entry = plan.module(module)
            title, mark = entry.title, entry.pass_mark
        except KeyError:
            title, mark = module, 0.7
        out.append({"module": module, "title": title, "pass_mark_percent": round(mark * 100, 1),
                    "learners": len(rows), "graded": len(graded), "passed": verdicts.count(True),
                    "below": verdicts.count(False), "pending": verdicts.count(None),
                    "not_submitted": int((rows.status == "not_submitted").sum()),
                    "not_graded": int((~rows.status.isin(["graded", "not_submitted"])).sum()),
                    "waiting_for_person": int(graded.needs_manual_grade.astype(bool).sum()),
                    "pass_rate": pass_rate(table, module),
                    "mean_percent": round(float(percent.mean()), 1) if len(percent) else None,
                    "median_percent": round(float(percent.median()), 1) if len(percent) else None})
    return out


def score_lists(table: pd.DataFrame, modules: list[str]) -> dict[str, list[float]]:
    """module -> the percent of each graded row (the score distribution)."""
    graded = table[table.status == "graded"]
    return {m: [float(p) for p in graded[graded.module == m].percent] for m in modules}


def learner_rows(found: list[TrackStanding]) -> list[dict]:
    """One row per learner and track: the standing, modules passed, and each module still missing."""
    titles = syllabus.load().track_titles
    out = []
    for standing in found:
        out.append({"student": standing.student, "track": standing.track,
                    "track_title": titles.get(standing.track, standing.track), "state": standing.state,
                    "standing": TRACK_STATES[standing.state],
                    "modules_passed": sum(m.state == "passed" for m in standing.modules),
                    "modules": len(standing.modules),
                    "remaining": [(m.module, m.words) for m in standing.remaining],
                    "cells": [(m.module, m.state, cell_words(m)) for m in standing.modules]})
    return out


#: A short word and symbol for each module standing, for a cell of the learners' table.
SHORT = {"passed": "\u2713 passed", "waiting": "\u2026 waiting", "below": "\u2717 below",
         "not graded": "\u2013 not graded", "not open": "\u25cb not open"}


def cell_words(standing: ModuleStanding) -> str:
    """"✗ below, 7/16": the standing in a few words, with the score when there is one."""
    score = f", {standing.score:g}/{standing.max_score:g}" if standing.score is not None else ""
    return SHORT[standing.state] + score


def track_counts(rows: list[dict]) -> dict[str, dict[str, int]]:
    """track title -> state -> how many learners stand there (for the figure)."""
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        states = out.setdefault(row["track_title"], dict.fromkeys(TRACK_STATES, 0))
        states[row["state"]] += 1
    return out
