"""Start JupyterLab on the learner's workspace: `make lab` (a browser opens) or `make lab-headless`.

Each start first brings workspace/ up to date with release/ (workspace.py: the learner's answers are
never overwritten). JupyterLab then starts with its news and update checks off (no popup asking about
Jupyter news, no call to the internet), with nbgrader's Validate button reporting the course's
checks and its instructor tools (formgrader, create assignment) off, as root where it runs as root
(a container, a cloud machine: JupyterLab refuses otherwise), and in the headless form without a
browser, printing the address to open, on loopback only: from another machine, forward the port
over SSH.

Run: python -m curriculum.learner.lab [--headless] [--port N] [--release DIR] [--workspace DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from curriculum.learner.workspace import update

#: JupyterLab settings that hold for every learner of this environment (sys.prefix), read at start.
OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
#: nbgrader's JupyterLab plugins for instructors, or for its exchange (which this course does not
#: use): off in the learner's lab. Its Validate button (validate-assignment) stays.
PLUGINS_OFF = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
               "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu")
#: Server extensions: nbgrader's off, and the course's Validate (validate_server.py) in place of its own.
SERVER_EXTENSIONS = {"nbgrader.server_extensions.formgrader": False,
                     "nbgrader.server_extensions.assignment_list": False,
                     "nbgrader.server_extensions.course_list": False,
                     "nbgrader.server_extensions.validate_assignment": False,
                     "curriculum.learner.validate_server": True}


def settings_file(prefix: str = sys.prefix) -> Path:
    """Where JupyterLab reads the settings overrides of this environment."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides(path: Path) -> None:
    """Merge OVERRIDES into the overrides file, keeping any other setting already there."""
    try:
        current = json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        current = {}
    for plugin, values in OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n")


def config_dir(prefix: str = sys.prefix) -> Path:
    """The learner lab's own Jupyter config folder: only a lab started here reads it (through
    JUPYTER_CONFIG_PATH, above every other), so an instructor's `jupyter lab` in the same environment
    keeps nbgrader's formgrader."""
    return Path(prefix) / "etc" / "curriculum-learner-lab"


def write_lab_config(folder: Path) -> None:
    """Write the plugins and server extensions of the learner's lab into `folder`."""
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in PLUGINS_OFF}}, indent=2) + "\n")
    write_server_extensions(folder, SERVER_EXTENSIONS)


def write_server_extensions(folder: Path, extensions: dict[str, bool]) -> None:
    """Write which Jupyter server extensions a server reading `folder` loads (on or off by name)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}, indent=2) + "\n")


def environment(folder: Path) -> dict[str, str]:
    """This process's environment, with a config folder of its own (the lab's, the formgrader's)
    first on JUPYTER_CONFIG_PATH."""
    paths = [str(folder)] + [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    return dict(os.environ, JUPYTER_CONFIG_PATH=os.pathsep.join(paths))


def command(workspace: Path, headless: bool, port: int, as_root: bool) -> list[str]:
    """The JupyterLab command line."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={workspace}", f"--port={port}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if as_root:
        cmd.append("--allow-root")
    if headless:
        cmd += ["--no-browser", "--ip=127.0.0.1"]
    return cmd


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make lab", description=__doc__.splitlines()[0])
    parser.add_argument("--headless", action="store_true", help="no browser: print the address to open")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--release", type=Path, default=Path("release"))
    parser.add_argument("--workspace", type=Path, default=Path("workspace"))
    args = parser.parse_args(argv)
    try:
        said = update(args.release, args.workspace)
        write_overrides(settings_file())
        write_lab_config(config_dir())
    except OSError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(said) if said else f"{args.workspace}/ is up to date with {args.release}/")
    if args.headless:
        print(f"Open the address that ends in ?token=... below in a browser on this machine. From another "
              f"machine: ssh -L {args.port}:localhost:{args.port} <this machine>, then open it there. "
              "Stop with Ctrl+C.", flush=True)
    cmd = command(args.workspace, args.headless, args.port, os.geteuid() == 0)
    os.execve(cmd[0], cmd, environment(config_dir()))
    return 0  # not reached: JupyterLab replaces this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
