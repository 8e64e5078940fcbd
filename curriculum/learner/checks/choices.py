"""A multiple-choice question's checks: each wrong choice answered with its own feedback."""
from __future__ import annotations

from curriculum.learner.checks.core import Check, mistake, require


def choice_checks(name: str, right: str, feedback: dict[str, str], options: str = "abcd") -> list[Check]:
    """The checks of the answer `name` (a `Choice`): `right` scores, every other option in `options`
    is a named mistake with its message in `feedback`, which must cover each wrong option.

    Used for the hidden checks, so the right letter never reaches the learner's kernel.
    """
    wrong = [letter for letter in options if letter != right]
    if right not in options or sorted(feedback) != wrong:
        raise ValueError(f"`{name}`: the feedback must cover exactly the wrong options {wrong} "
                         f"(got {sorted(feedback)}; right choice {right!r} of {options!r})")
    checks = [mistake(lambda a, letter=letter: getattr(a, name) == letter, feedback[letter]) for letter in wrong]
    return checks + [require(lambda a: getattr(a, name) == right, f"`{name}` is not the right choice.")]
