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
    assert "\u2013 NOT WRITTEN    w10_interpret_scatter" in out
    n = len(syllabus.load().module(MODULE).exercises)
    assert f"1 of {n} exercises pass their public checks or are written: not ready to hand in yet" in out
    assert path.read_bytes() == before, "validate must not change the learner's notebook"
    nothing = subprocess.run([sys.executable, "-m", "curriculum.learner.validate"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60)
    assert nothing.returncode == 2 and "no notebook to validate" in nothing.stderr


def _answered(tmp_path, change=None, choice="reference"):
    """Module 00 with every exercise answered as the reference does (and the written answer written),
    or with another of the variants (`choice`: "mistake0" is each exercise's first listed mistake)."""
    from curriculum.instructor.authoring.instructor_files import load_instructor_file
    from curriculum.instructor.course import Course
    from curriculum.instructor.demo import Learner, build_submission

    variants = load_instructor_file(REPO, MODULE, "variants").VARIANTS
    learner = Learner("ref", choices={g: choice for g in variants}, writes_answer=True)
    nb = build_submission(Course(REPO), MODULE, learner, variants)
    if change:
        change(nb)
    folder = tmp_path / MODULE
    shutil.copytree(REPO / "release" / MODULE, folder)
    path = next(folder.glob("*.ipynb"))
    nbformat.write(nb, path)
    return path


def test_a_notebook_ready_to_hand_in_validates_in_nbgrader_s_format_and_exits_0(tmp_path, capsys):
    from curriculum.learner.validate import main
    from curriculum.learner.validator import CourseValidator

    path = _answered(tmp_path)
    assert CourseValidator().validate(str(path)) == {}  # nbgrader's dialog: the notebook passes
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "\u270e WRITTEN        w10_interpret_scatter" in out and "not ready" not in out


def test_a_changed_locked_cell_is_nbgrader_s_report_and_fails(tmp_path, capsys):
    from curriculum.learner.validate import main

    def unlock(nb):
        test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q02_shape")
        test.source = "print('\u2713 [PASSED] q02_shape')  # \x1b[2J\x07"

    path = _answered(tmp_path, unlock)
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "THE CONTENTS OF 1 TEST CELL(S) HAVE CHANGED!" in out
    assert "print('\u2713 [PASSED] q02_shape')" in out and "\x1b" not in out and "\x07" not in out


def test_check_messages_draw_no_plot_and_every_mistake_is_reported(tmp_path):
    """Accessibility of what check cells show: words and symbols only, no plot of their own (a plot
    would need a title, labels and the palette); each first mistake the public checks see is listed."""
    from curriculum.learner.progress import states_of
    from curriculum.learner.validator import CourseValidator

    validator = CourseValidator()
    failed = validator.validate(str(_answered(tmp_path, choice="mistake0")))["failed"]
    checks = [c for c in validator.last_run.cells if c.metadata.get("nbgrader", {}).get("grade")
              and c.cell_type == "code"]
    assert checks and all("image/png" not in o.get("data", {}) for c in checks for o in c.outputs)
    assert all("\u2717 [" in entry["raw_error"] for entry in failed[1:]), failed
    states = states_of(validator.last_run)  # a mistake the public checks cannot see is FORMAT OK (hidden checks)
    assert len(failed) - 1 == sum(state == "not yet" for state in states.values()) >= len(checks) - 2
