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

#: How each dataset is read: file name and the pandas reader's keyword arguments.
READERS: dict[str, tuple[str, dict]] = {
    "penguins": ("penguins.csv", {}),
    "penguins_raw": ("penguins-raw.csv", {}),
}


class DatasetError(RuntimeError):
    """A dataset file is missing, unknown or altered."""


def datasets_dir() -> Path:
    """The datasets/ folder: $CURRICULUM_DATASETS, else the one beside the package in the repo."""
    env = os.environ.get("CURRICULUM_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


@lru_cache(maxsize=None)
def manifest() -> dict[str, str]:
    """File name -> sha256, from datasets/manifest.json."""
    path = datasets_dir() / "manifest.json"
    if not path.exists():
        raise DatasetError(f"{path} is missing: restore it with `git checkout -- datasets/`.")
    return json.loads(path.read_text())["sha256"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _verified(filename: str) -> Path:
    path = datasets_dir() / filename
    expected = manifest().get(filename)
    if expected is None:
        raise DatasetError(f"{filename} is not in datasets/manifest.json: add it with its sha256.")
    if not path.exists():
        raise DatasetError(f"{path} is missing: restore it with `git checkout -- datasets/{filename}`.")
    if sha256(path) != expected:
        raise DatasetError(
            f"{path} does not match its checksum (altered or corrupted): "
            f"restore it with `git checkout -- datasets/{filename}`."
        )
    return path


def load(name: str) -> pd.DataFrame:
    """Return dataset `name` as a fresh DataFrame after checking its sha256."""
    if name not in READERS:
        known = ", ".join(sorted(READERS))
        raise DatasetError(f"unknown dataset {name!r}: choose one of {known}.")
    filename, kwargs = READERS[name]
    return pd.read_csv(_verified(filename), **kwargs)
