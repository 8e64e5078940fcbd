"""`make validate`: a notebook run from the top, each exercise's state, and an exit code that says it."""
from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat

from curriculum.learner import syllabus

from .conftest import MODULE, REPO


def test_validate_lists_each_exercise_and_fails_until_every_one_passes(tmp_path):
    folder = tmp_path / MODULE
    shutil.copytree(REPO / "release" / MODULE, folder)
    path = next(folder.glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    answers = {"q01_predict_mean_answer": "predicted_mean = 7.0",
               "q02_shape_answer": "n_columns, n_rows = penguins.shape"}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in answers:
            cell.source = answers[cell.metadata.nbgrader.grade_id]
    nbformat.write(nb, path)
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "curriculum.learner.validate", str(path)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "\u25cb FORMAT OK      q01_predict_mean" in out
    assert "\u2717 NOT YET        q02_shape" in out and "swap" in out
    assert "\u2013 NOT ATTEMPTED  q03_missing" in out
    n = sum(1 for e in syllabus.load().module(MODULE).exercises if e.graded_by == "autograder")
    assert f"1 of {n} exercises pass their public checks: not ready to hand in yet" in out
    assert path.read_bytes() == before, "validate must not change the learner's notebook"
    nothing = subprocess.run([sys.executable, "-m", "curriculum.learner.validate"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60)
    assert nothing.returncode == 2 and "no notebook to validate" in nothing.stderr
