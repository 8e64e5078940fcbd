"""What a learner's locked test cell calls: run the public checks and answer in plain words.

It never says "all tests passed": the hidden checks only run at grading, in the trusted judge. A
pass says what the checks could judge: `FORMAT OK` (the type, the shape and the common mistakes; the
value is checked at grading) unless the exercise's public checks judge the value itself (`PASSED`).
Every state carries a word and a symbol, never colour alone.
"""
from __future__ import annotations

import os
import sys

from curriculum.learner.checks.capture import collect, learner_namespace, to_raw
from curriculum.learner.checks.core import SHAPE_TAG, evaluate
from curriculum.learner.checks.inputs import KEPT_CHANGED, changed_tables, kept_fingerprints
from curriculum.learner.exercises import find

#: The mark of each state a check cell shows: a symbol and a word.
MARKS = {"passed": "\u2713 [PASSED]", "format_ok": "\u25cb [FORMAT OK]", "not_yet": "\u2717 [NOT YET]",
         "wrong_type": "\u2717 [WRONG TYPE]", "wrong_shape": "\u2717 [WRONG SHAPE]",
         "not_attempted": "\u2013 [NOT ATTEMPTED]"}
#: Said with a format-only pass, so that a learner does not read it as "your value is right".
FORMAT_OK = ("value checked at grading. Your answer has the right type and shape and none of the common "
             "mistakes these checks look for; whether the value itself is right is decided at grading.")
#: Said when the public checks judged the value itself.
PASSED = "the public checks judged your value and it is right; grading checks it again, on more cases."


class CheckFailed(AssertionError):
    """A public check failed; shown to the learner as a short message without a traceback."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return self.lines


def _public_outcome(grade_id: str):
    """The exercise and what its public checks say about the learner's answer now."""
    _, exercise = find(grade_id)
    kept = kept_fingerprints(exercise.keeps, learner_namespace())
    problems = [KEPT_CHANGED.format(table=t) for t in changed_tables(exercise.keeps, kept)]
    return exercise, evaluate(exercise, to_raw(exercise, collect(exercise)), input_problems=problems)


def ready(grade_id: str) -> bool:
    """Whether the answer to `grade_id` passes its public checks, for a cell that draws or uses it.

    A demonstration that would show an exercise's answer uses the learner's own answer instead, and
    only once it is there: otherwise it prints one line saying what to do first and returns False."""
    if _public_outcome(grade_id)[1].status == "correct":
        return True
    print(f"{MARKS['not_attempted']} this cell uses your answer to {grade_id}: it runs once that answer "
          "passes its check above.")
    return False


#: How many hints of each exercise this kernel has revealed (a restarted kernel starts again at 1).
_REVEALED: dict[str, int] = {}
#: The output metadata that marks a revealed hint in the saved notebook; grading counts them.
HINT_METADATA = "curriculum_hint"


def lookup(name: str):
    """(grade id, Exercise) for a grade id ("q101_question_marks"), its number ("q101") or the name of
    one of its answers ("question_marks"); a ValueError names what was not found."""
    from curriculum.learner import syllabus
    from curriculum.learner.exercises import defined, module_exercises

    name = str(name).strip()
    for module in syllabus.load().in_source:
        for grade_id, exercise in (module_exercises(module.id) if defined(module.id) else {}).items():
            if name in (grade_id, grade_id.split("_")[0]) or name in exercise.answers:
                return grade_id, exercise
    raise ValueError(f"no exercise is called {name!r}: use the id in its check cell, such as check(\"q101_...\")")


def hint(name: str) -> None:
    """Reveal the next hint of an exercise: `hint("q101")`, its full id, or one of its answers' names.

    Each call shows one more level, each closer to a worked step, never the answer; the notebook keeps
    a mark of each reveal, and grading reports how many were revealed (no penalty unless the syllabus
    sets one)."""
    grade_id, exercise = lookup(name)
    levels = exercise.hint_levels
    if not levels:
        print(f"{grade_id} has no hints.")
        return
    level = min(_REVEALED.get(grade_id, 0) + 1, len(levels))
    _REVEALED[grade_id] = level
    last = " (the last hint)" if level == len(levels) else f" (call hint(\"{grade_id.split('_')[0]}\") again for more)"
    text = f"Hint {level} of {len(levels)} for {grade_id}{last}:\n{levels[level - 1]}"
    _show({"text/plain": text}, metadata={HINT_METADATA: {"grade_id": grade_id, "level": level}})


def _show(bundle: dict, metadata: dict | None = None) -> None:
    """Display a mime bundle in a notebook (with `metadata` kept in the saved output); in plain
    Python, print its text."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(bundle["text/plain"])
        return
    display(bundle, raw=True, metadata=metadata or {})


def check(grade_id: str) -> None:
    """Check the learner's answer to `grade_id` with the public checks, in the learner's kernel.

    A pass is shown as a marked box (symbol, word and a border; plain text where HTML is not shown),
    an exercise not attempted yet as one calm line; anything else raises CheckFailed, which shows the
    message without a traceback, and stops nothing: Run All goes on (release/ tags the cell)."""
    exercise, outcome = _public_outcome(grade_id)
    if outcome.status == "correct":
        state = "passed" if exercise.public_judges_value else "format_ok"
        _show_mark(state, f"{MARKS[state]} {grade_id}: {PASSED if state == 'passed' else FORMAT_OK}")
        return None
    if outcome.status == "not_attempted":
        missing = [name for name in exercise.answers if name not in learner_namespace()]
        what = f" (`{missing[0]}` is not defined)" if missing else ""
        # nbgrader's Validate (its run sets NBGRADER_VALIDATING) counts a test cell that wrote to
        # stderr as failed: there, an exercise not attempted is not ready to hand in
        stream = sys.stderr if os.environ.get("NBGRADER_VALIDATING") else sys.stdout
        print(f"{MARKS['not_attempted']} {grade_id}: not attempted yet{what}.", file=stream)
        return None
    state = "wrong_type" if outcome.status == "wrong_type" else "not_yet"
    if outcome.layer == "shape":
        state = "wrong_shape"
    lines = [f"{MARKS[state]} {grade_id}: {m.removeprefix(SHAPE_TAG).strip()}" for m in outcome.messages]
    if exercise.hint:
        more = f' More: hint("{grade_id.split("_")[0]}").' if len(exercise.hint_levels) > 1 else ""
        lines.append(f"Hint: {exercise.hint}{more}")
    raise CheckFailed(lines)


#: The border of a passed check's box (Okabe-Ito green), and of a format-only pass (Okabe-Ito blue):
#: the symbol and the word say the same, for a reader who cannot tell the colours apart.
BORDERS = {"passed": "#009E73", "format_ok": "#0072B2"}


def _show_mark(state: str, line: str) -> None:
    """Display a passed check: text for any front end, a bordered box where HTML is shown."""
    import html

    box = (f'<div role="status" style="border-left: 6px solid {BORDERS[state]}; padding: 4px 10px; '
           f'margin: 2px 0; font-family: monospace; white-space: pre-wrap">{html.escape(line)}</div>')
    _show({"text/plain": line, "text/html": box})


def summary(module_id: str) -> None:
    """The last cell of a notebook: the state of each exercise now, by the public checks, in a table."""
    import html

    from curriculum.learner.exercises import module_exercises

    names = {"passed": "PASSED", "format_ok": "FORMAT OK", "not_yet": "NOT YET", "not_attempted": "NOT ATTEMPTED"}
    rows = []
    for grade_id in module_exercises(module_id):
        exercise, outcome = _public_outcome(grade_id)
        if outcome.status == "correct":
            state = "passed" if exercise.public_judges_value else "format_ok"
        else:
            state = "not_attempted" if outcome.status == "not_attempted" else "not_yet"
        rows.append((grade_id, state))
    done = sum(state in ("passed", "format_ok") for _, state in rows)
    title = f"{module_id}: {done} of {len(rows)} exercises pass their public checks (values are judged at grading)"
    text = "\n".join([title] + [f"{MARKS[state]:<20} {grade_id}" for grade_id, state in rows])
    body = "".join(f"<tr><th scope=\"row\">{html.escape(g)}</th><td>{html.escape(MARKS[s][0])} "
                   f"{html.escape(names[s])}</td></tr>" for g, s in rows)
    table = (f"<table><caption>{html.escape(title)}</caption><thead><tr><th scope=\"col\">exercise</th>"
             f"<th scope=\"col\">state</th></tr></thead><tbody>{body}</tbody></table>")
    _show({"text/plain": text, "text/html": table})


def progress(track: str = "practitioner", workspace: str = "..") -> None:
    """The progress view inside a notebook: every module of `track`, as `make progress` shows it, from
    the notebooks saved in `workspace` (by default the folder above this notebook's: save first)."""
    from pathlib import Path

    from curriculum.learner.progress import report

    print("\n".join(report(track, Path(workspace))))
