"""A module-01 feedback page as a learner reads it, in headless Chromium (Debian's, via Playwright).

Two learners of module 01 are graded (every answer right with the written answer written, and each
exercise's first mistake), a person grades one written answer with a comment, and the feedback
pages are opened: tables render as tables (no tag shows as text), nothing scrolls sideways, the
summary names every exercise with its points and state, the grader's comment is linked, and the
page reads the same without JavaScript. Screenshots go to test-artifacts/feedback/.
"""
from __future__ import annotations

import os
import re
import shutil

import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, write_submissions
from curriculum.instructor.grading.feedback import feedback
from curriculum.instructor.grading.feedback_page import STATES, titles
from curriculum.instructor.grading.parallel import grade
from curriculum.instructor.release import release
from curriculum.learner import syllabus

from .conftest import REPO, make_course_copy

BROWSER = shutil.which("chromium")
pytestmark = pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (make browser-tools)")
MODULE = "01-data-prep"
SHOTS = REPO / "test-artifacts" / "feedback"
COMMENT = "Good: you name the rows that are missing. Say what it does to the model too."


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{student: feedback page} for a learner with every answer right (whose written answer a person
    graded, with a comment) and one with each first mistake (whose written answer waits)."""
    course = Course(make_course_copy(tmp_path_factory.mktemp("feedback") / "course"))
    release(course, [MODULE])
    variants = load_instructor_file(course.root, MODULE, "variants").VARIANTS
    learners = [Learner("ada", choices={g: "reference" for g in variants}, writes_answer=True),
                Learner("bo", choices={g: "mistake0" if variants[g].get("mistakes") else "stub" for g in variants},
                        writes_answer=True)]
    write_submissions(course, MODULE, learners, variants)
    assert grade(course, MODULE, ["ada", "bo"]).done == ["ada", "bo"]
    written = next(e.id for e in syllabus.load().module(MODULE).exercises if e.graded_by != "autograder")
    notebook = next(course.path("source", MODULE).glob("*.ipynb")).stem
    with course.gradebook() as gb:
        graded = gb.find_grade(written, notebook, MODULE, "ada")
        graded.manual_score = graded.max_score
        gb.find_comment(written, notebook, MODULE, "ada").manual_comment = COMMENT
        gb.db.commit()
    assert feedback(course, MODULE, ["ada", "bo"]).done == ["ada", "bo"]
    return course, {s: next(course.path("feedback", s, MODULE).glob("*.html")) for s in ("ada", "bo")}, written


def test_the_summary_names_every_exercise_with_its_points_and_state_in_words(pages):
    course, found, written = pages
    html = found["bo"].read_text()
    named = titles(str(next(course.path("source", MODULE).glob("*.ipynb"))), 0.0)
    for entry in syllabus.load().module(MODULE).exercises:
        assert re.search(rf'<a href="#{entry.id}">{re.escape(named[entry.id])}</a>', html), entry.id
    assert named[written].startswith("Exercise ") and "\u00b7" in named[written]
    assert STATES["none"] in html and STATES["waiting"] in html  # bo's answers, and a written one not graded
    # nbgrader's list of "Test cell" links is replaced
    assert re.search(r"<div (hidden=\"\" id=\"toc\"|id=\"toc\" hidden)", html)
    ada = found["ada"].read_text()
    assert STATES["full"] in ada and f'href="#comment-{written}"' in ada and COMMENT in ada


def _read(browser_page, path, name: str) -> str:
    browser_page.goto(path.as_uri())
    browser_page.wait_for_load_state("load")
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
    return browser_page.locator("body").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_page_shows_tables_wraps_messages_and_never_scrolls_sideways(pages, javascript):
    from playwright.sync_api import sync_playwright

    _, found, _ = pages
    errors: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        context = chromium.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for student, path in found.items():
            text = _read(page, path, f"{MODULE}-{student}-{'js' if javascript else 'no-js'}")
            tags = re.findall(r"<(?:style|table|thead|tbody|tr|th|td|div|span)\b[^>]*>", text)
            assert not tags, f"{student}: tags shown as text: {tags[:3]}"
            assert page.locator("table.dataframe").count() >= 1, f"{student}: no table rendered"
            assert page.locator("#curriculum-summary th[scope=row]").count() == len(
                syllabus.load().module(MODULE).exercises)
            wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wide <= 0, f"{student}: the page scrolls sideways by {wide}px"
            if student == "bo":
                message = page.locator("pre", has_text="[INCORRECT]").first
                assert message.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
                assert message.evaluate("e => getComputedStyle(e).wordBreak") == "normal"  # whole words wrap
        chromium.close()
    assert not errors, errors[:3]
