"""A monthly scoring stream for module 07, with a log of every shift planted in it.

Monitoring is only teachable when the truth is known: which month the drift started, which column
broke. The stream resamples real 2015 ACS employment records (Massachusetts) month by month, then
plants the events in ``EVENTS``: a covariate shift, a prior shift, a concept shift and three
data-quality incidents. The same seed gives the same bytes, and tests check the data against
the log.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.learner.data.registry import ACS_FEATURES

SEED = 2025
MONTHS = [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]
ROWS_PER_MONTH = 2000
STREAM_FILE = "scoring-stream.csv.gz"
LOG_FILE = "scoring-stream-log.csv"
BASE_FILE = "acs-employment-ma-reference.pq"


@dataclass(frozen=True)
class Event:
    """One planted shift: what kind, which column, which months (inclusive) and what it does."""

    event: str
    kind: str
    column: str
    first_month: str
    last_month: str
    detail: str

    def active(self, month: str) -> bool:
        return self.first_month <= month <= self.last_month


EVENTS = [
    Event("older_applicants", "covariate", "AGEP", "2025-07", "2026-12",
          "the applicant mix ages: sampling weight grows with age, ramping up over six months"),
    Event("age_in_months", "quality", "AGEP", "2025-10", "2025-12",
          "an upstream release sends age in months instead of years (values x12); fixed in January"),
    Event("schooling_missing", "quality", "SCHL", "2026-02", "2026-02",
          "a form change leaves schooling blank for 40% of records for one month"),
    Event("fewer_employed", "prior", "employed", "2026-04", "2026-12",
          "a regional downturn: employed people are sampled at 0.6 times the weight"),
    Event("new_relationship_code", "quality", "RELP", "2026-06", "2026-12",
          "a new relationship code '18' appears in 15% of records"),
    Event("later_retirement", "concept", "employed", "2026-09", "2026-12",
          "for people aged 60 or more, half of those not employed now work: same inputs, new label"),
]


def _event(name: str) -> Event:
    return next(e for e in EVENTS if e.event == name)


def _month(base: pd.DataFrame, index: int, month: str, seed: int) -> pd.DataFrame:
    """Sample one month from the base and apply the events active in it."""
    rng = np.random.default_rng([seed, index])
    age = base["AGEP"].to_numpy()
    weights = np.ones(len(base))
    older = _event("older_applicants")
    if older.active(month):
        ramp = min(1.0, (MONTHS.index(month) - MONTHS.index(older.first_month) + 1) / 6)
        weights *= np.exp(0.5 * ramp * (age - 42) / 23)
    if _event("fewer_employed").active(month):
        weights *= np.where(base["employed"].to_numpy() == 1, 0.6, 1.0)
    rows = rng.choice(len(base), size=ROWS_PER_MONTH, replace=True, p=weights / weights.sum())
    frame = base.iloc[rows].reset_index(drop=True)
    frame["employed"] = frame["employed"].to_numpy().copy()
    if _event("later_retirement").active(month):
        idle_seniors = (frame["AGEP"] >= 60) & (frame["employed"] == 0)
        flip = idle_seniors & (rng.random(len(frame)) < 0.5)
        frame.loc[flip, "employed"] = 1
    if _event("age_in_months").active(month):
        frame["AGEP"] = frame["AGEP"] * 12
    if _event("schooling_missing").active(month):
        frame.loc[rng.random(len(frame)) < 0.4, "SCHL"] = np.nan
    if _event("new_relationship_code").active(month):
        frame.loc[rng.random(len(frame)) < 0.15, "RELP"] = "18"
    frame.insert(0, "month", month)
    return frame


def generate(base: pd.DataFrame, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (stream, log) built from the ACS reference year; deterministic in ``seed``."""
    base = base[["AGEP", *ACS_FEATURES[1:], "employed"]].copy()
    for column in ACS_FEATURES[1:]:
        base[column] = base[column].astype(str).astype(object)
    months = [_month(base, i, month, seed) for i, month in enumerate(MONTHS)]
    stream = pd.concat(months, ignore_index=True)
    stream.insert(1, "id", np.arange(len(stream), dtype="int64"))
    log = pd.DataFrame([vars(e) for e in EVENTS])
    return stream, log


def write_stream(out_dir: Path, seed: int = SEED, base_dir: Path | None = None) -> tuple[Path, Path]:
    """Write the gzip stream (fixed timestamp: same seed, same bytes) and its log to out_dir."""
    base = pd.read_parquet((base_dir or out_dir) / BASE_FILE)
    stream, log = generate(base, seed)
    stream_path, log_path = out_dir / STREAM_FILE, out_dir / LOG_FILE
    data = gzip.compress(stream.to_csv(index=False, lineterminator="\n").encode(), 9, mtime=0)
    for path, content in [(stream_path, data),
                          (log_path, log.to_csv(index=False, lineterminator="\n").encode())]:
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(content)
        tmp.replace(path)
    return stream_path, log_path
