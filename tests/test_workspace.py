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
