"""The author's commands: `curriculum sync` (notebooks from their text form), `curriculum new-module`
and `curriculum audit` (a learner-side audit graded through the real pipeline)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from curriculum.instructor.cli.common import console, course, fail


def sync(check: bool = typer.Option(False, "--check", help="Only report stale notebooks; exit 1 if any.")):
    """Rebuild source/*/*.ipynb from their text form (*.py), and README.md's course map from the syllabus."""
    from curriculum.instructor.authoring.course_map import sync_readme
    from curriculum.instructor.authoring.text_form import AuthoringError
    from curriculum.instructor.authoring.text_form import sync as do_sync

    c = course()
    try:
        stale = do_sync(c.path("source"), check_only=check)
        if c.path("README.md").exists() and sync_readme(c.path("README.md"), check_only=check):
            stale.append(c.path("README.md"))
    except (AuthoringError, ValueError) as exc:
        fail(exc)
    for path in stale:
        console.print(f"{'stale' if check else 'rebuilt'}: {path}")
    if not stale:
        console.print("every source notebook matches its text form, and the README its syllabus")
    if check and stale:
        raise typer.Exit(1)


def new_module(module_id: str = typer.Argument(..., help="A planned module of the syllabus, e.g. 03-evaluation.")):
    """Scaffold a planned module: notebook text form, exercise definitions, hidden checks, variants."""
    from curriculum.instructor.authoring.course_map import sync_readme
    from curriculum.instructor.authoring.scaffold import ScaffoldError, scaffold
    from curriculum.instructor.authoring.text_form import sync as do_sync
    from curriculum.instructor.release import release as do_release

    c = course()
    try:
        written = scaffold(c.root, module_id)
    except ScaffoldError as exc:
        fail(exc)
    for path in written:
        console.print(f"wrote {escape(str(path.relative_to(c.root)))}")
    do_sync(c.path("source"))
    if c.path("README.md").exists():
        sync_readme(c.path("README.md"))
    for done in do_release(c, [module_id]):
        console.print(f"released {done.module}: {', '.join(p.name for p in done.notebooks)}")
        for warning in done.warnings:
            console.print(f"  [bold]WARNING:[/bold] {escape(warning)}", style="yellow")
    console.print(f"{module_id} is a draft: write its exercises (AUTHORING.md, \"Add a module\"), then set "
                  'status = "built" in its syllabus entry.')


def audit(module: str = typer.Argument(..., help="A module id, e.g. 00-python-for-data."),
          cases: Path = typer.Argument(..., help="The auditor's cases: a JSON list of {grade_id, kind, code, why}."),
          output: Optional[Path] = typer.Option(None, "--output", "-o", help="The table to write (default: "
                                                "docs/audits/<module>.md in the course)."),
          workers: int = typer.Option(2, "--workers", "-w", min=1, help="Notebooks graded at once.")):
    """Grade a learner-side audit's cases through the real pipeline and write its table."""
    from curriculum.instructor.audit import AuditError, read_cases, run, table
    from curriculum.instructor.cli.common import _modules, require_sandbox

    c = course()
    _modules(c, module)
    require_sandbox(False)
    try:
        found = read_cases(cases)
    except AuditError as exc:
        fail(exc)
    graded = run(c, module, found, workers=workers)
    target = output or c.path("docs", "audits", f"{module}.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(table(module, graded, cases.name))
    wrong = [g for g in graded if not g.as_expected]
    console.print(f"{module}: {len(graded)} cases graded, {len(wrong)} not as they should be; table in "
                  f"{escape(str(target))}")
    if wrong:
        raise typer.Exit(1)
