"""Hints on request: `hint("q02")` reveals one level at a time; grading reports how many were revealed."""
from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from curriculum.instructor.demo import reference_code
from curriculum.instructor.grading import pipeline
from curriculum.instructor.grading.hints import RecordHintReveals, reveals
from curriculum.instructor.grading.run_state import RunState
from curriculum.learner import syllabus
from curriculum.learner.exercises import module_exercises
from curriculum.learner.notebook import HINT_METADATA, lookup

from .conftest import MODULE, REPO, source_notebook

MODULES = [m.id for m in syllabus.load().in_source]


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_has_two_hint_levels_and_none_gives_the_answer(module):
    """At least two levels; none holds a line of the solution or a text or letter answer, except what
    the exercise's own text already gives (a starting line such as `fig, ax = plt.subplots()`)."""
    reference = reference_code(source_notebook(module))
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    given = squash("".join(c.source for c in source_notebook(module).cells if c.cell_type == "markdown"))
    for grade_id, exercise in module_exercises(module).items():
        levels = exercise.hint_levels
        assert len(levels) >= 2, f"{grade_id} has {len(levels)} hint level(s); hint() needs at least 2"
        solution = [squash(line) for line in reference.get(grade_id, "").splitlines()
                    if len(squash(line)) > 12 and not line.lstrip().startswith("#") and squash(line) not in given]
        for text in levels:
            pasted = [line for line in solution if line in squash(text)]
            assert not pasted, f"{grade_id}: a hint holds a line of the solution: {pasted[0]}"
        literal = [v for v in re.findall(r"=\s*['\"]([^'\"]+)['\"]\s*$", reference.get(grade_id, ""), re.M)
                   if f'"{v}"' not in given and f"'{v}'" not in given]
        for value in literal:  # a text or letter answer never appears quoted in a hint
            assert not any(f'"{value}"' in t or f"'{value}'" in t or f"({value})" in t for t in levels), grade_id


def test_an_exercise_is_found_by_id_number_or_answer_name():
    assert lookup("q02_shape")[0] == lookup("q02")[0] == lookup("n_rows")[0] == "q02_shape"
    with pytest.raises(ValueError, match="no exercise is called 'q999'"):
        lookup("q999")


def test_hints_reveal_one_level_at_a_time_and_leave_a_mark_grading_counts(tmp_path):
    nb = nbformat.read(next((REPO / "release" / MODULE).glob("*.ipynb")), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('hint("q02")\nhint("n_rows")\nhint("q02_shape")\nhint("q02")'))
    NotebookClient(nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [o for o in nb.cells[-1].outputs if o.output_type == "display_data"]
    levels = module_exercises(MODULE)["q02_shape"].hint_levels
    assert [o.metadata[HINT_METADATA]["level"] for o in shown] == [min(i, len(levels)) for i in (1, 2, 3, 4)]
    first = shown[0].data["text/plain"]
    assert first.startswith(f"Hint 1 of {len(levels)} for q02_shape") and levels[0] in first
    assert "(the last hint)" in shown[-1].data["text/plain"] and levels[-1] in shown[-1].data["text/plain"]
    assert reveals(nb, module_exercises(MODULE)) == {"q02_shape": len(levels)}


def test_grading_records_the_reveals_and_trusts_no_forged_mark():
    """The first sanitizing step counts the marks before nbgrader's ClearOutput; a mark for an unknown
    exercise or a level that does not exist is not counted."""
    assert pipeline.SANITIZE.index("curriculum.instructor.grading.hints.RecordHintReveals") \
        < pipeline.SANITIZE.index("nbgrader.preprocessors.ClearOutput")
    nb = nbformat.v4.new_notebook()
    marks = [{"grade_id": "q01_predict_mean", "level": 1}, {"grade_id": "q01_predict_mean", "level": 2},
             {"grade_id": "q04_filter", "level": 99}, {"grade_id": "<script>", "level": 1},
             {"grade_id": "q05_group", "level": "2"}, "not a dict"]
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": "x"}, metadata={HINT_METADATA: m})
                    for m in marks]
    nb.cells.append(cell)
    run = RunState()
    step = RecordHintReveals(run=run)
    step.preprocess(nb, {"nbgrader": {"assignment": MODULE, "student": "ada", "notebook": "python-for-data"}})
    total = len(module_exercises(MODULE)["q01_predict_mean"].hint_levels)
    assert run.take_events("ada", MODULE) == [f"hints revealed: q01_predict_mean (2 of {total})"]
