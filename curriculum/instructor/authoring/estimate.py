"""How long a module takes a new learner, by one written rule (AUTHORING.md, "An honest time").

Reading the markdown at 130 words a minute (a novice reading technical text, with code in it);
reading, running and looking at demonstration code at 6 lines a minute; and each exercise by the
kind of answer it asks for. The syllabus states each module's minutes; a test holds them to this.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import nbformat

from curriculum.learner.checks import kinds

WORDS_PER_MINUTE = 130
CODE_LINES_PER_MINUTE = 6
#: Minutes for an exercise, by the kind of its main answer; each further answer adds EXTRA_ANSWER.
MINUTES_BY_KIND = {kinds.Choice: 3, kinds.Boolean: 3, kinds.Number: 3, kinds.Integer: 3, kinds.Text: 3,
                   kinds.Frame: 5, kinds.SeriesOf: 5, kinds.Array: 5, kinds.FigureOf: 6, kinds.Function: 8,
                   kinds.Model: 8}
EXTRA_ANSWER = 2
WRITTEN_ANSWER = 8
#: Stated times are rounded up to this many minutes.
ROUND_TO = 5


@dataclass(frozen=True)
class Estimate:
    reading: float
    code: float
    exercises: float
    written: float

    @property
    def minutes(self) -> int:
        total = self.reading + self.code + self.exercises + self.written
        return int(math.ceil(total / ROUND_TO) * ROUND_TO)


def exercise_minutes(exercise) -> float:
    """An exercise's minutes: its most demanding answer, plus EXTRA_ANSWER for each other one."""
    costs = sorted((MINUTES_BY_KIND.get(type(kind), 5) for kind in exercise.answers.values()), reverse=True)
    return costs[0] + EXTRA_ANSWER * (len(costs) - 1) if costs else 0


def estimate(notebooks: list[nbformat.NotebookNode], exercises: dict, written: int) -> Estimate:
    """The estimate for a module's notebooks, its exercise definitions and its written answers."""
    words = lines = 0
    for nb in notebooks:
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("grade"):
                words += len(re.findall(r"\w+", cell.source))
            elif cell.cell_type == "code" and not cell.metadata.get("nbgrader"):
                code = [line.strip() for line in cell.source.splitlines()]
                lines += sum(1 for line in code if line and not line.startswith("#"))
    return Estimate(words / WORDS_PER_MINUTE, lines / CODE_LINES_PER_MINUTE,
                    sum(exercise_minutes(ex) for ex in exercises.values()), WRITTEN_ANSWER * written)
