"""Module 07 · Models in production: what the exercises share (names, windows, probe inputs).

Public: shipped to learners. Nothing here computes an answer; the probes are inputs, and the drift
log (the judge's truth) is never read here.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.data import load

#: The 15 ACS category codes, read as text, and the model's features (as in the setup cell).
CODES = ["SCHL", "MAR", "RELP", "DIS", "ESP", "CIT", "MIG", "MIL", "ANC", "NATIVITY", "DEAR", "DEYE",
         "DREM", "SEX", "RAC1P"]
FEATURES = ["AGEP", *CODES]
#: The stream's months, and its windows (as in the setup cell).
MONTHS = [f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13)]
REFERENCE_MONTHS = MONTHS[:6]
RECENT = ("2026-09", "2026-10")
NEWEST = ("2026-11", "2026-12")
#: Age bins for PSI: whole years fall inside a bin, never on an edge; the last bin is open.
AGE_EDGES = [-0.5, 15.5, 24.5, 34.5, 44.5, 54.5, 64.5, 74.5, np.inf]
#: q703: a month "drops" when its accuracy is more than this below the first six months' mean.
DROP = 0.10
#: Absolute tolerance for an accuracy, PSI or KS value the notebook asks "to 3 decimals".
TOL = 1e-3
#: An age (in years) outside this range cannot be a person's age.
AGE_RANGE = (0, 120)


@lru_cache(maxsize=None)
def stream() -> pd.DataFrame:
    """The scoring stream, loaded once (never handed to a learner's function: probes get copies)."""
    return load("scoring_stream")


def month_rows(month: str, start: int, stop: int, columns=None) -> pd.DataFrame:
    """Rows start:stop of one month of the stream (a fresh copy)."""
    rows = stream()[stream()["month"] == month].iloc[start:stop]
    return (rows if columns is None else rows[columns]).reset_index(drop=True).copy()


def predict_probes(month: str, start: int) -> list[tuple]:
    """Inputs for a predict function: two good tables, then one bad table per kind of bad input.

    Order (the checks rely on it): good rows with extra columns; good rows with whole-number ages and only
    the features; a missing column (SCHL); ages as text; ages in months; an unseen RELP code; missing SCHL.
    """
    good = month_rows(month, start, start + 40)
    whole = month_rows(month, start + 40, start + 60, FEATURES).astype({"AGEP": "int64"})
    base = month_rows(month, start + 60, start + 80, FEATURES)
    missing_column = base.drop(columns="SCHL")
    as_text = base.astype({"AGEP": str})
    in_months = base.assign(AGEP=base["AGEP"] * 12)
    unseen = base.copy()
    unseen.loc[[2, 7], "RELP"] = "18"
    blank = base.copy()
    blank.loc[[1, 5], "SCHL"] = np.nan
    return [(good,), (whole,), (missing_column,), (as_text,), (in_months,), (unseen,), (blank,)]


#: The column each bad probe must name in its error message (None: a good probe must give predictions).
PROBE_COLUMNS = [None, None, "SCHL", "AGEP", "AGEP", "RELP", "SCHL"]
PROBE_NAMES = ["good rows (with extra columns such as `id`)", "good rows with whole-number ages",
               "rows without the column SCHL", "ages sent as text", "ages in months (480 for 40 years)",
               "an unseen RELP code", "missing SCHL values"]


def model_probes(month: str, start: int, n: int = 200) -> list[tuple]:
    """Rows for a loaded model: only the features, as the model was fitted."""
    return [(month_rows(month, start, start + n, FEATURES),)]


def psi_probes_public() -> list[tuple]:
    """Inputs for psi(expected, actual, edges): plain lists, some with empty bins."""
    rng = np.random.default_rng(7)
    base = rng.normal(40, 12, 400).round(1).tolist()
    shifted = rng.normal(46, 12, 400).round(1).tolist()
    edges = [-100.0, 20.0, 30.0, 40.0, 50.0, 60.0, 200.0]
    return [(base, base, edges),                      # the same sample: 0
            (base, shifted, edges),                   # a shift
            ([25.0, 35.0, 45.0, 55.0] * 10, [35.0, 45.0, 55.0, 65.0] * 10, edges),  # empty bins on both sides
            ([1.0, 2.0, 3.0] * 5, [1.0, 1.0, 1.0, 1.0], [0.5, 1.5, 2.5, 3.5])]     # actual empty in two bins


def results(calls: list[dict]) -> list:
    """The values a function or model returned, one per probe (None where it raised)."""
    return [c.get("ok") for c in calls]


def errors(calls: list[dict]) -> list:
    """The errors a function raised, one per probe ("Type: message"; None where it returned)."""
    return [c.get("error") for c in calls]
