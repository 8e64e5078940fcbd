"""Generate the student versions in release/ from source/, through nbgrader's API (in-process).

Before releasing, each source notebook is rebuilt from its text form, so release/ always follows
what reviewers read.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from curriculum.instructor.authoring.text_form import sync
from curriculum.instructor.course import Course, failure_cause

#: What an answer cell holds in release/ (nbgrader_config.py sets it as nbgrader's code stub): a comment
#: only, so that Run All on an untouched notebook shows no error, and each check cell says, in one
#: line, that its exercise is not attempted yet. Grading still scores an unanswered exercise 0.
CODE_STUB = "# YOUR CODE HERE"


class ReleaseError(RuntimeError):
    """nbgrader refused to generate a module."""


@dataclass
class Released:
    module: str
    notebooks: list[Path]
    #: what would break for learners or at grading (see `readiness`); released anyway, for authors
    warnings: list[str] = field(default_factory=list)


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
        kept = course.root / ".cache" / "release-previous" / module  # the last good release, until this works
        shutil.rmtree(kept, ignore_errors=True)
        kept.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.rename(kept)
        result = api.generate_assignment(module, force=True, create=True)
        if not result["success"]:
            shutil.rmtree(target, ignore_errors=True)
            if kept.exists():
                kept.rename(target)
            raise ReleaseError(f"nbgrader could not generate {module} (release/{module} was kept as it was): "
                               f"{failure_cause(result)}")
        shutil.rmtree(kept, ignore_errors=True)
        notebooks = sorted(target.glob("*.ipynb"))
        for path in notebooks:
            let_run_all_continue(path)
        try:
            warnings = readiness(module, notebooks)
        except Exception as exc:  # noqa: BLE001 - a half-written module: say so, the release stands
            warnings = [f"could not check {module} against the syllabus and its exercises: "
                        f"{type(exc).__name__}: {exc}"]
        done.append(Released(module, notebooks, warnings))
    return done


def readiness(module: str, notebooks: list[Path]) -> list[str]:
    """What a released module still lacks: a built syllabus entry and a definition for each check cell.

    nbgrader releases a module without either, but learners' check cells would then fail with
    UnknownExercise, and at grading the sandbox mounts only the datasets its syllabus entry lists.
    """
    from curriculum.instructor.grading.preprocessors import is_test_cell
    from curriculum.learner import syllabus
    from curriculum.learner.exercises import defined, definition_file, module_exercises

    problems = []
    try:
        entry = syllabus.load().module(module)
        if entry.status == "planned":
            problems.append(f'curriculum/learner/syllabus.toml gives {module} status = "{entry.status}"; set it to '
                            '"built" so that the syllabus tests cover it')
    except KeyError:
        problems.append(f"{module} has no [[modules]] entry in curriculum/learner/syllabus.toml: at grading the "
                        "sandbox would mount none of its datasets")
    checks = [cell.metadata["nbgrader"]["grade_id"] for path in notebooks
              for cell in nbformat.read(path, as_version=4).cells if is_test_cell(cell)]
    if not defined(module):
        problems.append(f"{module} has no exercise definitions ({definition_file(module)} is missing), so its "
                        f"{len(checks)} check cell(s) would fail for learners with UnknownExercise")
    else:
        missing = [gid for gid in checks if gid not in module_exercises(module)]
        if missing:
            problems.append(f"check cells {missing} have no Exercise in {definition_file(module)}")
    return problems


#: JupyterLab (and nbclient) keep running the next cells after an error in a cell with this tag.
RUN_ON = "raises-exception"


def let_run_all_continue(path: Path) -> None:
    """Tag the learner's answer and check cells so that Run All goes past an unanswered exercise.

    A failed check raises CheckFailed, and a learner's unfinished answer may raise anything; without
    the tag, Run All would stop there and skip every explanation and plot below it. Only release/ is tagged:
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
