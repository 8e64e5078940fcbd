"""Which messages the judge gave for an exercise: read from a graded test cell, matched to the declared ones.

The judge writes each test cell's verdict as its output (grading/judge.py, `feedback_text`): a first
line "[INCORRECT] 0 of 2 points.", then the messages. The messages an author declares (the public
checks in curriculum/learner/exercises/, the hidden checks in source/<module>/hidden_checks.py) are
found in that text and counted as themselves. What is left (a message built from the answer, which
may quote the learner's data) is counted by its first line cut short, and only the most frequent
few per exercise get a row of their own: a learner's text never decides how large the report is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.instructor.authoring.instructor_files import hidden_checks
from curriculum.instructor.untrusted import shown
from curriculum.learner.checks.core import CHANGED_INPUT
from curriculum.learner.checks.inputs import KEPT_CHANGED, TYPED_BY_HAND
from curriculum.learner.checks.kinds import Function
from curriculum.learner.exercises import UnknownExercise, module_exercises

#: The judge's first line: the status words, as `judge.feedback_text` writes them.
VERDICT = re.compile(r"^\[(CORRECT|PARTLY CORRECT|INCORRECT|WRONG TYPE|WRONG SHAPE|NOT ATTEMPTED|NOT GRADED)\] "
                     r"-?[\d.e+-]+ of -?[\d.e+-]+ points\.$", re.M)
#: How the report names each status word (lower case, as a column name).
STATUSES = {"CORRECT": "correct", "PARTLY CORRECT": "partly correct", "INCORRECT": "incorrect",
            "WRONG TYPE": "wrong type", "WRONG SHAPE": "wrong shape", "NOT ATTEMPTED": "not attempted",
            "NOT GRADED": "not graded"}
#: Statuses whose message says nothing an author can act on (a pass; the "not defined yet" nudge).
SILENT = ("correct", "not attempted")
#: An undeclared message is counted by its first line, cut to this many characters ...
OTHER_LENGTH = 160
#: ... and each exercise lists at most this many undeclared messages; the rest make one row.
OTHER_ROWS = 5
#: The kind of a message that no author declared (built from the answer, or the grader's own).
OTHER = "other"
#: The words of the row that gathers the rarer undeclared messages of an exercise.
RARER = "(other messages, each rarer than those listed)"


@dataclass(frozen=True)
class Declared:
    """A message an author (or the grader, for every exercise alike) declared for an exercise."""

    text: str  # as the judge writes it: through `untrusted.shown`, newlines kept
    kind: str  # misconception | requirement | shape | grader
    where: str  # public | hidden | grader


def _kind(check) -> str:
    return "shape" if check.shape else "misconception" if check.mistake else "requirement"


def declared_messages(course_root: Path, module: str) -> dict[str, list[Declared]]:
    """grade id -> the fixed messages of its checks, public then hidden, and the grader's own that
    name its answers. A message that is a function of the answer has no fixed text: it is not here."""
    try:
        exercises = module_exercises(module)
    except UnknownExercise:
        return {}
    hidden = hidden_checks(course_root, module)
    found: dict[str, list[Declared]] = {}
    for grade_id, exercise in exercises.items():
        out = [Declared(shown(c.message, keep_newlines=True), _kind(c), where)
               for where, checks in (("public", exercise.checks), ("hidden", hidden.get(grade_id, ())))
               for c in checks if isinstance(c.message, str) and c.message.strip()]
        grader = [CHANGED_INPUT.format(name=n) for n, kind in exercise.answers.items() if isinstance(kind, Function)]
        grader += [KEPT_CHANGED.format(table=t) for t in exercise.keeps]
        if exercise.follows:
            table = ", ".join(f"`{name}`" for name in exercise.follows).strip("`")
            grader += [TYPED_BY_HAND.format(name=n, table=table) for n in exercise.answers]
        out += [Declared(shown(text, keep_newlines=True), "grader", "grader") for text in grader]
        found[grade_id] = list({d.text: d for d in out}.values())  # one entry per text, the first kind
    return found


def output_text(outputs: list) -> str:
    """The judge's text in a graded test cell's outputs (a stream, or an error's traceback lines)."""
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        if output.get("output_type") == "stream":
            text = output.get("text", "")
        elif output.get("output_type") == "error":
            lines = output.get("traceback", [])
            text = "\n".join(line for line in lines if isinstance(line, str)) if isinstance(lines, list) else ""
        else:
            continue
        text = "".join(t for t in text if isinstance(t, str)) if isinstance(text, list) else text
        if isinstance(text, str) and VERDICT.match(text):
            return text
    return ""


def verdict(text: str) -> tuple[str, str] | None:
    """(status, the messages below the first line) of the judge's text; None when it has no verdict."""
    found = VERDICT.match(text)
    if not found:
        return None
    _, _, body = text.partition("\n")
    return STATUSES[found.group(1)], body.strip()


def other_key(text: str) -> str:
    """How an undeclared message is counted: its first non-blank line, on one line, cut short."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return shown(" ".join(line.split()), limit=OTHER_LENGTH)


def match(body: str, declared: list[Declared]) -> list[tuple[str, str, str]]:
    """(message, kind, where) of each message in `body`: the declared ones found in it (longest
    first, each once however often it appears), then what is left as one undeclared message."""
    rest, found = body, []
    for entry in sorted(declared, key=lambda d: len(d.text), reverse=True):
        if entry.text in rest:
            found.append((entry.text, entry.kind, entry.where))
            rest = rest.replace(entry.text, "")
    if rest.strip() and rest.strip() != "Public and grading checks passed.":
        found.append((other_key(rest), OTHER, OTHER))
    return found


def count_messages(bodies: list[tuple[str, str]], declared: list[Declared]) -> list[dict]:
    """One row per message of an exercise with its count, from (status, body) of each graded
    submission: every declared message that fired, then at most OTHER_ROWS undeclared ones, most
    frequent first, and one row for the rarer ones."""
    counts: dict[tuple[str, str, str], int] = {}
    for status, body in bodies:
        if status in SILENT:
            continue
        for key in dict.fromkeys(match(body, declared)):  # a message counts once per submission
            counts[key] = counts.get(key, 0) + 1
    named = [(k, n) for k, n in counts.items() if k[1] != OTHER]
    others = sorted(((k, n) for k, n in counts.items() if k[1] == OTHER), key=lambda kn: (-kn[1], kn[0][0]))
    rows = [{"message": k[0], "kind": k[1], "where": k[2], "count": n}
            for k, n in sorted(named, key=lambda kn: -kn[1]) + others[:OTHER_ROWS]]
    rarer = sum(n for _, n in others[OTHER_ROWS:])
    if rarer:
        rows.append({"message": RARER, "kind": OTHER, "where": OTHER, "count": rarer})
    return rows
