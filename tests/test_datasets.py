"""Data tests: the shipped files match the manifest and the registry, and the generators are honest.

The rebuild is tested offline: archives are rebuilt from the shipped files, and extracting them must
reproduce the manifest byte for byte.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from curriculum import datasets as ds
from curriculum import syllabus
from curriculum.datasets import DATASETS, DatasetError, big_file, load, loader, manifest
from curriculum.datasets.rebuild import SOURCES, rebuild, sha256
from curriculum.datasets.scoring_stream import EVENTS, MONTHS, write_stream

from .conftest import REPO

DATA = REPO / "datasets"


def data_files() -> set[str]:
    return {p.name for p in DATA.iterdir() if p.suffix not in {".md", ".json"}}


def test_manifest_lists_exactly_the_data_files_with_their_sha256():
    assert set(manifest()) == data_files()
    for name, digest in manifest().items():
        assert sha256(DATA / name) == digest, name


def test_every_registered_file_is_in_the_manifest_and_the_total_stays_small():
    registered = {f for d in DATASETS.values() for f in d.files}
    assert registered == data_files()
    total = sum((DATA / f).stat().st_size for f in registered)
    assert total < 30e6, f"datasets/ holds {total / 1e6:.1f} MB; keep it under 30 MB"


@pytest.mark.parametrize("name", list(DATASETS))
def test_loader_returns_the_documented_shape_and_dtypes(name):
    dataset = DATASETS[name]
    frame = load(name)
    assert frame.shape == dataset.shape
    found = {c: str(t) for c, t in frame.dtypes.items()}
    assert found == dataset.expected_dtypes(list(frame.columns))


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_has_a_datasheet_naming_its_licence_rows_and_modules(name):
    dataset = DATASETS[name]
    sheet = (DATA / dataset.datasheet).read_text()
    assert dataset.licence in sheet
    assert f"{dataset.shape[0]:,}" in sheet, "the datasheet gives the number of rows"
    for module in syllabus.load().modules:
        if name in module.datasets:
            assert module.id in sheet, f"{dataset.datasheet} should say that {module.id} uses it"
    for source in SOURCES:
        if source.output in dataset.files:
            assert f"{source.package}` {source.version}" in sheet, "source package and version"


def test_syllabus_names_only_known_datasets():
    for module in syllabus.load().modules:
        assert set(module.datasets) <= set(DATASETS), module.id


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of datasets/ that a test may damage."""
    shutil.copytree(DATA, tmp_path / "datasets")
    monkeypatch.setenv("CURRICULUM_DATASETS", str(tmp_path / "datasets"))
    loader.manifest.cache_clear()
    loader._verified.cache_clear()
    yield tmp_path / "datasets"
    loader.manifest.cache_clear()
    loader._verified.cache_clear()


def test_altered_file_gives_one_line_naming_the_file_and_the_fix(data_copy):
    (data_copy / "penguins.csv").write_text("species\nfake\n")
    with pytest.raises(DatasetError, match=r"penguins.csv does not match.*git checkout -- datasets/penguins.csv") as err:
        load("penguins")
    assert "\n" not in str(err.value)


def test_missing_file_and_unknown_name_are_clear(data_copy):
    (data_copy / "adult-raw.csv.gz").unlink()
    with pytest.raises(DatasetError, match=r"adult-raw.csv.gz is missing: restore it"):
        load("adult_raw")
    with pytest.raises(DatasetError, match=r"unknown dataset 'adult'.*adult_raw"):
        load("adult")


def test_raw_adult_keeps_its_defects_for_module_01():
    adult = load("adult_raw")
    assert (adult["workclass"] == " ?").sum() == 1836
    assert adult["workclass"].str.startswith(" ").all()
    assert adult.duplicated().sum() == 24


# --- rebuild ---------------------------------------------------------------------------------

def _fake_archives(folder: Path) -> None:
    """Build one archive per pinned package from the shipped files (gzip ones decompressed)."""
    members: dict[tuple[str, str, bool], dict[str, bytes]] = {}
    for source in SOURCES:
        data = (DATA / source.output).read_bytes()
        if source.compress:
            data = gzip.decompress(data)
        members.setdefault((source.package, source.version, source.sdist), {})[source.member] = data
    for (package, version, sdist), files in members.items():
        stem = package.replace("-", "_")
        if sdist:
            with tarfile.open(folder / f"{package}-{version}.tar.gz", "w:gz") as tf:
                for member, data in files.items():
                    info = tarfile.TarInfo(member)
                    info.size = len(data)
                    tf.addfile(info, io.BytesIO(data))
        else:
            with zipfile.ZipFile(folder / f"{stem}-{version}-py3-none-any.whl", "w") as zf:
                for member, data in files.items():
                    zf.writestr(member, data)


def test_offline_rebuild_reproduces_the_manifest(tmp_path):
    archives, out = tmp_path / "archives", tmp_path / "out"
    archives.mkdir()
    _fake_archives(archives)
    sums = rebuild(out, archives=archives)
    assert sums == manifest()
    assert json.loads((out / "manifest.json").read_text())["sha256"] == manifest()


def test_rebuild_names_a_missing_archive(tmp_path):
    with pytest.raises(FileNotFoundError, match="palmerpenguins==0.1.6"):
        rebuild(tmp_path / "out", archives=tmp_path)


# --- scoring stream (module 07) --------------------------------------------------------------

def test_stream_same_seed_same_bytes_as_shipped(tmp_path):
    first, _ = write_stream(tmp_path, base_dir=DATA)
    assert sha256(first) == manifest()["scoring-stream.csv.gz"]
    (tmp_path / "b").mkdir()
    other, _ = write_stream(tmp_path / "b", seed=7, base_dir=DATA)
    assert sha256(other) != sha256(first)


@pytest.fixture(scope="module")
def stream():
    return load("scoring_stream"), {e.event: e for e in EVENTS}


def _months(event) -> list[str]:
    return [m for m in MONTHS if event.active(m)]


def test_log_on_disk_is_the_event_list():
    log = load("scoring_stream_log")
    assert log["event"].tolist() == [e.event for e in EVENTS]
    assert set(log["kind"]) == {"covariate", "prior", "concept", "quality"}


def test_unit_switch_is_exactly_where_the_log_says(stream):
    data, events = stream
    median_age = data.groupby("month")["AGEP"].median()
    switched = median_age[median_age > 200].index.tolist()
    assert switched == _months(events["age_in_months"])


def test_missing_burst_and_new_level_start_where_logged(stream):
    data, events = stream
    missing = data.groupby("month")["SCHL"].apply(lambda s: s.isna().mean())
    assert missing[missing > 0].index.tolist() == _months(events["schooling_missing"])
    assert 0.3 < missing.max() < 0.5
    first_new = data.loc[data["RELP"] == "18", "month"].min()
    assert first_new == events["new_relationship_code"].first_month


def test_covariate_prior_and_concept_shifts_move_the_data(stream):
    data, events = stream
    by_month = data.assign(age=data["AGEP"].where(data["AGEP"] < 200)).groupby("month")
    before_age = by_month["age"].mean()[MONTHS[:6]].mean()
    assert by_month["age"].mean()["2026-01"] > before_age + 5  # covariate: older applicants
    rate = by_month["employed"].mean()
    prior = events["fewer_employed"]
    assert rate[prior.first_month] < rate["2026-03"] - 0.05  # prior: fewer positives
    seniors = data[data["AGEP"].between(60, 120)].groupby("month")["employed"].mean()
    concept = events["later_retirement"]
    assert seniors[concept.first_month] > seniors["2026-08"] + 0.2  # concept: same ages, new label


# --- the large file for module 06 ------------------------------------------------------------

def test_big_file_is_reproducible_and_never_left_half_written(tmp_path):
    size = 3_000_000
    a = big_file.generate(tmp_path / "a.csv", size_bytes=size, seed=1)
    b = big_file.generate(tmp_path / "b.csv", size_bytes=size, seed=1)
    c = big_file.generate(tmp_path / "c.csv", size_bytes=size, seed=2)
    assert a.stat().st_size >= size
    assert sha256(a) == sha256(b) != sha256(c)
    sample = big_file.read_sample(a)
    assert list(sample.columns) == list(load("flights").columns)

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        big_file.generate(tmp_path / "d.csv", size_bytes=size, seed=1, progress=interrupt)
    assert not (tmp_path / "d.csv").exists()
    assert sha256(big_file.generate(tmp_path / "d.csv", size_bytes=size, seed=1)) == sha256(a)


def test_big_file_default_is_at_least_one_gigabyte_in_the_gitignored_cache():
    assert big_file.DEFAULT_BYTES >= 1e9
    assert ".cache" in (REPO / ".gitignore").read_text()
    assert big_file.default_path().is_relative_to(REPO / ".cache")
