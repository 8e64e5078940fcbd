"""What every `curriculum` command shares: the course, one-line errors, progress bars, option checks."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, NoReturn, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from curriculum.instructor.course import Course, CourseError

console = Console()
state: dict = {"course": None}  # --course, set by the app's callback


def fail(message: object, code: int = 2) -> NoReturn:
    """Print `Error: message` on one line (no traceback) and exit with `code`."""
    console.print(f"Error: {message}", soft_wrap=True, highlight=False, markup=False)
    raise typer.Exit(code)


def course() -> Course:
    """The course at --course (or here or above), or a one-line error."""
    try:
        return Course.at(state["course"])
    except CourseError as exc:
        fail(exc)


def has_gradebook(c: Course) -> bool:
    """Whether the gradebook exists, without creating it (a server database is assumed to exist)."""
    return c.sqlite_path is None or c.sqlite_path.exists()


def is_released(c: Course, module: str) -> bool:
    """Whether `module` is in the gradebook (`curriculum release` puts it there)."""
    if not has_gradebook(c):
        return False
    with c.gradebook() as gb:
        return any(a.name == module for a in gb.assignments)


def require_released(c: Course, module: str) -> None:
    """Stop unless `module` is in the gradebook: grading an unreleased module fails every submission."""
    if is_released(c, module):
        return
    fail(f"module {module} is not in the gradebook (never released, or cleaned since): "
         f"run `curriculum release {module}` first.")


@contextmanager
def progress_bar(label: str, total: int) -> Iterator:
    """A rich progress bar; yields `tick(who)`, which advances it by one and shows who was done.

    A run that stops before anything was done leaves no empty bar above its error message."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[who]}"), TimeElapsedColumn(), console=console,
                  transient=False) as bar:
        task = bar.add_task(label, total=total, who="")
        try:
            yield lambda who: bar.update(task, advance=1, who=who)
        except BaseException:
            if not bar.tasks[0].completed:  # stopped before any work (a lock, a refusal): no empty bar
                bar.live.transient = True
            raise


def _modules(c: Course, module: Optional[str]) -> list[str]:
    """[module] if the course has it, every module if None; otherwise a one-line error that says why."""
    from curriculum.learner import syllabus

    known = c.modules()
    if module and module not in known:
        planned = {m.id for m in syllabus.load().modules}
        if module in planned:
            fail(f"module {module} is planned in the syllabus but not built yet (there is no "
                 f"source/{module}: `curriculum new-module {module}` scaffolds it); built: {', '.join(known)}")
        fail(f"unknown module {module!r}; known: {', '.join(known)}")
    return [module] if module else known


def parse_shard(text: Optional[str]) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        index, count = (int(x) for x in text.split("/"))
        if not 1 <= index <= count:
            raise ValueError
    except ValueError:
        fail(f"--shard should be I/N with 1 <= I <= N, e.g. 2/4; got {text!r}.")
    return index, count


def parse_due(text: str):
    """A due date as naive UTC (nbgrader's convention); a time without an offset is taken as UTC."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"--due should be a date and time like '2026-12-01 17:00' or '2026-12-01T17:00+01:00'; got {text!r}.")
    return when.astimezone(timezone.utc).replace(tzinfo=None) if when.tzinfo else when


def set_due_date(c: Course, module: str, due) -> None:
    """Record the module's due date in nbgrader's gradebook, where intake and late penalties read it."""
    with c.gradebook() as gb:
        gb.update_or_create_assignment(module, duedate=due)


UNSAFE_HELP = "Grade without the sandbox if bubblewrap is missing. Only for trusted work."


def require_sandbox(unsafe: bool) -> None:
    """Refuse to run student code unconfined, unless the instructor explicitly accepts the risk."""
    from curriculum.instructor.course import UNSAFE_ENV
    from curriculum.instructor.sandbox.bwrap import SandboxUnavailable, tools

    try:
        tools()
    except SandboxUnavailable as exc:
        if not unsafe:
            fail(exc)
        console.print("[bold]WARNING: NO SANDBOX.[/bold] Student code will run with your permissions: it can "
                      f"read the gradebook, the hidden checks and your files. ({exc})")
        os.environ[UNSAFE_ENV] = "1"


def check_scheduler(scheduler: Optional[str]) -> None:
    """A Dask address needs a scheme, and for tcp/tls a host and a port number."""
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        fail(f"--scheduler should look like tcp://HOST:PORT, got {scheduler!r}.")
    if scheduler and scheduler.startswith(("tcp://", "tls://")):
        host, _, port = scheduler.split("://", 1)[1].rpartition(":")
        if not host or not port.isdigit():
            fail(f"--scheduler needs a host and a port number, like tcp://HOST:8786; got {scheduler!r}.")
