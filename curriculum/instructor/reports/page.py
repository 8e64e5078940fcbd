"""Write the report: index.html (figures embedded as PNG) and the CSVs behind it, side by side.

`write_report` is the one entry point (`curriculum report`). The page is rendered by Jinja2 with
autoescape on, so every learner's id, message or title reaches the page as text; every CSV cell that
a spreadsheet would read as a formula gets a leading apostrophe (`untrusted.csv_cell`).
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from curriculum.instructor.course import Course
from curriculum.instructor.grading.report import COLUMNS, rows
from curriculum.instructor.grading.tracks import MODULE_STATES, TRACK_STATES, standings
from curriculum.instructor.reports import figures
from curriculum.instructor.reports.items import FLAG_BELOW, FLAG_MIN, analyse
from curriculum.instructor.reports.summary import learner_rows, module_rows, score_lists, track_counts
from curriculum.instructor.untrusted import csv_cell
from curriculum.learner import syllabus

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The CSVs written beside index.html, and their columns.
CSV_COLUMNS = {
    "modules.csv": ["module", "title", "pass_mark_percent", "learners", "graded", "passed", "below", "pending",
                    "not_submitted", "not_graded", "waiting_for_person", "pass_rate", "mean_percent",
                    "median_percent"],
    "exercises.csv": ["module", "grade_id", "title", "kind", "points", "graded", "waiting", "full_points",
                      "pass_rate", "mean_score", "not_attempted", "not_attempted_share", "hint_levels",
                      "hints_learners", "hints_share", "hints_mean_level", "flagged", "flag_reason"],
    "messages.csv": ["module", "grade_id", "title", "message", "kind", "where", "count", "share"],
    "learners.csv": ["student", "track", "track_title", "state", "standing", "modules_passed", "modules",
                     "remaining"],
}
#: A symbol beside each track standing's words (never colour alone).
SYMBOLS = {"passed": "\u2713", "waiting": "\u2026", "in progress": "\u25d0", "not open": "\u25cb",
           "below": "\u2717", "not graded": "\u2013"}


def write_csv(path: Path, records: list[dict], columns: list[str]) -> None:
    """The records as CSV, formula-looking text cells neutralised (numbers stay numbers)."""
    frame = pd.DataFrame(records, columns=columns)
    for column in frame.columns:  # counts with a gap stay whole numbers (3, not 3.0)
        values = [v for v in frame[column] if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
    frame.map(csv_cell).to_csv(path, index=False)


def _pct(value) -> str:
    return "\u2014" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = _pct
    return env


def build_charts(modules: list[dict], scores: dict[str, list[float]], exercises: list[dict],
                 learners: list[dict]) -> dict:
    """Every figure of the page: pass rates, score distributions and exercises per module, tracks."""
    by_module = {m["module"]: m for m in modules}
    graded = [m for m in modules if m["graded"]]
    return {
        "pass_rates": figures.pass_rates(modules) if graded else None,
        "scores": {m["module"]: figures.score_distribution(m["module"], scores[m["module"]],
                                                          by_module[m["module"]]["pass_mark_percent"])
                   for m in graded},
        "exercises": {m["module"]: figures.exercise_pass_rates(m["module"],
                                                               [e for e in exercises if e["module"] == m["module"]])
                      for m in graded if any(e["module"] == m["module"] for e in exercises)},
        "tracks": figures.track_standings(track_counts(learners), TRACK_STATES) if learners else None,
    }


def all_charts(charts: dict) -> list[figures.Chart]:
    """The charts of build_charts, flat, in the page's order."""
    out = [charts["pass_rates"]] + list(charts["scores"].values()) + list(charts["exercises"].values())
    return [c for c in out + [charts["tracks"]] if c is not None]


def gather(course: Course, progress=None) -> dict:
    """Everything the page and the CSVs show, from the gradebook, the graded and submitted notebooks."""
    with course.gradebook() as gb:
        data = rows(course, gb)
        exercises, messages, skipped = analyse(course, data, gb, progress)
    table = pd.DataFrame([asdict(r) for r in data], columns=COLUMNS)
    modules = module_rows(table, course.modules())
    learners = learner_rows(standings(course, data))
    return {"modules": modules, "scores": score_lists(table, course.modules()), "exercises": exercises,
            "messages": messages, "learners": learners, "skipped": skipped.files}


def write_report(course: Course, out_dir: Path | None = None, progress=None) -> Path:
    """Write index.html and modules.csv, exercises.csv, messages.csv, learners.csv into `out_dir`
    (default: reports/ in the course); return the page's path. `progress(module)` is called as each
    module's notebooks have been read."""
    out = course.path("reports") if out_dir is None else Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_files(gather(course, progress), out)


def write_files(found: dict, out: Path) -> Path:
    """The page and the CSVs of what `gather` found, into the folder `out`; the page's path."""
    for name, columns in CSV_COLUMNS.items():
        records = found[name.removesuffix(".csv")]
        if name == "learners.csv":
            records = [{**r, "remaining": "; ".join(f"{m}: {w}" for m, w in r["remaining"])} for r in records]
        write_csv(out / name, records, columns)
    charts = build_charts(found["modules"], found["scores"], found["exercises"], found["learners"])
    plan = syllabus.load()
    html = environment().get_template("report.html.j2").render(
        course_title=plan.course_title or "the course", generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
        charts=charts, flag_below=FLAG_BELOW, flag_min=FLAG_MIN, symbols=SYMBOLS, module_states=MODULE_STATES,
        track_states=TRACK_STATES, track_titles=plan.track_titles, track_modules=plan.tracks,
        csvs=list(CSV_COLUMNS), **found)
    page = out / "index.html"
    page.write_text(html, encoding="utf-8")
    for chart in all_charts(charts):
        chart.figure.clear()  # the figures are in the page: free their memory
    return page
