"""Generate the student versions in release/ from source/, through nbgrader's API (in-process).

Before releasing, each source notebook is rebuilt from its text form, so release/ always follows
what reviewers read.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

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
        done.append(Released(module, sorted(target.glob("*.ipynb"))))
    return done
