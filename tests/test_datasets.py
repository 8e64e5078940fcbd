"""Data tests: the shipped files match the manifest and the registry, and the generators are honest.

The rebuild is tested offline: archives are rebuilt from the shipped files, and extracting them must
reproduce the manifest byte for byte.
"""
from __future__ import annotations

import dataclasses
import gzip
import io
import json
import re
import shutil
import tarfile
import zipfile
from pathlib import Path
from unittest import mock

import pytest

from curriculum.instructor.data_build.rebuild import SOURCES, ArchiveMismatch, pinned_archives, rebuild, sha256
from curriculum.instructor.data_build.scoring_stream import EVENTS, LOG_FILE, MONTHS, STREAM_FILE, write_stream
from curriculum.learner import syllabus
from curriculum.learner.data import DATASETS, DatasetError, big_file, load, loader, manifest

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


def _section(sheet: str, heading: str) -> str:
    """The text of the first `## heading...` section (up to the next `## `), or '' if absent."""
    match = re.search(rf"^## {re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", sheet, re.M | re.S)
    return match.group(1) if match else ""


#: How a datasheet names a module that uses its data (the module id in bold, as the tests read it).
_USE_LINE = "Each module that lists it has a line like: - **<module-id>** uses `{name}`: what for."


def _modules_named(text: str) -> set[str]:
    return set(re.findall(r"\*\*(\d\d-[a-z]+(?:-[a-z]+)*)\*\*", text))


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_has_a_complete_datasheet(name):
    """Source and citation, licence, shape, every column, known defects, and the modules that use it."""
    dataset = DATASETS[name]
    sheet = (DATA / dataset.datasheet).read_text()
    origin = re.search(r"\*\*Original source:\*\*(.*?)(?=\n- |\n\n)", sheet, re.S)
    assert origin and re.search(r"https?://|\b(19|20)\d\d\b", origin.group(1)), \
        "the original source, cited with its authors and year or address"
    assert re.search(rf"\*\*Licence:\*\*[^\n]*{re.escape(dataset.licence)}", sheet), "licence"
    rows, columns = dataset.shape
    assert f"{rows:,} x {columns}" in sheet, "the datasheet gives rows x columns"
    frame = load(name)
    undocumented = [c for c in frame.columns if f"`{c}`" not in sheet]
    assert not undocumented, f"{dataset.datasheet} does not document the columns {undocumented}"
    assert _section(sheet, "Known defects").strip(), "a Known defects section"
    for source in SOURCES:
        if source.output in dataset.files:
            assert f"{source.package}` {source.version}" in sheet, "source package and version"
    # The modules that use it: exactly those whose syllabus entry lists it (the sandbox mounts
    # only those). A datasheet shared by several datasets names the dataset on each line.
    use = _section(sheet, "Use in the course")
    shared = sum(d.datasheet == dataset.datasheet for d in DATASETS.values()) > 1
    lines = [line for line in re.split(r"\n(?=- )", use) if not shared or f"`{name}`" in line]
    named, users = _modules_named("\n".join(lines)), set(syllabus.load().modules_using(name))
    assert named == users, (
        f"datasets/{dataset.datasheet}, section 'Use in the course', names {sorted(named)} as using {name}, "
        f"but the syllabus lists {name} for {sorted(users)}. {_USE_LINE.format(name=name)}")


def test_datasheets_name_no_module_that_does_not_use_their_data():
    for sheet_name in {d.datasheet for d in DATASETS.values()}:
        users = {m for d in DATASETS.values() if d.datasheet == sheet_name
                 for m in syllabus.load().modules_using(d.name)}
        named = _modules_named(_section((DATA / sheet_name).read_text(), "Use in the course"))
        assert named == users, (
            f"datasets/{sheet_name}, section 'Use in the course', names {sorted(named)}, but the syllabus "
            f"lists its data for {sorted(users)}. {_USE_LINE.format(name='<dataset>')}")


def test_judge_only_data_is_never_mounted_in_the_sandbox_nor_shipped_to_learners(tmp_path):
    """The drift log of 07 is what a learner's detector is scored against: only the judge reads it."""
    from curriculum.instructor.bundle import learner_data
    from curriculum.instructor.sandbox.execute import module_data_files

    module = syllabus.load().module("07-monitoring")
    assert module.judge_datasets == ("scoring_stream_log",) and "scoring_stream_log" not in module.datasets
    assert "scoring-stream-log.csv" not in module_data_files("07-monitoring")
    assert "scoring-stream.csv.gz" in module_data_files("07-monitoring")
    (tmp_path / "release" / "07-monitoring").mkdir(parents=True)
    built = syllabus.Syllabus(modules=(dataclasses.replace(module, status="built"),), tracks={})
    with mock.patch("curriculum.instructor.bundle.load", return_value=built):
        shipped = learner_data(tmp_path)
    assert "datasets/scoring-stream.csv.gz" in shipped and "datasets/scoring-stream.md" in shipped
    assert not {"datasets/scoring-stream-log.csv", "datasets/scoring-stream-log.md"} & shipped
    assert "2025-10" not in (DATA / "scoring-stream.md").read_text(), "the learner's datasheet tells no month"


def test_syllabus_names_only_known_datasets():
    for module in syllabus.load().modules:
        unknown = set(module.datasets + module.judge_datasets) - set(DATASETS)
        assert not unknown, \
            f"{module.id} lists datasets {sorted(unknown)} that curriculum/learner/data/registry.py lacks"


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
    mismatch = r"penguins.csv does not match.*git checkout -- datasets/penguins.csv"
    with pytest.raises(DatasetError, match=mismatch) as err:
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


def _pins(folder: Path) -> dict[tuple[str, str], str]:
    """The sha256 of each fake archive, keyed as SOURCES pins them."""
    return {(s.package, s.version): sha256(next(folder.glob(f"{s.package.replace('-', '_')}-{s.version}*")))
            for s in SOURCES}


def test_offline_rebuild_reproduces_the_manifest(tmp_path):
    archives, out = tmp_path / "archives", tmp_path / "out"
    archives.mkdir()
    _fake_archives(archives)
    sums = rebuild(out, archives=archives, pins=_pins(archives))
    assert sums == manifest()
    assert json.loads((out / "manifest.json").read_text())["sha256"] == manifest()


def test_every_archive_has_one_pinned_sha256():
    for source in SOURCES:
        assert re.fullmatch(r"[0-9a-f]{64}", source.archive_sha256), source.output
    assert len(pinned_archives()) == len({(s.package, s.version, s.archive_sha256) for s in SOURCES})


def test_rebuild_refuses_an_archive_that_differs_from_its_pin(tmp_path):
    """The fake archives hold the right files but are not the registry's bytes: refused, one line."""
    archives, out = tmp_path / "archives", tmp_path / "out"
    archives.mkdir()
    _fake_archives(archives)
    with pytest.raises(ArchiveMismatch, match=r"^palmerpenguins==0\.1\.6: .*sha256") as err:
        rebuild(out, archives=archives)
    assert "\n" not in str(err.value)
    assert not (out / "penguins.csv").exists(), "nothing is extracted from a refused archive"
    pins = _pins(archives)
    pins[("ISLP", "0.6.0")] = "0" * 64
    with pytest.raises(ArchiveMismatch, match=r"^ISLP==0\.6\.0: "):
        rebuild(out, archives=archives, pins=pins)


def test_rebuild_names_a_missing_archive(tmp_path):
    with pytest.raises(FileNotFoundError, match="palmerpenguins==0.1.6"):
        rebuild(tmp_path / "out", archives=tmp_path)


def test_cli_rebuild_says_what_is_missing_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from curriculum.instructor.cli.main import app

    result = CliRunner().invoke(app, ["data", "rebuild", "--archives", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error:" in result.output and "palmerpenguins==0.1.6" in result.output
    assert "Traceback" not in result.output


def test_cli_data_list_shows_every_name_whole_in_80_columns():
    from typer.testing import CliRunner

    from curriculum.instructor.cli.main import app

    result = CliRunner().invoke(app, ["data", "list"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    for name in DATASETS:
        assert name in result.output, f"{name} is cut in an 80-column terminal"


# --- scoring stream (module 07) --------------------------------------------------------------

def test_stream_same_seed_same_bytes_as_shipped(tmp_path):
    first, log = write_stream(tmp_path, base_dir=DATA)
    assert (first.name, log.name) == (STREAM_FILE, LOG_FILE)
    assert sha256(first) == manifest()[STREAM_FILE]
    assert sha256(log) == manifest()[LOG_FILE], "the drift log must match the shipped one too"
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


@pytest.mark.parametrize("name,filename", [(d.name, f) for d in DATASETS.values() for f in d.files])
def test_every_file_of_every_dataset_is_verified_before_it_is_read(data_copy, name, filename):
    """One flipped byte in any file (CSV, gzip or Parquet) stops `load` with the file's name."""
    target = data_copy / filename
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match=rf"{re.escape(filename)} does not match its checksum"):
        load(name)
