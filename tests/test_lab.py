"""`make lab`: JupyterLab on the learner's workspace, as root or not, headless or not, news off."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from curriculum.learner.lab import OVERRIDES, PLUGINS_OFF, command, write_overrides

from .conftest import REPO, free_port, printed_address


def test_the_command_allows_root_only_as_root_and_opens_no_browser_headless(tmp_path):
    plain = command(tmp_path, headless=False, port=8888, as_root=False)
    assert "--allow-root" not in plain and "--no-browser" not in plain
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in plain
    remote = command(tmp_path, headless=True, port=9000, as_root=True)
    assert {"--allow-root", "--no-browser", "--ip=127.0.0.1", "--port=9000"} <= set(remote)


def test_overrides_are_merged_into_what_is_there(tmp_path):
    path = tmp_path / "settings" / "overrides.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                                "@jupyterlab/apputils-extension:notification": {"fetchNews": "true"}}))
    write_overrides(path)
    merged = json.loads(path.read_text())
    assert merged["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert merged["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    path.write_text("not json")
    write_overrides(path)
    assert json.loads(path.read_text()) == OVERRIDES


def _get(url: str) -> dict:
    """JSON from the server, retried for a few seconds (it prints its address just before it listens)."""
    for _ in range(20):
        try:
            return json.loads(urllib.request.urlopen(url, timeout=30).read())
        except ConnectionRefusedError:
            time.sleep(0.5)
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError):
                raise
            time.sleep(0.5)
    raise AssertionError(f"nothing listens at {url.split('?')[0]}")


def _post(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=b"", method="POST", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def _validate_and_instructor_tools_off(base: str, token: str) -> None:
    """nbgrader's Validate address answers with the course's report; its instructor tools are off."""
    status, answer = _post(f"{base}/assignments/validate?path=00-python-for-data/python-for-data.ipynb", token)
    assert status == 200 and answer["success"], answer
    failed = answer["value"]["failed"]
    assert "0 of 10 exercises pass" in failed[0]["error"] and "NOT WRITTEN" in failed[0]["error"]
    assert failed[1]["source"] == 'check("q01_predict_mean")', failed[1]
    assert "[NOT ATTEMPTED] q01_predict_mean" in failed[1]["error"]
    assert _post(f"{base}/assignments/validate?path=../../etc/passwd", token)[0] == 403
    assert _get(f"{base}/nbgrader_version?version=0.9.6&token={token}")["success"]
    try:
        urllib.request.urlopen(f"{base}/formgrader?token={token}", timeout=30)
        raise AssertionError("nbgrader's formgrader is served in the learner's lab")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    page = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30).read().decode()
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert set(PLUGINS_OFF) <= set(config["disabledExtensions"])  # the page lists the plugins it skips
    assert "@jupyter/nbgrader:validate-assignment" not in config["disabledExtensions"]


def test_make_lab_headless_serves_the_workspace_with_news_off(tmp_path):
    """The headless form starts (as root here), prints the address, serves the copied notebooks,
    JupyterLab reports its news and update checks off, Validate answers with the course's report and
    nbgrader's instructor tools are off."""
    port = free_port()
    workspace = tmp_path / "workspace"
    proc = subprocess.Popen([sys.executable, "-m", "curriculum.learner.lab", "--headless", "--port", str(port),
                             "--release", str(REPO / "release"), "--workspace", str(workspace)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")})
    try:
        found, said = printed_address(proc, "lab", port)
        assert found, said
        assert "Open the address" in said and "ssh -L" in said
        token = found.group(1)
        assert (workspace / "00-python-for-data" / "python-for-data.ipynb").exists()
        api = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        schema = _get(api)["schema"]["properties"]  # JupyterLab applies overrides.json to the defaults
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False
        listing = _get(f"http://127.0.0.1:{port}/api/contents/00-python-for-data?token={token}")
        assert "python-for-data.ipynb" in {item["name"] for item in listing["content"]}
        _validate_and_instructor_tools_off(f"http://127.0.0.1:{port}", token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
