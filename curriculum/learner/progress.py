"""Where a learner stands, module by module, against their track: `make progress` in the bundle.

It reads what the check cells last said in the learner's notebooks in workspace/ (so run a notebook
before you look), never the answers themselves, and never grades: the values are judged at grading.
For each module of the track: exercises passed, format OK (value checked at grading), not yet right,
not attempted or not run; written answers still to write; and what the certificate still needs.

Run: python -m curriculum.learner.progress [--track practitioner] [--workspace workspace]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from curriculum.learner import syllabus

#: The first character of a check cell's first line, as curriculum.learner.notebook.MARKS writes it.
STATES = {"\u2713": "passed", "\u25cb": "format OK", "\u2717": "not yet", "\u2013": "not attempted"}
ORDER = ("passed", "format OK", "not yet", "not attempted", "not run")
#: A notebook larger than this is not read (a learner's notebook with its outputs is far smaller).
MAX_NOTEBOOK_BYTES = 50_000_000


def check_states(notebook: Path) -> dict[str, str]:
    """grade id -> state of each check cell, from the outputs saved in `notebook` ("not run" if none)."""
    if notebook.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"{notebook} is larger than {MAX_NOTEBOOK_BYTES // 1_000_000} MB")
    return states_of(json.loads(notebook.read_text(encoding="utf-8")))


def states_of(nb: dict) -> dict[str, str]:
    """grade id -> state of each check cell of a notebook's JSON, from its outputs."""
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    states = {}
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if not (isinstance(meta, dict) and meta.get("grade") and cell.get("cell_type") == "code"):
            continue
        states[str(meta.get("grade_id"))] = _state(cell.get("outputs") or [])
    return states


def _state(outputs: list) -> str:
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        text = output.get("text") or (output.get("data") or {}).get("text/plain") or \
            "".join(output.get("traceback") or [])
        text = "".join(text) if isinstance(text, list) else str(text)
        if text.strip()[:1] in STATES:
            return STATES[text.strip()[0]]
    return "not run"


def module_report(module: syllabus.Module, workspace: Path) -> list[str]:
    """The lines about one module of the track."""
    head = f"{module.id} \u00b7 {module.title}"
    if module.status == "planned":
        return [f"{head}: not available yet (nobody can pass this track until it is)"]
    notebooks = sorted((workspace / module.id).glob("*.ipynb"))
    notebooks = [n for n in notebooks if not n.name.endswith(".updated.ipynb")]
    if not notebooks:
        return [f"{head}: not started (run `make lab`: it copies the notebook into {workspace}/{module.id}/)"]
    states: dict[str, str] = {}
    for notebook in notebooks:
        states.update(check_states(notebook))
    auto = [e for e in module.exercises if e.graded_by == "autograder"]
    counts = Counter(states.get(e.id, "not run") for e in auto)
    done = counts["passed"] + counts["format OK"]
    lines = [f"{head}: {done} of {len(auto)} exercises pass their public checks"]
    lines.append("  " + ", ".join(f"{counts[s]} {s}" for s in ORDER if counts[s]))
    left = [e.id for e in auto if states.get(e.id, "not run") not in ("passed", "format OK")]
    if left:
        lines.append(f"  left: {', '.join(left)}")
    written = [e.id for e in module.exercises if e.graded_by == "rubric"]
    if written:
        lines.append(f"  written answers, graded by a person: {', '.join(written)}")
    lines.append(f"  pass mark at grading: {module.pass_mark:.0%} of {module.max_points:g} points")
    return lines


def report(track: str, workspace: Path, course: syllabus.Syllabus | None = None) -> list[str]:
    """Every module of `track`, and what the certificate still needs."""
    course = course or syllabus.load()
    if track not in course.tracks:
        raise KeyError(f"unknown track {track!r}: choose one of {', '.join(sorted(course.tracks))}")
    lines = [f"Track: {track} ({len(course.tracks[track])} modules). States are what your check cells "
             "last said: run a notebook to refresh them. Values are judged at grading."]
    for module_id in course.tracks[track]:
        lines += [""] + module_report(course.module(module_id), workspace)
    lines += ["", "The certificate needs every module of the track at or above its pass mark at grading, "
              "and its written answers graded."]
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make progress", description=__doc__.splitlines()[0])
    parser.add_argument("--track", default="practitioner")
    parser.add_argument("--workspace", type=Path, default=Path("workspace"))
    args = parser.parse_args(argv)
    try:
        print("\n".join(report(args.track, args.workspace)))
    except (KeyError, OSError, ValueError) as exc:
        print(f"Error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
