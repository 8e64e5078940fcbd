"""Learner markdown never runs in the instructor's browser: feedback pages and the formgrader.

A learner writes raw HTML and script into a written answer and into a markdown cell they added. At
intake it is shown as text; and where a page renders markdown, the filter escapes raw HTML and an
allow-list cleans the rest, so even markdown that reached the autograded notebook some other way
runs nothing. Headless Chromium (Debian's, driven by Playwright) opens both pages: no learner
script runs, no dialog opens, and the learner's formatting (emphasis, lists, code, tables) shows.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from curriculum.instructor.authoring.instructor_files import load_instructor_file
from curriculum.instructor.course import Course
from curriculum.instructor.demo import Learner, build_submission
from curriculum.instructor.grading.feedback import feedback
from curriculum.instructor.grading.learner_html import clean, neutralise_html
from curriculum.instructor.grading.parallel import grade
from curriculum.instructor.release import release

from .conftest import MODULE, free_port, make_course_copy

NOTEBOOK = "python-for-data.ipynb"
WRITTEN = "w10_interpret_scatter"
#: Each payload sets window.__pwned (or opens a dialog) if it runs.
HOSTILE = """My reading: the *heavier* penguins have **longer** flippers.

- first point: `r = 0.87`
- second point

| species | mass |
|---|---|
| Gentoo | heavy |

<script>window.__pwned = "script"</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<svg onload="window.__pwned = 'svg'"></svg>
<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>
[click me](javascript:window.__pwned='link') and <a href="javascript:alert(1)">this</a>
<details open ontoggle="window.__pwned = 'toggle'"><summary>x</summary></details>
"""
CHECK_JS = "() => window.__pwned === undefined ? null : String(window.__pwned)"
BROWSER = shutil.which("chromium")
pytestmark = pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (make browser-tools)")


def test_raw_html_is_shown_as_text_and_markdown_stays():
    from markdown_it import MarkdownIt

    out = neutralise_html(HOSTILE)
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not {"html_block", "html_inline"} & kinds, "no raw HTML is left for a renderer to run"
    assert "\\<script>" in out and "*heavier*" in out and "| Gentoo | heavy |" in out and "`r = 0.87`" in out
    code = "in code: `<b>x</b>`\n\n```\n<script>\n```\n"
    assert neutralise_html(code) == code, "code spans and fenced code are left as they are"
    assert neutralise_html(out) == out, "neutralising twice changes nothing"


def test_the_allow_list_keeps_formatting_and_drops_what_runs():
    html = clean('<p onclick="x">a <em>b</em><script>s()</script><a href="javascript:x()">l</a>'
                 '<img src="data:image/png;base64,AA" onerror="x"><table><tr><th>h</th></tr></table></p>')
    assert "onclick" not in html and "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<em>b</em>" in html and "<th>h</th>" in html and 'src="data:image/png;base64,AA"' in html


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course where one learner handed in hostile markdown, graded with feedback written."""
    root = make_course_copy(tmp_path_factory.mktemp("html") / "course")
    course = Course(root)
    release(course, [MODULE])
    variants = load_instructor_file(root, MODULE, "variants").VARIANTS
    nb = build_submission(course, MODULE, Learner("mallory", choices={g: "reference" for g in variants}), variants)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN:
            cell.source = HOSTILE
    nb.cells.append(nbformat.v4.new_markdown_cell(HOSTILE))  # a cell the learner added
    folder = root / "submitted" / "mallory" / MODULE
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / NOTEBOOK)
    result = grade(course, MODULE, ["mallory"])
    assert result.done == ["mallory"], result.failed
    assert feedback(course, MODULE, ["mallory"]).done == ["mallory"]
    page = next(course.path("feedback", "mallory", MODULE).glob("*.html"))
    kept = shutil.copy(page, root.parent / "feedback-after-intake.html")
    return course, Path(kept)


@pytest.fixture(scope="module")
def bypassed(graded):
    """Raw hostile HTML put straight into the autograded notebook (as if intake were bypassed)."""
    course, _ = graded
    autograded = course.path("autograded", "mallory", MODULE, NOTEBOOK)
    nb = nbformat.read(autograded, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(HOSTILE))
    nbformat.write(nb, autograded)
    result = course.api().generate_feedback(MODULE, "mallory", force=True)
    assert result["success"], result
    return course


def _open(page, url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # an onerror or onload handler would have run by now
    assert page.evaluate(CHECK_JS) is None, f"a learner script ran: {page.evaluate(CHECK_JS)}"
    assert not dialogs, f"a learner script opened a dialog: {dialogs}"


def _formatting_shows(page) -> None:
    for selector, text in (("em", "heavier"), ("strong", "longer"), ("li", "second point"), ("code", "r = 0.87"),
                           ("td", "Gentoo")):
        assert page.locator(selector, has_text=text).count() >= 1, f"the learner's {selector} is lost"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def test_no_learner_script_runs_in_the_feedback_page(graded, browser):
    _, page_file = graded
    page = browser.new_page()
    _open(page, page_file.as_uri())
    _formatting_shows(page)
    assert "<script>window.__pwned" in page.inner_text("body"), "the learner's text is shown, as text"


def test_the_render_filter_holds_even_where_intake_was_bypassed(bypassed, browser):
    """Raw hostile HTML in the autograded notebook: the feedback page still runs nothing."""
    page = browser.new_page()
    _open(page, next(bypassed.path("feedback", "mallory", MODULE).glob("*.html")).as_uri())
    _formatting_shows(page)


@pytest.fixture(scope="module")
def formgrader(bypassed):
    """nbgrader's formgrader for the graded course (raw hostile HTML in its notebook), on loopback."""
    graded = bypassed
    port, token = free_port(), "instructor-token-for-test"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={graded.root}",
         "--ServerApp.jpserver_extensions={'nbgrader.server_extensions.formgrader': True}"],
        cwd=graded.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", token
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_no_learner_script_runs_in_the_formgrader(bypassed, formgrader, browser):
    graded, (base, token) = bypassed, formgrader
    with graded.gradebook() as gb:
        submission = gb.find_submission_notebook(NOTEBOOK[: -len(".ipynb")], MODULE, "mallory")
        url = f"{base}/formgrader/submissions/{submission.id}/?token={token}"
    page = browser.new_page()
    _open(page, url)
    _formatting_shows(page)
    assert page.locator("text=My reading").count() >= 1, "the formgrader shows the learner's answer"
