"""The learner's side end to end, in a real browser: the bundle's `make lab-headless`, as root.

The learner bundle is unzipped into a temporary folder and its own Makefile sets it up (a fresh
`.venv` from its pyproject.toml) and starts JupyterLab headless. Headless Chromium (Debian's, driven
by Playwright) opens module 00, runs all (a calm first run: no error anywhere), answers an exercise
wrongly and reads the message, fixes it and sees it pass, asks for a hint, reads the summary cell,
saves and opens the progress view of the track, then presses nbgrader's Validate button and reads
the course's report in its dialog; nbgrader's instructor tools are not in the learner's lab.
Screenshots go to test-artifacts/learner-lab/ (one per step); any JavaScript error in the page
fails the test.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import zipfile

import pytest

from curriculum.instructor.bundle import TOP, build

from .conftest import REPO, free_port, printed_address

BROWSER = shutil.which("chromium")
pytestmark = pytest.mark.skipif(BROWSER is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (make browser-tools)")
SHOTS = REPO / "test-artifacts" / "learner-lab"
NOTEBOOK = "00-python-for-data/python-for-data.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(address with token, bundle root): the bundle's `make lab-headless` on a free port."""
    folder = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(build(REPO, folder / "learner.zip").path) as archive:
        archive.extractall(folder)
    root = folder / TOP
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CURRICULUM_", "VIRTUAL_ENV", "JUPYTER"))}
    env["JUPYTER_RUNTIME_DIR"] = str(folder / "runtime")
    proc = subprocess.Popen(["make", "lab-headless", f"PORT={port}"], cwd=root, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        found, said = printed_address(proc, "lab", port, seconds=600)  # the first start installs .venv
        assert found, f"make lab-headless printed no address:\n{said[-3000:]}"
        assert "Open the address" in said
        yield found.group(0), root
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _cell(page, text: str):
    """The notebook cell whose input holds `text`."""
    return page.locator(".jp-Notebook .jp-Cell", has=page.locator(".jp-InputArea", has_text=text)).first


def _run_cell(page, cell, source: str | None = None, expect: str | None = None) -> str:
    """Optionally replace a cell's source, run it (Shift+Enter), wait for `expect` in its output, and
    return the output's text."""
    cell.locator(".jp-InputArea-editor").click()
    if source is not None:
        page.keyboard.press("Control+A")
        page.keyboard.type(source)
    page.keyboard.press("Shift+Enter")
    if expect is not None:
        cell.locator(".jp-OutputArea-output", has_text=expect).first.wait_for(timeout=60_000)
    return cell.locator(".jp-OutputArea").inner_text()


def test_a_learner_runs_answers_fixes_and_asks_for_a_hint(lab):
    from playwright.sync_api import sync_playwright

    url, root = lab
    assert (root / "workspace" / NOTEBOOK).exists()
    errors: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url.replace("/lab?", f"/lab/tree/{NOTEBOOK}?"))
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        # the kernel is started and idle (the status bar says "Python 3 (ipykernel) | Idle")
        page.locator("#jp-main-statusbar", has_text=re.compile(r"ipykernel.*Idle")).wait_for(timeout=120_000)
        assert page.locator("text=official Jupyter news").count() == 0, "the news popup is shown"
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Nbgrader" not in menus, f"nbgrader's instructor menu is on in the learner's lab: {menus}"
        assert page.locator("[title='Nbgrader Create Assignment']").count() == 0, "create assignment is on"
        _shot(page, "1-opened")

        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        summary = page.locator(".jp-OutputArea-output", has_text="exercises pass their public checks")
        summary.first.wait_for(timeout=120_000)
        page.locator("#jp-main-statusbar", has_text=re.compile(r"ipykernel.*Idle")).wait_for(timeout=120_000)
        stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert stderr.count() == 0, f"a calm first run shows no error: {stderr.first.inner_text()[:300]}"
        assert page.locator(".jp-OutputArea-output", has_text="not attempted yet").count() >= 5
        _shot(page, "2-run-all-calm")

        check = _cell(page, 'check("q02_shape")')
        answer = check.locator("xpath=preceding-sibling::div[contains(@class, 'jp-Cell')][1]")
        _run_cell(page, answer, "n_columns, n_rows = penguins.shape")
        said = _run_cell(page, check, expect="[NOT YET] q02_shape")
        assert "\u2717 [NOT YET] q02_shape" in said and "swap" in said, said
        _shot(page, "3-wrong-answer")

        _run_cell(page, answer, "n_rows, n_columns = penguins.shape")
        said = _run_cell(page, check, expect="[FORMAT OK] q02_shape")
        assert "\u25cb [FORMAT OK] q02_shape" in said, said
        _shot(page, "4-fixed")

        last = _cell(page, 'summary("00-python-for-data")')
        said = _run_cell(page, last, expect="exercises pass their public checks")
        assert said.startswith("00-python-for-data: 1 of "), said  # only q02 is answered
        last.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+A")
        page.keyboard.type('hint("q02")')
        page.keyboard.press("Shift+Enter")
        hinted = _cell(page, 'hint("q02")').locator(".jp-OutputArea-output", has_text="Hint 1 of")
        hinted.first.wait_for(timeout=60_000)
        assert "for q02_shape" in hinted.first.inner_text()
        _shot(page, "5-hint")

        page.keyboard.press("Control+S")  # the progress view reads the saved notebooks
        page.locator(".jp-mod-dirty").first.wait_for(state="detached", timeout=30_000)
        cell = _cell(page, 'hint("q02")')
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+A")
        page.keyboard.type("progress()")
        page.keyboard.press("Shift+Enter")
        view = _cell(page, "progress()").locator(".jp-OutputArea-output", has_text="Track:")
        try:
            view.first.wait_for(timeout=60_000)
        except Exception:
            _shot(page, "6-progress-failed")
            raise
        said = view.first.inner_text()
        assert "00-python-for-data \u00b7 Python and pandas as a practical skill: 1 of" in said, said
        assert "01-data-prep \u00b7 Preparing data: 0 of" in said and "not available yet" in said, said
        view.first.evaluate("element => element.scrollIntoView({block: 'start'})")
        _shot(page, "6-progress")

        page.locator(".validate-button").first.click()  # nbgrader's button: saves, then validates
        dialog = page.locator(".jp-Dialog", has_text="Validation Results")
        dialog.first.wait_for(timeout=180_000)
        said = dialog.first.inner_text()
        _shot(page, "7-validate")
        assert 'check("q01_predict_mean")' in said and "\u2013 [NOT ATTEMPTED] q01_predict_mean" in said, said
        assert "\u25cb FORMAT OK      q02_shape" in said and "not ready to hand in yet" in said, said
        assert "Success" not in said, said
        chromium.close()
    assert not errors, f"JavaScript errors in the page: {errors[:3]}"
