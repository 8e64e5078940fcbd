"""No cell of a released notebook shows an exercise's answer, before or after the exercise.

Each released notebook runs as a learner first gets it (every answer a stub), as Run All in the lab:
it must reach the last cell with no error at all (each stub is a comment, each check says "not
attempted yet" in one line; a cell without the `raises-exception` tag that raised would stop it). Every value a learner
could copy is collected: the markdown, printed text, displayed values, and the words of every figure
(titles, axis labels, tick labels, legends, notes). None may hold a scalar or text answer of the reference solution.
A demonstration that needs the answer draws the learner's own (after `ready(...)`), or uses other data.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from curriculum.instructor.demo import reference_code
from curriculum.learner import syllabus
from curriculum.learner.exercises import module_exercises

from .conftest import REPO, setup_code, source_notebook

#: Registered before the first cell: after every cell, print the words of each open figure, then close it.
_FIGURE_WORDS = r'''
import json as _json, matplotlib as _mpl
_mpl.use("Agg")
import matplotlib.pyplot as _plt
def _figure_words(*_):
    for _n in _plt.get_fignums():
        _words, _ticks = [], []
        for _ax in _plt.figure(_n).axes:
            _texts = [_ax.title, _ax.xaxis.label, _ax.yaxis.label, *_ax.texts]
            if _ax.get_legend():
                _texts += [*_ax.get_legend().texts, _ax.get_legend().get_title()]
            _words += [t.get_text() for t in _texts]
            _ticks += [t.get_text() for t in [*_ax.get_xticklabels(), *_ax.get_yticklabels()]]
        print("FIGURE-WORDS" + _json.dumps({"words": _words, "ticks": _ticks}))
    _plt.close("all")
get_ipython().events.register("post_run_cell", _figure_words)
'''


def _stub_run(module: str) -> tuple[list[tuple[int, str]], list[str]]:
    """(cell number, text) of everything the released notebook shows when run with its stubs (its
    markdown, and every output), and the cells that show an error."""
    path = next((REPO / "release" / module).glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_FIGURE_WORDS))
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
                   ).execute(env={**os.environ, "MPLBACKEND": "Agg"})
    shown = []
    for number, cell in enumerate(nb.cells[1:], start=1):
        if cell.cell_type == "markdown":  # the notebook's own words may not give an answer either
            shown += [(number, line) for line in cell.source.splitlines()]
        for output in cell.get("outputs", []):
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            shown += [(number, line) for line in text.splitlines()]
    errors = [c.metadata.get("nbgrader", {}).get("grade_id") or c.source[:40] for c in nb.cells[1:]
              if any(o.output_type == "error" for o in c.get("outputs", []))]
    return shown, errors


def _labels(ns: dict) -> set[str]:
    """Every column name and text value of the tables the setup loads: the choices a text answer picks from."""
    labels: set[str] = set()
    for value in ns.values():
        if isinstance(value, pd.DataFrame):
            labels |= {str(c) for c in value.columns}
            for column in value.select_dtypes(exclude="number").columns:
                labels |= {str(v) for v in value[column].dropna().unique()[:1000]}
    return labels


def _answers(module: str) -> list[tuple[str, object]]:
    """(name, value) of each scalar or text answer of the reference solution, and of each value of a
    short list of numbers (a loss curve). Left out: choice letters, and text that names a column or a
    category of the data (picking one of those labels is the exercise; they appear in every listing)."""
    ns: dict = {}
    found = []
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(setup_code(module), "<setup>", "exec"), ns)
        labels = _labels(ns)
        reference = reference_code(source_notebook(module))
        for grade_id, exercise in module_exercises(module).items():
            exec(compile(reference[grade_id], "<answer>", "exec"), ns)
            for name in exercise.answers:
                value = ns.get(name)
                if isinstance(value, str) and len(value) > 1 and value not in labels:
                    found.append((name, value))
                elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                    found.append((name, value))
                elif isinstance(value, (list, np.ndarray)) and 0 < np.size(value) <= 30:
                    array = np.asarray(value)
                    if array.ndim == 1 and array.dtype.kind in "if":
                        found += [(f"{name}[{i}]", v) for i, v in enumerate(array)]
            plt.close("all")
    return found


def _forms(value) -> set[str]:
    """How a value would be written where a learner can read it: numbers with three significant digits
    or more (rounded to 0 to 3 decimals, with or without thousands separators, or as a percentage);
    text as itself. Shorter numbers are looked for in figure words only (_small_int)."""
    if isinstance(value, str):
        return {value}
    value = float(value)
    forms = {f"{value:{sep}.{d}f}" for d in range(4) for sep in ("", ",")} | {f"{100 * value:.{d}f}%" for d in range(2)}
    if value == int(value):
        forms.add(str(int(value)))
    return {f for f in forms if len(re.sub(r"^[-0.]+|[.%]", "", f)) >= 3 and not re.fullmatch(r"-?0\.0*%?", f)}


def _found(form: str, line: str) -> bool:
    """`form` in `line` as a whole number or word, not inside a longer one."""
    return re.search(rf"(?<![\w.]){re.escape(form)}(?![\w]|\.\d)", line) is not None


def _small_int(value) -> str | None:
    """A whole number of one or two digits (a best depth, a count of folds): too common to look for in
    text and tick labels, but a title or legend that names it gives it away."""
    if isinstance(value, str) or value != int(value) or not 2 <= abs(value) < 100:
        return None
    return str(int(value))


@pytest.mark.parametrize("module", [m.id for m in syllabus.load().built])
def test_no_cell_shows_an_answer(module):
    answers = _answers(module)
    assert answers, f"{module} has no scalar or text answer to look for"
    shown, errors = _stub_run(module)
    assert not errors, f"{module}: Run All on the untouched notebook shows errors in {errors}"
    figures = [(n, json.loads(line[len("FIGURE-WORDS"):])) for n, line in shown if line.startswith("FIGURE-WORDS")]
    words = [(n, w) for n, figure in figures for w in figure["words"]]
    texts = [(n, line) for n, line in shown if not line.startswith("FIGURE-WORDS")] + words + [
        (n, t) for n, figure in figures for t in figure["ticks"]]
    leaks = [f"cell {n}: `{name}` = {value!r} appears as {form!r} in {line.strip()[:120]!r}"
             for name, value in answers for form in _forms(value) for n, line in texts if _found(form, line)]
    leaks += [f"cell {n}: `{name}` = {value!r} is named in a figure: {word.strip()[:120]!r}"
              for name, value in answers if _small_int(value) for n, word in words if _found(_small_int(value), word)]
    assert not leaks, f"{module}: answers shown to the learner:\n" + "\n".join(leaks)
