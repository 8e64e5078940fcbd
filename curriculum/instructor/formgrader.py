"""`curriculum formgrader`: nbgrader's formgrader for this course, on loopback, for hand grading.

A Jupyter server starts in the course folder (so nbgrader reads its nbgrader_config.py and its
gradebook) with nbgrader's formgrader on and the learner-side extensions off (its Validate, the
exchange's assignment and course lists, the course's learner Validate), through a config folder of
its own put first on JUPYTER_CONFIG_PATH. It listens on 127.0.0.1 only and prints the address with
its token; from another machine, forward the port over SSH. A grade entered there is in the
gradebook at once: `curriculum status`, the export and feedback read it without another step.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from curriculum.learner.lab import environment, write_server_extensions

#: The server extensions of the instructor's formgrader server.
SERVER_EXTENSIONS = {"nbgrader.server_extensions.formgrader": True,
                     "nbgrader.server_extensions.validate_assignment": False,
                     "nbgrader.server_extensions.assignment_list": False,
                     "nbgrader.server_extensions.course_list": False,
                     "curriculum.learner.validate_server": False}


def config_dir(prefix: str = sys.prefix) -> Path:
    """The formgrader's own Jupyter config folder (read only by a server this module starts)."""
    return Path(prefix) / "etc" / "curriculum-formgrader"


def command(root: Path, port: int, headless: bool, as_root: bool) -> list[str]:
    """The server's command line: the formgrader page as the start page, on loopback."""
    cmd = [sys.executable, "-m", "jupyter_server", f"--ServerApp.root_dir={root}", f"--port={port}",
           "--ip=127.0.0.1", "--ServerApp.port_retries=0", "--ServerApp.default_url=/formgrader"]
    if as_root:
        cmd.append("--allow-root")
    if headless:
        cmd.append("--no-browser")
    return cmd


def start(root: Path, port: int, headless: bool = True) -> None:
    """Replace this process with the formgrader's server (run from the course folder)."""
    folder = config_dir()
    write_server_extensions(folder, SERVER_EXTENSIONS)
    print(f"nbgrader's formgrader for {root}: open the address that ends in /formgrader?token=... below. "
          f"From another machine: ssh -L {port}:localhost:{port} <this machine>, then open it there. "
          "Stop with Ctrl+C.", flush=True)
    os.chdir(root)
    cmd = command(root, port, headless, os.geteuid() == 0)
    os.execve(cmd[0], cmd, environment(folder))
