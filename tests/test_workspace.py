"""`make lab`'s copy of release/ into the learner's workspace/: new notebooks in, the learner's work never lost."""
from __future__ import annotations

from curriculum.learner.workspace import main, update


def _release(tmp_path, text="v1"):
    release = tmp_path / "release"
    (release / "00").mkdir(parents=True, exist_ok=True)
    (release / "00" / "nb.ipynb").write_text(text)
    return release


def test_new_notebooks_are_copied_and_a_rerun_touches_nothing(tmp_path):
    release, workspace = _release(tmp_path), tmp_path / "workspace"
    assert update(release, workspace) == ["new: 00/nb.ipynb"]
    assert (workspace / "00" / "nb.ipynb").read_text() == "v1"
    assert update(release, workspace) == []


def test_an_untouched_notebook_follows_a_corrected_release(tmp_path):
    release, workspace = _release(tmp_path), tmp_path / "workspace"
    update(release, workspace)
    _release(tmp_path, "v2")
    assert update(release, workspace) == ["updated: 00/nb.ipynb"]
    assert (workspace / "00" / "nb.ipynb").read_text() == "v2"


def test_the_learners_work_is_never_overwritten(tmp_path):
    release, workspace = _release(tmp_path), tmp_path / "workspace"
    update(release, workspace)
    (workspace / "00" / "nb.ipynb").write_text("my answers")
    _release(tmp_path, "v2")
    said = update(release, workspace)
    assert said == ["kept your 00/nb.ipynb; the new version is 00/nb.updated.ipynb"]
    assert (workspace / "00" / "nb.ipynb").read_text() == "my answers"
    assert (workspace / "00" / "nb.updated.ipynb").read_text() == "v2"
    assert update(release, workspace) == []  # said once, not at every start


def test_a_damaged_record_keeps_every_changed_file(tmp_path):
    release, workspace = _release(tmp_path), tmp_path / "workspace"
    update(release, workspace)
    (workspace / ".release.json").write_text("{not json")
    (workspace / "00" / "nb.ipynb").write_text("my answers")
    update(release, workspace)
    assert (workspace / "00" / "nb.ipynb").read_text() == "my answers"


def test_a_missing_release_is_a_one_line_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope"), str(tmp_path / "ws")]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_progress_reads_the_check_cells_and_says_what_is_left(tmp_path):
    """`make progress`: per module of the track, the states the check cells last showed, what is left
    and the planned modules nobody can pass yet; a module not copied yet is "not started"."""
    import json

    from curriculum.learner import syllabus
    from curriculum.learner.progress import check_states, report

    from .conftest import REPO

    module = "00-python-for-data"
    nb = json.loads(next((REPO / "release" / module).glob("*.ipynb")).read_text())
    format_ok = "\u25cb [FORMAT OK] q01_predict_mean: value checked at grading"
    said = {"q01_predict_mean": {"output_type": "display_data", "metadata": {}, "data": {"text/plain": format_ok}},
            "q02_shape": {"output_type": "error", "ename": "CheckFailed", "evalue": "",
                          "traceback": ["\u2717 [NOT YET] q02_shape: did you swap them?"]},
            "q03_missing": {"output_type": "stream", "name": "stdout",
                            "text": "\u2013 [NOT ATTEMPTED] q03_missing: not attempted yet.\n"}}
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in said and cell["metadata"]["nbgrader"].get("grade"):
            cell["outputs"] = [said[grade_id]]
    (tmp_path / module).mkdir()
    (tmp_path / module / "python-for-data.ipynb").write_text(json.dumps(nb))
    states = check_states(tmp_path / module / "python-for-data.ipynb")
    assert states["q01_predict_mean"] == "format OK" and states["q02_shape"] == "not yet"
    assert states["q03_missing"] == "not attempted" and states["q04_filter"] == "not run"
    lines = "\n".join(report("practitioner", tmp_path))
    n = sum(1 for e in syllabus.load().module(module).exercises if e.graded_by == "autograder")
    assert f"{module} \u00b7" in lines and f"1 of {n} exercises pass their public checks" in lines
    assert f"1 format OK, 1 not yet, 1 not attempted, {n - 3} not run" in lines
    assert "left: q02_shape, q03_missing" in lines and "w10_interpret_scatter" in lines
    assert "01-data-prep \u00b7 Preparing data: not started" in lines
    planned = [m.id for m in syllabus.load().modules if m.status == "planned" and "practitioner" in m.tracks]
    assert planned and all(f"{m} \u00b7" in lines for m in planned) and "not available yet" in lines
    try:
        report("manager", tmp_path)
    except KeyError as exc:
        assert "unknown track 'manager'" in exc.args[0]
    else:
        raise AssertionError("an unknown track must be refused")
