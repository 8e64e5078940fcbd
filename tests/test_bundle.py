"""The learner bundle: everything a learner needs, and no hidden check, variant or solution."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from curriculum.instructor.bundle import TOP, BundleError, build
from curriculum.instructor.cli.main import app

from .conftest import REPO

INSTRUCTOR_LIBS = ("nbgrader", "distributed", "dask", "sqlalchemy", "psycopg", "typer", "rich", "jupytext",
                   "nbclient", "curriculum.instructor.grading", "curriculum.instructor.sandbox")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "learner.zip"
    build(REPO, path)
    return path


def test_bundle_holds_no_instructor_material(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        for name in names:
            assert "source/" not in name and "hidden_checks" not in name and "variants" not in name, name
            for banned in ("tests/", "gradebook", "submitted", "autograded", "feedback/"):
                assert banned not in name, name
            text = archive.read(name)
            assert b"BEGIN SOLUTION" not in text and b"BEGIN HIDDEN TESTS" not in text, name
    for needed in ("README.md", "Makefile", "pyproject.toml", "datasets/manifest.json", "datasets/penguins.md",
                   "datasets/penguins.csv", "curriculum/learner/notebook.py",
                   "release/00-python-for-data/python-for-data.ipynb"):
        assert f"{TOP}/{needed}" in names, needed
    with zipfile.ZipFile(bundle) as archive:
        assert "\nlab:" in archive.read(f"{TOP}/Makefile").decode()


def test_notebooks_in_the_bundle_load_their_data(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / TOP
    env = {k: v for k, v in os.environ.items() if not k.startswith("CURRICULUM_")}
    env["PYTHONPATH"] = str(root)
    env["MPLBACKEND"] = "Agg"
    for notebook in sorted((root / "release").glob("*/*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        setup = "".join(next(c for c in cells
                             if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")["source"])
        setup = setup.replace("display(", "print(")
        # the learner's venv has none of the instructor's libraries: the kernel must not need them
        block = "import sys\nfor m in INSTRUCTOR_LIBS: sys.modules[m] = None\n".replace(
            "INSTRUCTOR_LIBS", repr(INSTRUCTOR_LIBS))
        code = (block + setup + "\nimport curriculum, sys\nprint('PACKAGE', curriculum.__file__)\n"
                "from curriculum.learner import syllabus\nfrom curriculum.learner.exercises import module_exercises\n"
                "for m in syllabus.load().built: module_exercises(m.id)\n")
        done = subprocess.run([sys.executable, "-c", code], cwd=notebook.parent, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{notebook.name}: {done.stderr[-2000:]}"
        assert f"PACKAGE {root}" in done.stdout  # the bundle's own package and data, not the repository's
    assert "Loaded 344 penguins" in subprocess.run(
        [sys.executable, "-c",
         "from curriculum.learner.data import load; print(f'Loaded {len(load(\"penguins\"))} penguins')"],
        cwd=root, env=env, capture_output=True, text=True, timeout=60).stdout


def test_a_solution_left_in_release_stops_the_bundle(tmp_path):
    root = tmp_path / "course"
    for name in ("release", "datasets", "curriculum"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    leaked = root / "release" / "00-python-for-data" / "python-for-data.ipynb"
    leaked.write_text(leaked.read_text().replace("YOUR CODE HERE", "### BEGIN SOLUTION"))
    with pytest.raises(BundleError, match="BEGIN SOLUTION"):
        build(root, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_bundle_command(tmp_path):
    out = tmp_path / "dist" / "learner.zip"
    result = CliRunner().invoke(app, ["--course", str(REPO), "bundle", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "learner bundle" in result.output
    bad = CliRunner().invoke(app, ["--course", str(REPO), "bundle", "-o", "/proc/nope.zip"])
    assert bad.exit_code == 2 and bad.output.startswith("Error:") and "Traceback" not in bad.output


def test_a_released_notebook_runs_its_public_checks_from_the_bundle(bundle, tmp_path, monkeypatch):
    """The whole stub notebook runs on the bundle's own package: each check says NOT ATTEMPTED."""
    import nbformat
    from nbclient import NotebookClient

    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / TOP
    for key in [k for k in os.environ if k.startswith("CURRICULUM_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PYTHONPATH", str(root))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = root / "release" / "00-python-for-data" / "python-for-data.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
    assert "ModuleNotFoundError" not in text and "ImportError" not in text
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
              and c.metadata["nbgrader"].get("grade_id", "").startswith("q")]
    assert len(checks) >= 8
    for cell in checks:
        assert "NOT ATTEMPTED" in json.dumps(cell.get("outputs", [])), cell.metadata["nbgrader"]["grade_id"]


def test_learners_install_only_what_the_notebooks_need(bundle):
    """The bundle's pyproject keeps the course's ranges for the learner's libraries, and nothing else."""
    import tomllib

    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        learner = tomllib.loads(archive.read(f"{TOP}/pyproject.toml").decode())["project"]
    course = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert set(learner["dependencies"]) <= set(course["dependencies"])
    assert any(d.startswith("jupyterlab") for d in learner["dependencies"])
    assert any(d.startswith("nbgrader") for d in learner["dependencies"])  # its Validate button
    assert not any(d.startswith(("distributed", "sqlalchemy", "psycopg", "nh3")) for d in learner["dependencies"])
    assert not any("/curriculum/instructor/" in n for n in names), "the bundle ships only curriculum/learner/"
    assert any("/curriculum/learner/checks/core.py" in n for n in names)


def test_only_the_data_of_released_modules_ships(bundle):
    from curriculum.learner.syllabus import load

    released = {p.name for p in (REPO / "release").iterdir() if p.is_dir()}
    with zipfile.ZipFile(bundle) as archive:
        data = {n.split("/datasets/")[1] for n in archive.namelist() if "/datasets/" in n}
    assert "penguins.csv" in data and "manifest.json" in data
    # the drift log of module 07 (what a learner's detector is scored against) is the judge's only,
    # and a planned module's data (06's flights) waits for the module
    assert "scoring-stream.csv.gz" in data and not {"scoring-stream-log.csv", "scoring-stream-log.md"} & data
    assert "flights.csv.zip" not in data
    assert {d for m in load().modules if m.id in released for d in m.datasets} >= {"penguins", "adult_raw"}
