"""nbgrader's Validate, reporting the course's states: the lab's Validate button and `make validate`.

nbgrader's Validator runs a copy of the notebook from the top with its own preprocessors (the cells'
nbgrader metadata checked, outputs cleared, every cell run) and knows when a locked cell was edited.
Stock, it then passes every test cell that raised nothing, so a notebook with nothing answered says
"Success!". CourseValidator keeps nbgrader's run and its checks of changed cells, then reads what each
check cell said and reports every exercise: passed, format OK (the value is judged at grading), not
yet (with the message) or not attempted. Only a notebook whose every exercise passes its public
checks validates; the hidden checks still run at grading only.
"""
from __future__ import annotations

import html
import re
import sys

from nbgrader import utils
from nbgrader.validator import Validator
from traitlets.config import Config

from curriculum.learner.progress import states_of

#: A symbol for each state, so that no state depends on colour.
MARK = {"passed": "\u2713", "format OK": "\u25cb", "not yet": "\u2717", "not attempted": "\u2013",
        "not run": "\u2013", "written": "\u270e", "not written": "\u2013"}
READY = ("passed", "format OK", "written")
#: What the report says of a state whose cell said nothing.
UNSAID = {"not written": "the written answer is still the placeholder: write it in that cell.",
          "not run": "this check cell showed nothing: run the notebook from the top."}
#: The settings of nbgrader's run: a notebook that trains models needs more than 30 s in a cell.
SETTINGS = {"Execute": {"timeout": 300}}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character (a terminal's escape codes) but newline and tab as "?"."""
    return _CONTROL.sub("?", text)


def messages_of(nb: dict) -> dict[str, str]:
    """grade id -> what its check cell said when it did not pass (its error, or its not-attempted line)."""
    said = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not (meta.get("grade") and cell.get("cell_type") == "code"):
            continue
        for output in cell.get("outputs", []):
            text = output.get("traceback") or output.get("text") or ""
            text = "\n".join(text) if output.get("traceback") else ("".join(text) if isinstance(text, list) else text)
            if text.strip():
                # the notebook's text reaches a terminal: no control character (escape codes) passes
                said[str(meta.get("grade_id"))] = printable(text.strip())
                break
    return said


def written_states(nb: dict) -> dict[str, str]:
    """grade id -> "written" or "not written" for each written answer (graded by a person)."""
    states = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown" and utils.is_grade(cell) and utils.is_solution(cell):
            unchanged = utils.determine_grade(cell)[0] == 0  # nbgrader: the answer is still the stub
            states[str(cell.metadata.nbgrader.get("grade_id"))] = "not written" if unchanged else "written"
    return states


def report_lines(nb: dict) -> tuple[list[str], bool]:
    """One line per exercise (with the message under an exercise that is not ready), the summary
    line, and whether every exercise passes its public checks and every written answer is written."""
    states, said = {**states_of(nb), **written_states(nb)}, messages_of(nb)
    lines = []
    for grade_id, state in states.items():
        lines.append(f"  {MARK[state]} {state.upper():<14} {grade_id}")
        if state == "not yet" and grade_id in said:
            lines += ["      " + line.split(f"{grade_id}: ", 1)[-1] for line in said[grade_id].splitlines()]
    done = sum(state in READY for state in states.values())
    ok = done == len(states)
    lines.append(f"  {done} of {len(states)} exercises pass their public checks or are written"
                 + ("" if ok else ": not ready to hand in yet") + ". Values and written answers are judged at grading.")
    return lines, ok


class CourseValidator(Validator):
    """nbgrader's Validator with the course's report (see the module's docstring)."""

    def __init__(self, **kwargs):
        parent = kwargs.get("parent")
        config = Config(SETTINGS)
        config.merge(kwargs.pop("config", None) or (parent.config if parent is not None else Config()))
        super().__init__(config=config, **kwargs)
        self.last_run: dict = {}
        self.not_ready = 0  # notebooks validate_and_print found not ready to hand in

    @property
    def stream(self):  # nbgrader binds sys.stdout when it is imported; print where stdout is now
        return sys.stdout

    def _preprocess(self, nb):
        self.last_run = super()._preprocess(nb)
        return self.last_run

    def validate(self, filename: str) -> dict:
        """nbgrader's result format, as its Validate dialog shows it: {} when every exercise passes,
        else a first `failed` entry with the state of every exercise, then one for each exercise that
        does not pass (its check cell and what it said)."""
        self.last_run = {}
        results = super().validate(filename)
        if "type_changed" in results or "changed" in results or not self.last_run:
            return results  # nbgrader's own report: a locked cell or a cell's type was changed
        lines, ok = report_lines(self.last_run)
        if ok:
            return {}
        failed = [{"source": "Every exercise of this notebook:", "raw_error": "\n".join(lines)}]
        sources = {c.metadata.nbgrader.grade_id: c.source.strip() for c in self.last_run.cells
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
        said = messages_of(self.last_run)
        for grade_id, state in {**states_of(self.last_run), **written_states(self.last_run)}.items():
            if state not in READY:
                text = said.get(grade_id, f"{MARK[state]} [{state.upper()}] {grade_id}: {UNSAID.get(state, '')}")
                failed.append({"source": sources.get(grade_id, grade_id), "raw_error": text})
        for entry in failed:
            entry["error"] = html.escape(entry["raw_error"])  # the dialog shows it as HTML
        return {"failed": failed}

    def validate_and_print(self, filename: str) -> None:
        """Print the course's report (nbgrader's own where a locked cell was changed); count failures."""
        self.last_run = {}
        results = super().validate(filename)
        if "type_changed" in results or "changed" in results or not self.last_run:
            self.not_ready += 1
            self._print_num_type_changed(len(results.get("type_changed", [])))
            for cell in results.get("type_changed", []):
                self._print_type_changed(cell["old_type"], cell["new_type"], printable(cell["source"]))
            self._print_num_changed(len(results.get("changed", [])))
            for cell in results.get("changed", []):
                self._print_changed(printable(cell["source"]))
            return
        lines, ok = report_lines(self.last_run)
        self.stream.write("\n".join([f"{filename}:"] + lines) + "\n")
        self.stream.flush()
        self.not_ready += not ok
