"""What a feedback page says at the top: each exercise by its number and title, its points and state.

nbgrader's feedback template lists "Test cell" once per graded cell. ExerciseSummary (a
preprocessor of GenerateFeedback, after nbgrader's GetGrades, set in nbgrader_config.py) puts a row
per exercise in the page's resources, titled from the module's source notebook (never from the
learner's copy, whose markdown the learner could have changed): "Exercise 4 · Select, filter,
group". The course's template (templates/curriculum_feedback/) shows them as a table with a word and
a symbol for each state, and keeps nbgrader's page below it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import nbformat
import nbgrader
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor

#: The state of an exercise on the page: a symbol and a word (never colour alone).
STATES = {"full": "\u2713 full points", "partial": "\u25d0 some points", "none": "\u2717 no points",
          "waiting": "\u2026 waiting for a person"}
_EXERCISE = re.compile(r"^#{2,4}\s+(Exercise\s+\d+)", re.M)
_SECTION = re.compile(r"^##\s+(?:\d+\.\s*)?(.+?)\s*$", re.M)
_NBGRADER = Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader"
#: Where the course's template (curriculum_feedback/) and nbgrader's, which it extends, are found
#: (HTMLExporter.extra_template_basedirs of GenerateFeedback, in nbgrader_config.py) ...
TEMPLATE_DIRS = [str(Path(__file__).resolve().parent / "templates"), str(_NBGRADER / "templates")]
#: ... and the paths its `extends 'feedback/index.html.j2'` and nbgrader's stylesheet are read from
#: (HTMLExporter.extra_template_paths, which nbgrader sets to the stylesheet's folder alone).
TEMPLATE_PATHS = [str(_NBGRADER / "templates"),
                  str(_NBGRADER / "static" / "node_modules" / "bootstrap" / "dist" / "css")]


@lru_cache(maxsize=32)
def titles(source_notebook: str, modified: float) -> dict[str, str]:
    """grade id -> "Exercise N · section title", read from a source notebook (cached per version)."""
    nb = nbformat.read(source_notebook, as_version=4)
    found, section, exercise = {}, "", ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            sections = _SECTION.findall(cell.source)
            section = sections[-1] if sections else section
            exercises = _EXERCISE.findall(cell.source)
            exercise = exercises[-1] if exercises else exercise
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id"):
            found[meta["grade_id"]] = " \u00b7 ".join(part for part in (exercise, section) if part)
    return found


def state(score: float | None, points: float, waiting: bool) -> str:
    """The key of STATES for a grade."""
    if waiting:
        return "waiting"
    score = score or 0.0
    return "full" if score >= points else "partial" if score > 0 else "none"


class ExerciseSummary(NbGraderPreprocessor):
    """Put resources["curriculum"]["exercises"]: one row per graded cell, in the notebook's order."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        module, notebook = info["assignment"], info["notebook"]
        source = Path(CourseDirectory(config=self.config).root) / "source" / module / f"{notebook}.ipynb"
        named = titles(str(source), source.stat().st_mtime) if source.is_file() else {}
        rows = []
        with Gradebook(info["db_url"]) as gb:
            for cell in nb.cells:
                if not utils.is_grade(cell):
                    continue
                grade_id = cell.metadata.nbgrader["grade_id"]
                grade = gb.find_grade(grade_id, notebook, module, info["student"])
                points = float(grade.max_score or 0)
                key = state(grade.score, points, bool(grade.needs_manual_grade))
                rows.append({"grade_id": grade_id, "title": named.get(grade_id, grade_id),
                             "score": float(grade.score or 0), "points": points, "state": STATES[key],
                             "written": cell.cell_type == "markdown",
                             "comment": bool(cell.metadata.nbgrader.get("comment"))})
        resources.setdefault("curriculum", {})["exercises"] = rows
        return nb, resources


#: GenerateFeedback's pipeline: nbgrader's own two, then the summary's rows.
FEEDBACK_PREPROCESSORS = [GetGrades, CSSHTMLHeaderPreprocessor, ExerciseSummary]
