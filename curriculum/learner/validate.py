"""Check notebooks before handing them in: `make validate` (every notebook of workspace/) or
`python -m curriculum.learner.validate NOTEBOOK...`; the lab's Validate button does the same.

nbgrader's Validator (validator.py: CourseValidator) runs a copy of each notebook from the top, as
grading will (the learner's file is not changed), and each exercise is reported as its check cell
left it: passed, format OK (the value is judged at grading), not yet (with the message) or not
attempted. It exits 0 only when every exercise passes its public checks, 1 when one does not (or a
locked cell was changed), and 2 when a notebook cannot be run at all.

Run: python -m curriculum.learner.validate [NOTEBOOK ...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from curriculum.learner.progress import MAX_NOTEBOOK_BYTES


def main(argv: list[str]) -> int:
    from curriculum.learner.validator import CourseValidator, printable

    parser = argparse.ArgumentParser(prog="make validate", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(p for p in Path("workspace").glob("*/*.ipynb")
                                         if not p.name.endswith(".updated.ipynb"))
    if not notebooks:
        print("Error: no notebook to validate: name one, or run `make lab` first to fill workspace/.",
              file=sys.stderr)
        return 2
    validator, status = CourseValidator(), 0
    for notebook in notebooks:
        try:
            if notebook.stat().st_size > MAX_NOTEBOOK_BYTES:
                raise ValueError(f"it is larger than {MAX_NOTEBOOK_BYTES // 1_000_000} MB")
            validator.validate_and_print(str(notebook))
        except Exception as exc:  # noqa: BLE001 - a notebook that cannot run is reported, the others still run
            said = str(exc).splitlines()[0] if str(exc) else ""
            print(printable(f"{notebook}: cannot be run: {type(exc).__name__}: {said}"), file=sys.stderr)
            status = 2
    return status if status else (1 if validator.not_ready else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
