"""`curriculum new-module ID`: turn a planned syllabus entry into a draft module that passes the tests.

It writes the four files an author then edits (the notebook's text form, the exercise definitions,
the hidden checks and the variants), each with one example exercise that asks for the number of
rows of the module's first dataset, and moves the syllabus entry from "planned" to "draft" with
that exercise's line. Points and outcomes stay in the syllabus only; the rest is generated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.learner import syllabus
from curriculum.learner.exercises import definition_file


class ScaffoldError(ValueError):
    """The module cannot be scaffolded (unknown, not planned, or its files exist)."""


@dataclass(frozen=True)
class Plan:
    """What the scaffold fills in: the module, its notebook name, data and first grade id."""

    module: syllabus.Module
    notebook: str
    dataset: str
    grade_id: str

    @property
    def number(self) -> str:
        return self.module.id.split("-", 1)[0]


def plan(module_id: str) -> Plan:
    """The scaffold of a planned module, or ScaffoldError saying why there is none."""
    try:
        module = syllabus.load().module(module_id)
    except KeyError:
        planned = [m.id for m in syllabus.load().modules if m.status == "planned"]
        raise ScaffoldError(f"{module_id} is not in the syllabus; planned modules: {', '.join(planned) or 'none'}")
    if module.status != "planned":
        raise ScaffoldError(f'{module_id} has status = "{module.status}" in the syllabus: only a planned module '
                            "is scaffolded")
    if not module.datasets:
        raise ScaffoldError(f"{module_id} lists no datasets in the syllabus: add the data it uses first")
    number = int(module_id.split("-", 1)[0])
    first = f"q{number}01_rows" if number else "q01_rows"
    return Plan(module, module_id.split("-", 1)[1], module.datasets[0], first)


def notebook_text(p: Plan) -> str:
    m, data = p.module, p.dataset
    objectives = "\n".join(f"# {i}. {o}" for i, o in enumerate(m.objectives, 1))
    return f'''# %% [markdown]
# # Module {p.number} · {m.title}
#
# **Time:** about {m.minutes} minutes. **Data:** `{data}` (see its datasheet in `datasets/`).
#
# By the end of this notebook you will be able to:
#
{objectives}

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import pandas as pd

from curriculum.learner.data import load
from curriculum.learner.notebook import check, hint, progress, summary
from curriculum.learner.plotting import use_course_style

use_course_style()
data = load("{data}")

# %% [markdown]
# ### Exercise 1
# How many rows does the table `data` have? Store the count in `n_rows` (a whole number).

# %% tags=["answer"] grade_id="{p.grade_id}_answer"
### BEGIN SOLUTION
n_rows = len(data)
### END SOLUTION

# %% tags=["check"] grade_id="{p.grade_id}"
check("{p.grade_id}")

# %% [markdown]
# ## Where you stand

# %%
summary("{p.module.id}")
'''


def exercises_text(p: Plan) -> str:
    return f'''"""Module {p.number} · {p.module.title}: public exercise definitions, in notebook order.

Points and outcomes are in the module's syllabus entry; hidden checks in source/{p.module.id}/hidden_checks.py.
"""
from __future__ import annotations

from curriculum.learner.checks import Exercise, Integer, require

EXERCISES = [
    Exercise(
        grade_id="{p.grade_id}",
        answers={{"n_rows": Integer()}},
        hint="Which function gives the length of a table, or which attribute gives its shape?",
        checks=[
            require(lambda a: a.n_rows > 0, "`n_rows` should be a positive count of rows."),
        ],
    ),
]
'''


def hidden_text(p: Plan) -> str:
    return f'''"""Hidden checks for module {p.number}, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-{p.number}: tests prove this line never reaches a learner or a feedback file.
"""
from curriculum.learner.checks import mistake, require
from curriculum.learner.data import load

_data = load("{p.dataset}")

HIDDEN = {{
    "{p.grade_id}": [
        mistake(lambda a: a.n_rows == _data.shape[1],
                "`n_rows` is the number of columns: a table's length is its number of rows."),
        require(lambda a: a.n_rows == len(_data), "`n_rows` is not the number of rows of `data`."),
    ],
}}
'''


def variants_text(p: Plan) -> str:
    return f'''"""Graded variants of each exercise in module {p.number}, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
The reference solution is the notebook's own solution cell. Instructor-side only: never released.
"""

VARIANTS = {{
    "{p.grade_id}": {{
        "alternatives": ["n_rows = data.shape[0]"],
        "mistakes": [("n_rows = len(data.columns)", "number of columns")],
    }},
}}
'''


def syllabus_text(text: str, p: Plan) -> str:
    """The syllabus with the module's entry moved to draft, with the example exercise's line."""
    start = text.index(f'id = "{p.module.id}"')
    end = text.find("[[modules]]", start)
    end = len(text) if end < 0 else end
    entry = text[start:end]
    planned = ", ".join(f'"{o}"' for o in p.module.outcomes)
    outcome = p.module.outcomes[0] if p.module.outcomes else "O1"
    entry, n = re.subn(r'(?m)^status = "planned"$', 'status = "draft"', entry)
    entry = re.sub(r"(?m)^outcomes = \[.*\]$",
                   f"# planned outcomes (its exercises' outcomes are the module's): {planned}", entry)
    line = f'exercises = [\n  {{ id = "{p.grade_id}", points = 1, outcomes = ["{outcome}"] }},\n]'
    entry, m = re.subn(r"(?m)^exercises = \[\]$", line, entry)
    if n != 1 or m != 1:
        raise ScaffoldError(f"cannot edit the entry of {p.module.id} in {syllabus.PATH.name}: expected one "
                            'status = "planned" line and one exercises = [] line')
    return text[:start] + entry + text[end:]


def scaffold(root: Path, module_id: str) -> list[Path]:
    """Write the draft module's files under the course `root`; return them, the syllabus last."""
    p = plan(module_id)
    files = {
        root / "source" / module_id / f"{p.notebook}.py": notebook_text(p),
        root / definition_file(module_id): exercises_text(p),
        root / "source" / module_id / "hidden_checks.py": hidden_text(p),
        root / "source" / module_id / "variants.py": variants_text(p),
    }
    existing = [str(path.relative_to(root)) for path in files if path.exists()]
    if existing:
        raise ScaffoldError(f"{module_id} already has files: {', '.join(existing)}")
    syllabus_file = root / syllabus.PATH.relative_to(syllabus.PATH.parents[2])
    new_syllabus = syllabus_text(syllabus_file.read_text(), p)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    syllabus_file.write_text(new_syllabus)
    syllabus.load.cache_clear()
    return [*files, syllabus_file]
