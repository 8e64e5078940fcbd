"""The documentation a newcomer reads: a short README that points to one page per reader, and no
link between them that leads nowhere."""
from __future__ import annotations

import re

from .conftest import REPO

PAGES = ["README.md", "AUTHORING.md", *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md"))]


def test_the_readme_stays_short_and_names_a_page_for_each_reader():
    readme = (REPO / "README.md").read_text()
    assert len(readme.splitlines()) <= 130, "keep the README to what a newcomer needs first: move the rest to docs/"
    for page in ("docs/learners.md", "docs/running-a-course.md", "AUTHORING.md", "docs/grading-trust.md",
                 "docs/scaling-up.md", "docs/datasets.md"):
        assert f"]({page})" in readme, f"the README does not point to {page}"


def test_every_local_link_leads_to_a_file():
    for page in PAGES:
        text = (REPO / page).read_text()
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            assert ((REPO / page).parent / target).exists(), f"{page} links to {target}, which does not exist"
