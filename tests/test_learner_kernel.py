"""What a learner sees in JupyterLab: public checks only, honest wording, short messages."""
from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .conftest import MODULE, REPO


def test_public_checks_in_the_learners_kernel(tmp_path):
    nb = nbformat.read(next((REPO / "release" / MODULE).glob("*.ipynb")), as_version=4)
    answers = {"q01_predict_mean_answer": "predicted_mean = 7.0",
               "q02_shape_answer": "n_columns, n_rows = penguins.shape",
               "q04_filter_answer": "heavy_gentoo = penguins[['species', 'body_mass_g']]"}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    NotebookClient(nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    out = {c.metadata.nbgrader["grade_id"]: c.outputs for c in nb.cells
           if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    ok_text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in out["q01_predict_mean"])
    assert ok_text.startswith("\u25cb [FORMAT OK] q01_predict_mean: value checked at grading"), ok_text
    # a pass is visibly marked where HTML shows: a bordered box with the same symbol and words
    box = out["q01_predict_mean"][0]["data"]["text/html"]
    assert "border-left" in box and "\u25cb [FORMAT OK]" in box and 'role="status"' in box
    assert "all tests passed" not in ok_text.lower()
    wrong = out["q02_shape"][0]
    assert wrong.output_type == "error"
    assert wrong.traceback[0].startswith("\u2717 [NOT YET] q02_shape:") and "swap" in wrong.traceback[0]
    assert len(wrong.traceback) <= 3  # a message and a hint, not a stack trace
    # the right type with the wrong columns: a shape message, not the misconception about & and |
    shaped = out["q04_filter"][0]
    assert shaped.traceback[0].startswith("\u2717 [WRONG SHAPE] q04_filter: `heavy_gentoo` should keep all 8 columns")
    assert "&" not in shaped.traceback[0]
    # not attempted yet: one calm line, not an error (and no hint before any attempt)
    stub = out["q03_missing"]
    assert [o.output_type for o in stub] == ["stream"], stub
    assert stub[0].text == ("\u2013 [NOT ATTEMPTED] q03_missing: not attempted yet "
                            "(`missing_per_column` is not defined).\n")
    assert "whether the value itself is right is decided at grading" in ok_text
    # no check cell returns a value (a bare number would read as partial credit to nbgrader)
    assert not any(o.output_type == "execute_result" for outs in out.values() for o in outs)


def test_answer_and_check_cells_are_tagged_so_that_run_all_goes_on():
    """Run All on an untouched release/ notebook reaches the last cell without a single error
    (tests/test_no_answer_shown.py runs each one so). A wrong answer still raises in its check cell:
    the `raises-exception` tag that release puts on answer and check cells lets Run All go on past it,
    in JupyterLab and nbclient alike."""
    for module_dir in sorted((REPO / "release").iterdir()):
        nb = nbformat.read(next(module_dir.glob("*.ipynb")), as_version=4)
        answer_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
                        and c.cell_type == "code"]
        assert answer_cells and all("raises-exception" in c.metadata.get("tags", []) for c in answer_cells)


def test_source_notebooks_are_not_tagged_to_run_on():
    """In source/, a reference solution that raises must still fail nbval."""
    for path in sorted((REPO / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert not any("raises-exception" in c.metadata.get("tags", []) for c in nb.cells), path
