"""What a screen reader and a reader who cannot tell colours apart get from a released notebook."""
from __future__ import annotations

import re

import nbformat
import pytest

from curriculum.learner import syllabus
from curriculum.learner.notebook import MARKS

from .conftest import REPO


def _headings(path) -> list[tuple[int, str]]:
    """(level, text) of each markdown heading, in order (fenced code left out)."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.startswith("```"):
                fenced = not fenced
            heading = re.match(r"(#{1,6})\s+(.*)", line)
            if heading and not fenced:
                found.append((len(heading.group(1)), heading.group(2)))
    return found


@pytest.mark.parametrize("module", [m.id for m in syllabus.load().built])
def test_headings_are_in_order(module):
    """One title first, and no level skipped on the way down (a screen reader lists them as an outline)."""
    for path in sorted((REPO / "release" / module).glob("*.ipynb")):
        headings = _headings(path)
        assert headings and headings[0][0] == 1, f"{path.name} does not start with its title"
        assert sum(1 for level, _ in headings if level == 1) == 1, f"{path.name} has more than one title"
        skipped = [(a, b, text) for (a, _), (b, text) in zip(headings, headings[1:]) if b > a + 1]
        assert not skipped, f"{path.name}: a heading skips a level: {skipped[:3]}"


def test_every_check_state_has_a_symbol_and_a_word():
    """Feedback never relies on colour: each state is a symbol followed by a word in brackets."""
    for state, mark in MARKS.items():
        assert re.fullmatch(r"[\u2713\u25cb\u2717\u2013] \[[A-Z ]+\]", mark), (state, mark)
    assert len({mark[0] for mark in MARKS.values()}) >= 4 and len(set(MARKS.values())) == len(MARKS)
