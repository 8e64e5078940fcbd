"""Pack the learner's copy of the course: what a learner needs, and nothing an instructor keeps.

`make lab` in the repository lets authors try the learner view, but the repository holds the hidden
checks, the graded variants and the solutions. Learners get this zip instead: release/, datasets/,
the package's learner side `curriculum/learner/` (public checks, exercise definitions, data loader,
plotting style, workspace), pyproject.toml, a README and a
Makefile with a `lab` target. The builder lists files from an allow-list, then reads every one of
them and refuses to write the zip if any holds instructor-only material, so a mistake upstream (a
solution left in a released notebook) stops the bundle instead of reaching learners.
"""
from __future__ import annotations

import re
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from curriculum.learner.data.registry import DATASETS
from curriculum.learner.syllabus import load

TOP = "ai-foundations-learner"
#: Folders and files copied from the course root (everything else stays behind). The package's
#: learner side is shipped whole: tests/test_architecture.py proves it imports nothing of the rest.
INCLUDE = ("release", "datasets", "curriculum/__init__.py", "curriculum/learner", "pyproject.toml")
#: What the learner's kernel and JupyterLab need (names as in the course's pyproject.toml).
LEARNER_DEPENDENCIES = ("jupyterlab", "ipykernel", "nbgrader", "pandas", "pyarrow", "numpy", "scikit-learn",
                        "matplotlib", "fairlearn", "ipywidgets", "scipy", "skops")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}
#: A member path containing one of these, or a text containing one of the markers, is a leak.
FORBIDDEN_PATHS = ("source/", "hidden_checks", "variants", "gradebook", "submitted", "autograded", "feedback/")
FORBIDDEN_TEXT = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "HIDDEN-CHECKS-MARKER")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # the same files give the same zip

README = """# AI Foundations: your copy of the course

1. You need Python 3.11 and `make` (on Windows, use WSL).
2. Run `make lab`. The first time, it creates `.venv` and installs what the notebooks need (a few
   minutes), then copies the notebooks from `release/` into `workspace/` and opens JupyterLab there.
   On a remote machine, or without a browser, run `make lab-headless`: it prints the address to
   open (`PORT=8890 make lab-headless` picks another port).
3. Work in `workspace/`, never in `release/`. When a new version of the course arrives, `make lab`
   copies new notebooks in and never overwrites one you have changed: the new version of such a
   notebook lands beside it as `<name>.updated.ipynb`.
4. Run each notebook from the top. After each answer, the locked cell runs the public checks and
   says `✗ [WRONG TYPE]`, `✗ [WRONG SHAPE]` or `✗ [NOT YET]` with what to fix, or, in a marked box,
   `○ [FORMAT OK] value checked at grading` (the value itself is judged at grading) or `✓ [PASSED]`.
   An exercise you have not answered yet says `– [NOT ATTEMPTED] ... not attempted yet` in one line,
   and Run All goes on past it (and past a wrong answer), so every explanation and plot shows.
5. The last cell of each notebook sums up its exercises. `progress()` in a notebook, or `make
   progress` in a terminal (`TRACK=decision-maker make progress` for the other track), shows every
   module of your track: what passes its checks, what is left, and what the certificate still needs.
   It reads what your check cells last said in your saved notebooks.
6. Before you hand in, press **Validate** in the notebook's toolbar (or run `make validate` in a
   terminal for every notebook): it saves the notebook, runs a copy of it from the top, as grading
   will, and lists each exercise that is not ready (not yet, with the message; not attempted; a
   written answer not written) and the state of every exercise. `make validate` exits with 0 only
   when every exercise passes its public checks. The values are still judged at grading.
7. Hand in the notebook from `workspace/` the way your instructor asks.

Everything runs offline: the data is in `datasets/`, each file checked against `datasets/manifest.json`.
"""

MAKEFILE = """# AI Foundations, learner copy: `make lab` sets up Python and opens the notebooks in JupyterLab;
# `make lab-headless` starts it without a browser and prints the address to open (a remote machine).
# Both work as root and as a normal user, with JupyterLab's news and update checks off.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
BIN := .venv/bin
STAMP := .venv/.installed-stamp
PORT ?= 8888

TRACK ?= practitioner

.PHONY: lab lab-headless progress validate workspace

$(STAMP): pyproject.toml
\ttest -x $(BIN)/python || $(PYTHON) -m venv .venv
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet -e .
\ttouch $(STAMP)

workspace: $(STAMP)
\t$(BIN)/python -m curriculum.learner.workspace release workspace

lab: $(STAMP)
\t$(BIN)/python -m curriculum.learner.lab --port $(PORT)

lab-headless: $(STAMP)
\t$(BIN)/python -m curriculum.learner.lab --headless --port $(PORT)

progress: $(STAMP)
\t$(BIN)/python -m curriculum.learner.progress --track $(TRACK)

validate: $(STAMP)
\t$(BIN)/python -m curriculum.learner.validate
"""


class BundleError(RuntimeError):
    """The learner bundle cannot be built, or would leak instructor-only material."""


@dataclass
class Bundle:
    """The zip written, and how many files and bytes it holds."""

    path: Path
    files: int
    size: int


def learner_pyproject(root: Path) -> str:
    """The bundle's pyproject.toml: the course's own ranges, but only for what learners run."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    keep = [d for d in project["dependencies"] if re.match(r"[A-Za-z0-9_.-]+", d).group(0) in LEARNER_DEPENDENCIES]
    lines = "".join(f'    "{d}",\n' for d in keep)
    return ('[build-system]\nrequires = ["setuptools>=77", "wheel"]\nbuild-backend = "setuptools.build_meta"\n\n'
            f'[project]\nname = "ai-foundations-learner"\nversion = "{project["version"]}"\n'
            f'requires-python = "{project["requires-python"]}"\nlicense = "MIT"\ndependencies = [\n{lines}]\n\n'
            '[tool.setuptools.packages.find]\ninclude = ["curriculum*"]\n\n'
            '[tool.setuptools.package-data]\ncurriculum = ["**/*.toml"]\n')


def learner_data(root: Path) -> set[str]:
    """datasets/ files of the modules in release/: data files, datasheets and the manifest."""
    released = {p.name for p in (root / "release").iterdir() if p.is_dir()}
    names = {d for m in load().built if m.id in released for d in m.datasets}
    wanted = {"datasets/manifest.json"}
    for name in names:
        dataset = DATASETS[name]
        wanted |= {f"datasets/{f}" for f in dataset.files} | {f"datasets/{dataset.datasheet}"}
    return wanted


def _files(root: Path) -> list[tuple[str, Path]]:
    """(path in the course, file) for every file on the allow-list, in a stable order."""
    found = []
    data = learner_data(root) if (root / "release").is_dir() else set()
    drafts = tuple(f"release/{m.id}/" for m in load().modules if m.status != "built")  # not for learners yet
    for name in INCLUDE:
        top = root / name
        if not top.exists():
            hint = " (run `curriculum release` first)" if name == "release" else ""
            raise BundleError(f"{top} is missing{hint}")
        for file in sorted([top] if top.is_file() else top.rglob("*")):
            relative = file.relative_to(root).as_posix()
            if (file.is_file() and not SKIP_PARTS & set(file.parts) and relative != "pyproject.toml"
                    and not relative.startswith(drafts)
                    and (not relative.startswith("datasets/") or relative in data)):
                found.append((relative, file))
    return found


def leak(member: str, data: bytes) -> str | None:
    """Why `member` must not reach a learner (None when it may)."""
    for part in FORBIDDEN_PATHS:
        if part in member:
            return f"its path contains {part!r}"
    for marker in FORBIDDEN_TEXT:
        if marker.encode() in data:
            return f"it contains {marker!r}"
    return None


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def build(root: Path, output: Path) -> Bundle:
    """Write the learner zip to `output`; raise BundleError naming any file that would leak."""
    members = [(name, file.read_bytes()) for name, file in _files(root)]
    members += [("README.md", README.encode()), ("Makefile", MAKEFILE.encode()),
                ("pyproject.toml", learner_pyproject(root).encode())]
    for name, data in members:
        reason = leak(name, data)
        if reason:
            raise BundleError(f"{name} cannot go to learners: {reason}")
    if not any(PurePosixPath(name).suffix == ".ipynb" for name, _ in members):
        raise BundleError(f"{root / 'release'} holds no notebook: run `curriculum release` first")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, data in members:
                _write(archive, name, data)
        partial.replace(output)  # never leave a half-written bundle under the real name
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return Bundle(output, len(members), output.stat().st_size)
