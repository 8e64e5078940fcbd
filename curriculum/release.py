"""Generate the student versions in release/ from source/, through nbgrader's API (in-process).

Before releasing, each source notebook is rebuilt from its text form, so release/ always follows
what reviewers read.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .authoring import sync
from .course import Course


class ReleaseError(RuntimeError):
    """nbgrader refused to generate a module."""


@dataclass
class Released:
    module: str
    notebooks: list[Path]


def release(course: Course, modules: list[str] | None = None) -> list[Released]:
    """Regenerate release/<module>/ for each module (all when `modules` is empty)."""
    known = course.modules()
    modules = list(modules or known)
    unknown = [m for m in modules if m not in known]
    if unknown:
        raise ReleaseError(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(known)}")
    sync(course.path("source"))
    api = course.api()
    done = []
    for module in modules:
        target = course.path("release", module)
        if target.exists():
            shutil.rmtree(target)
        result = api.generate_assignment(module, force=True, create=True)
        if not result["success"]:
            raise ReleaseError(f"nbgrader could not generate {module}: {result.get('error') or result.get('log')}")
        notebooks = sorted(target.glob("*.ipynb"))
        for path in notebooks:
            let_run_all_continue(path)
        done.append(Released(module, notebooks))
    return done


#: JupyterLab (and nbclient) keep running the next cells after an error in a cell with this tag.
RUN_ON = "raises-exception"


def let_run_all_continue(path: Path) -> None:
    """Tag the learner's answer and check cells so that Run All goes past an unanswered exercise.

    A stub raises NotImplementedError and a failed check raises CheckFailed; without the tag, Run
    All would stop there and skip every explanation and plot below it. Only release/ is tagged:
    in source/, nbval must still fail when a reference solution raises.
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        nbg = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (nbg.get("solution") or nbg.get("grade")):
            tags = cell.metadata.setdefault("tags", [])
            if RUN_ON not in tags:
                tags.append(RUN_ON)
    nbformat.write(nb, path)
