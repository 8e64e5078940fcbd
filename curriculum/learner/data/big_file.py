"""A flights file larger than memory budgets allow, for module 06, generated on demand.

Nothing this size belongs in git, so it is built from the real 2013 New York flights: each block
resamples the year's flights with a seeded generator, moves them to a later year and jitters the
delays. The same seed and size give the same bytes. The file is written to a gitignored cache
under a temporary name and renamed only when complete, so an interrupted run never leaves a
half-written file that looks finished.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from curriculum.learner.data.loader import datasets_dir, load

GIB = 1 << 30
DEFAULT_BYTES = GIB  # "1 GB or more": one binary gigabyte is slightly more than 10**9 bytes
SEED = 6


def cache_dir() -> Path:
    """$CURRICULUM_CACHE, else .cache/datasets beside datasets/ (gitignored)."""
    env = os.environ.get("CURRICULUM_CACHE")
    return Path(env) if env else datasets_dir().parent / ".cache" / "datasets"


def default_path(seed: int = SEED, size_bytes: int = DEFAULT_BYTES) -> Path:
    return cache_dir() / f"flights-big-seed{seed}-{size_bytes}.csv"


def _block(flights: pd.DataFrame, seed: int, index: int) -> bytes:
    """One year of resampled flights as CSV bytes; deterministic in (seed, index)."""
    rng = np.random.default_rng([seed, index])
    rows = rng.integers(0, len(flights), size=len(flights))
    block = flights.iloc[np.sort(rows)].reset_index(drop=True)
    block["year"] = 2013 + index
    jitter = rng.normal(0.0, 4.0, size=len(block)).round()
    for column in ("dep_delay", "arr_delay"):
        block[column] = block[column] + jitter
    block["time_hour"] = (block["year"].astype(str) + block["time_hour"].str.slice(4))
    header = index == 0
    return block.to_csv(index=False, header=header, lineterminator="\n").encode()


def generate(path: Path | None = None, size_bytes: int = DEFAULT_BYTES, seed: int = SEED,
             progress: Callable[[int, int], None] = lambda done, total: None) -> Path:
    """Write at least ``size_bytes`` of flights CSV to ``path`` (whole blocks); return the path.

    An existing complete file is reused. ``progress(done, total)`` reports bytes written.
    """
    if size_bytes <= 0:
        raise ValueError(f"size_bytes must be positive, got {size_bytes}")
    path = path or default_path(seed, size_bytes)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    flights = load("flights")
    partial = path.with_name(path.name + ".part")
    written, index = 0, 0
    with open(partial, "wb") as out:
        while written < size_bytes:
            data = _block(flights, seed, index)
            out.write(data)
            written += len(data)
            index += 1
            progress(min(written, size_bytes), size_bytes)
    partial.replace(path)
    return path


def read_sample(path: Path, rows: int = 5) -> pd.DataFrame:
    """The first rows of a generated file, for a quick look without reading it all."""
    with open(path, "rb") as fh:
        head = b"".join(fh.readline() for _ in range(rows + 1))
    return pd.read_csv(io.BytesIO(head))
