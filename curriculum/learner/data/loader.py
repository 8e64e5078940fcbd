"""Load the course's offline datasets, refusing files whose checksum does not match the manifest.

Notebooks load data only through :func:`load`, so a missing or altered file gives one clear line
naming the file and the fix instead of a silent wrong answer.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from curriculum.learner.data.registry import DATASETS

FIX = "restore it with `git checkout -- datasets/{name}` (or rebuild with `curriculum data rebuild`)"


def sha256(path: Path) -> str:
    """The file's sha256, read in 1 MiB blocks (the manifest's checksum)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class DatasetError(RuntimeError):
    """A dataset file is missing, unknown or altered."""


def datasets_dir() -> Path:
    """The datasets/ folder: $CURRICULUM_DATASETS, else the one beside the package in the repo."""
    env = os.environ.get("CURRICULUM_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "datasets"


@lru_cache(maxsize=None)
def manifest() -> dict[str, str]:
    """File name -> sha256, from datasets/manifest.json."""
    path = datasets_dir() / "manifest.json"
    if not path.exists():
        raise DatasetError(f"{path} is missing: {FIX.format(name='manifest.json')}.")
    return json.loads(path.read_text())["sha256"]


@lru_cache(maxsize=None)
def _verified(filename: str) -> Path:
    path = datasets_dir() / filename
    expected = manifest().get(filename)
    if expected is None:
        raise DatasetError(f"{filename} is not in datasets/manifest.json: add it with its sha256.")
    if not path.exists():
        raise DatasetError(f"{path} is missing: {FIX.format(name=filename)}.")
    if sha256(path) != expected:
        raise DatasetError(f"{path} does not match its checksum (altered or corrupted): "
                           f"{FIX.format(name=filename)}.")
    return path


def path(filename: str) -> Path:
    """The verified path of one file in datasets/, for readers other than pandas."""
    return _verified(filename)


def _read(filename: str, **kwargs) -> pd.DataFrame:
    file = _verified(filename)
    if filename.endswith(".pq"):
        return pd.read_parquet(file)
    return pd.read_csv(file, **kwargs)


def load(name: str) -> pd.DataFrame:
    """Return dataset `name` as a fresh DataFrame after checking each file's sha256."""
    if name not in DATASETS:
        known = ", ".join(sorted(DATASETS))
        raise DatasetError(f"unknown dataset {name!r}: choose one of {known}.")
    dataset = DATASETS[name]
    if name == "acs_employment_ma":
        reference, analysis, target = (_read(f) for f in dataset.files)
        analysis = analysis.merge(target, on="id", how="left", validate="one_to_one")
        frame = pd.concat([reference, analysis[reference.columns]], ignore_index=True)
        for column in frame.columns[frame.dtypes.eq("object")]:
            frame[column] = frame[column].astype("category")
        return frame
    return _read(dataset.files[0], **dataset.read_csv)
