"""Check a notebook before handing it in: `make validate` (every notebook of workspace/) or
`python -m curriculum.learner.validate NOTEBOOK...`.

It runs a copy of each notebook from the top, as grading will (the learner's file is not changed),
and reports each exercise as its check cell left it: passed, format OK (the value is judged at
grading), not yet (with the message) or not attempted. It exits 0 only when every exercise passes
its public checks, 1 when one does not, and 2 when a notebook cannot be run at all.

Run: python -m curriculum.learner.validate [NOTEBOOK ...]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from curriculum.learner.progress import MAX_NOTEBOOK_BYTES, states_of

MARK = {"passed": "\u2713", "format OK": "\u25cb", "not yet": "\u2717", "not attempted": "\u2013",
        "not run": "\u2013"}


def run(notebook: Path, timeout: int = 300) -> dict:
    """The notebook's JSON after running a copy of it from the top, in its own folder."""
    import nbformat
    from nbclient import NotebookClient

    if notebook.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"{notebook} is larger than {MAX_NOTEBOOK_BYTES // 1_000_000} MB")
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return nb


def messages_of(nb: dict) -> dict[str, str]:
    """grade id -> the first line a failing check cell showed."""
    said = {}
    for cell in nb.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []) if cell.get("metadata", {}).get("nbgrader", {}).get("grade") else []:
            if output.get("output_type") == "error" and output.get("traceback"):
                # the notebook's text reaches a terminal: no control character (escape codes) passes
                said[grade_id] = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "?", str(output["traceback"][0]))
    return said


def report(notebook: Path) -> tuple[list[str], bool]:
    """The lines about one notebook, and whether every exercise passes its public checks."""
    nb = run(notebook)
    states, said = states_of(nb), messages_of(nb)
    lines = [f"{notebook}:"]
    for grade_id, state in states.items():
        line = f"  {MARK[state]} {state.upper():<14} {grade_id}"
        if state == "not yet" and grade_id in said:
            line += "\n      " + said[grade_id].split(": ", 1)[-1]
        lines.append(line)
    ok = all(state in ("passed", "format OK") for state in states.values())
    done = sum(state in ("passed", "format OK") for state in states.values())
    lines.append(f"  {done} of {len(states)} exercises pass their public checks"
                 + ("" if ok else ": not ready to hand in yet") + ". Values are judged at grading.")
    return lines, ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make validate", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(p for p in Path("workspace").glob("*/*.ipynb")
                                         if not p.name.endswith(".updated.ipynb"))
    if not notebooks:
        print("Error: no notebook to validate: name one, or run `make lab` first to fill workspace/.",
              file=sys.stderr)
        return 2
    status = 0
    for notebook in notebooks:
        try:
            lines, ok = report(notebook)
        except Exception as exc:  # noqa: BLE001 - a notebook that cannot run is reported, the others still run
            print(f"{notebook}: cannot be run: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                  file=sys.stderr)
            status = 2
            continue
        print("\n".join(lines), flush=True)
        status = max(status, 0 if ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
