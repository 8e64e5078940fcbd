"""The instructor's command line: `curriculum release | collect | grade | feedback | export | status | demo`.

Everything runs in-process over nbgrader's NbGraderAPI and Gradebook; nothing shells out to nbgrader.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cli_data import app as data_app
from .course import Course, CourseError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="AI Foundations: release, collect, grade, give feedback and export, over nbgrader.")
console = Console()
state: dict = {"course": None}
app.add_typer(data_app, name="data")


def course() -> Course:
    try:
        return Course.at(state["course"])
    except CourseError as exc:
        console.print(f"[bold]Error:[/bold] {exc}")
        raise typer.Exit(2)


@app.callback()
def main(course_dir: Optional[Path] = typer.Option(None, "--course", help="Course root (default: here or above).")):
    state["course"] = course_dir


@contextmanager
def progress_bar(label: str, total: int) -> Iterator:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[who]}"), TimeElapsedColumn(), console=console,
                  transient=False) as bar:
        task = bar.add_task(label, total=total, who="")
        yield lambda who: bar.update(task, advance=1, who=who)


def _modules(c: Course, module: Optional[str]) -> list[str]:
    known = c.modules()
    if module and module not in known:
        console.print(f"[bold]Error:[/bold] unknown module {module!r}; known: {', '.join(known)}")
        raise typer.Exit(2)
    return [module] if module else known


@app.command()
def sync(check: bool = typer.Option(False, "--check", help="Only report stale notebooks; exit 1 if any.")):
    """Rebuild source/*/*.ipynb from their text form (*.py)."""
    from .authoring import sync as do_sync

    stale = do_sync(course().path("source"), check_only=check)
    for path in stale:
        console.print(f"{'stale' if check else 'rebuilt'}: {path}")
    if check and stale:
        raise typer.Exit(1)


@app.command()
def release(modules: Optional[List[str]] = typer.Argument(None, help="Module ids (default: all).")):
    """Regenerate release/ (student versions) from source/ through nbgrader."""
    from .release import ReleaseError, release as do_release

    try:
        for done in do_release(course(), modules or None):
            console.print(f"released {done.module}: {', '.join(p.name for p in done.notebooks)}")
    except ReleaseError as exc:
        console.print(f"[bold]Error:[/bold] {exc}")
        raise typer.Exit(1)


@app.command()
def collect(path: Path = typer.Argument(..., help="A folder or an LMS zip of submissions."),
            module: str = typer.Option(..., "--module", "-m", help="The module these submissions are for.")):
    """Copy submissions into submitted/<student>/<module>/, setting aside what cannot be matched."""
    from .grading.collect import collect as do_collect

    c = course()
    _modules(c, module)
    if not path.exists():
        console.print(f"[bold]Error:[/bold] {path} does not exist.")
        raise typer.Exit(2)
    report = do_collect(c, path, module)
    console.print(f"collected {len(report.collected)} notebook(s) for {module}")
    for name, taken_as in report.renamed:
        console.print(f"  renamed: {name} taken as {taken_as}")
    for name, reason in report.superseded:
        console.print(f"  superseded: {name} ({reason})")
    for name, reason in report.set_aside:
        console.print(f"  [bold]set aside[/bold]: {name}: {reason} -> submitted-set-aside/{module}/")


def _each_module(module: Optional[str], label: str, action) -> Iterator:
    """Run a batch `action` over each module's submissions with a progress bar; yield results."""
    from .grading.batch import submitted_students

    c = course()
    for m in _modules(c, module):
        students = submitted_students(c, m)
        if not students:
            console.print(f"{m}: no submissions")
            continue
        with progress_bar(f"{label} {m}", len(students)) as tick:
            result = action(c, m, students, progress=tick)
        yield c, m, result


def _parse_shard(text: Optional[str]) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        index, count = (int(x) for x in text.split("/"))
        if not 1 <= index <= count:
            raise ValueError
    except ValueError:
        console.print(f"[bold]Error:[/bold] --shard should be I/N with 1 <= I <= N, e.g. 2/4; got {text!r}.")
        raise typer.Exit(2)
    return index, count


UNSAFE_HELP = "Grade without the sandbox if bubblewrap is missing. Only for trusted work."


def require_sandbox(unsafe: bool) -> None:
    """Refuse to run student code unconfined, unless the instructor explicitly accepts the risk."""
    from .course import UNSAFE_ENV
    from .sandbox.bwrap import SandboxUnavailable, tools

    try:
        tools()
    except SandboxUnavailable as exc:
        if not unsafe:
            console.print(f"[bold]Error:[/bold] {exc}")
            raise typer.Exit(2)
        console.print("[bold]WARNING: NO SANDBOX.[/bold] Student code will run with your permissions: "
                      "it can read the gradebook, the hidden checks and your files. "
                      f"({exc})")
        os.environ[UNSAFE_ENV] = "1"


@app.command()
def grade(module: Optional[str] = typer.Argument(None, help="Module id (default: all)."),
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1,
                                      help="Notebooks run at once on this machine (default: the cores)."),
          scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                  help="Run on a Dask cluster instead: tcp://HOST:PORT."),
          shard: Optional[str] = typer.Option(None, "--shard", help="Grade only shard I of N learners, "
                                              "e.g. 2/4, so that N coordinators share a large class "
                                              "(use a PostgreSQL gradebook)."),
          unsafe_no_sandbox: bool = typer.Option(False, "--unsafe-no-sandbox", help=UNSAFE_HELP)):
    """Autograde in the sandbox, in parallel; a rerun grades only what changed or never finished."""
    from .grading.parallel import grade_parallel, in_shard

    require_sandbox(unsafe_no_sandbox)
    part = _parse_shard(shard)
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        console.print(f"[bold]Error:[/bold] --scheduler should look like tcp://HOST:PORT, got {scheduler!r}.")
        raise typer.Exit(2)

    def action(c, m, students, progress):
        mine = [s for s in students if in_shard(s, part)]
        for other in set(students) - set(mine):
            progress(other)
        return grade_parallel(c, m, mine, workers=workers, scheduler=scheduler, progress=progress)

    for _, m, result in _each_module(module, "grading", action):
        fresh = len(result.done) - len(result.skipped)
        console.print(f"{m}: graded {fresh}, failed {len(result.failed)}, "
                      f"unchanged since last time {len(result.skipped)}")
        for student, reason in result.failed:
            console.print(f"  FAILED {student}: {reason}")


@app.command()
def feedback(module: Optional[str] = typer.Argument(None, help="Module id (default: all).")):
    """Write feedback/<student>/<module>/*.html (no hidden check code) for graded submissions."""
    from .grading.batch import feedback as do_feedback

    for c, m, result in _each_module(module, "feedback", do_feedback):
        console.print(f"{m}: feedback for {len(result.done)} learner(s) in {c.path('feedback')}")


@app.command()
def export(output: Path = typer.Option(Path("exports/grades.csv"), "--output", "-o")):
    """Write a CSV with one row per learner and module: graded, failed or not submitted."""
    from .grading.report import export_csv

    c = course()
    target = output if output.is_absolute() else c.root / output
    frame = export_csv(c, target)
    console.print(f"wrote {len(frame)} row(s) to {target}")
    for status, n in frame["status"].value_counts().items():
        console.print(f"  {status}: {n}")


@app.command()
def status():
    """A table of modules by learners: score, or why there is none."""
    console.print(status_table(course()))


def status_table(c: Course, title: str = "Grades by learner and module") -> Table:
    from .grading.report import rows

    data = rows(c)
    modules = sorted({r.module for r in data})
    table = Table(title=title, caption="- not submitted;  * a written answer awaits hand grading")
    table.add_column("learner")
    for m in modules:
        table.add_column(m, justify="right")
    for student in sorted({r.student for r in data}):
        cells = []
        for m in modules:
            row = next((r for r in data if r.student == student and r.module == m), None)
            if row is None or row.status == "not_submitted":
                cells.append("-")
            elif row.status == "graded":
                flag = "pass" if row.passed else "below"
                cells.append(f"{row.score:g}/{row.max_score:g} {flag}{' *' if row.needs_manual_grade else ''}")
            else:
                cells.append(row.status.replace("_", " "))
        table.add_row(student, *cells)
    return table


@app.command()
def demo(size: int = typer.Option(32, help="How many simulated learners (plus 3 cheaters in module 00)."),
         module: Optional[List[str]] = typer.Option(None, "--module", "-m",
                                                    help="Modules the class submits (default: every built one)."),
         workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1,
                                     help="Notebooks graded at once (default: the cores)."),
         unsafe_no_sandbox: bool = typer.Option(False, "--unsafe-no-sandbox", help=UNSAFE_HELP)):
    """Simulate a class end to end: release, collect an LMS zip, grade, feedback, export."""
    from .demo import plan_class, write_lms_zip
    from .exercises import MODULES
    from .grading.batch import feedback as do_feedback
    from .grading.collect import collect as do_collect
    from .grading.parallel import grade_parallel
    from .grading.report import export_csv
    from .release import release as do_release

    if size < 1:
        console.print("[bold]Error:[/bold] --size must be at least 1.")
        raise typer.Exit(2)
    require_sandbox(unsafe_no_sandbox)
    c = course()
    modules = [m for m in c.modules() if m in MODULES] if not module else module
    for m in modules:
        _modules(c, m)
    started = time.monotonic()
    do_release(c, modules)
    console.print(f"released {', '.join(modules)} into {c.path('release')}")
    expected: dict[tuple[str, str], float] = {}
    failed = 0
    for position, m in enumerate(modules):
        learners, variants = plan_class(c, m, size=size, position=position)
        archive = write_lms_zip(c, m, learners, variants, c.path(".demo", f"lms-export-{m}.zip"))
        report = do_collect(c, archive, m)
        console.print(f"{m}: collected {len(report.collected)} submission(s) from {archive}; "
                      f"set aside {len(report.set_aside)}, superseded {len(report.superseded)}")
        students = [l.student for l in learners]
        with progress_bar(f"grading {m}", len(students)) as tick:
            failed += len(grade_parallel(c, m, students, workers=workers, progress=tick).failed)
        with progress_bar(f"feedback {m}", len(students)) as tick:
            do_feedback(c, m, students, progress=tick)
        expected.update({(l.student, m): sum(l.expected.values()) for l in learners})
    frame = export_csv(c, c.path("exports", "grades.csv"))
    console.print(status_table(c, f"Demo class: {len({s for s, _ in expected})} learners"))
    got = {(r.student, r.module): r.score for r in frame.itertuples()}
    wrong = sorted(f"{s} {m}" for (s, m), v in expected.items() if got.get((s, m)) != v)
    cheats = sum(v or 0 for (s, _), v in got.items() if s.startswith("cheat") and v == v)
    console.print(f"submissions {len(expected)}, failed to grade {failed}; scores matching the plan: "
                  f"{len(expected) - len(wrong)}/{len(expected)}; cheaters' points: {cheats:g}")
    console.print(f"results: gradebook {c.path('gradebook.db')}, feedback {c.path('feedback')}, "
                  f"grades {c.path('exports', 'grades.csv')}  ({time.monotonic() - started:.0f} s)")
    if wrong or failed:
        console.print(f"[bold]Mismatch[/bold] for: {', '.join(wrong)}")
        raise typer.Exit(1)
