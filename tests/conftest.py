"""Shared fixtures: the repository, a throwaway copy of the course, and an in-process notebook runner."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

#: Each pytest-xdist process grades with sandbox uids of its own (before anything reads the range:
#: `slots.uid_range` is read once per process, and grading pools inherit it), so a test that counts
#: the sandbox processes left on the machine (the attack suite) counts only its own.
if os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw") and "CURRICULUM_SANDBOX_UIDS" not in os.environ:
    os.environ["CURRICULUM_SANDBOX_UIDS"] = f"{2_000_000 + 1024 * int(os.environ['PYTEST_XDIST_WORKER'][2:])}:1024"

#: Certificates sign with a key made on first use in the instructor's config folder: the tests (and
#: the demo they run) make theirs in a throwaway folder, never in the real one.
if "CURRICULUM_CONFIG_DIR" not in os.environ:
    os.environ["CURRICULUM_CONFIG_DIR"] = tempfile.mkdtemp(prefix="curriculum-test-config-")

REPO = Path(__file__).resolve().parent.parent
MODULE = "00-python-for-data"


#: Tests that time a kill of a grading run: `make test` runs them after the rest, alone. The
#: rest runs under pytest-xdist (`-n 3`, whole files per process), so the demo class grades on one side
#: while the in-process tests run on the other; the attack suite among them counts only the sandbox
#: processes of its own uids (above). file name -> test name prefixes (None: the whole file).
ALONE = {
    "test_parallel.py": ("test_kill_9", "test_ctrl_c", "test_a_killed_worker"),
}


#: The longest files, started first: `make test` hands whole files to its three processes in this
#: order (`--no-loadscope-reorder`; pytest-xdist would otherwise start the files with the most tests
#: first, and the demo class, the longest single piece, would start minutes late and end the run alone).
LONGEST_FIRST = ("test_pipeline.py", "test_attacks.py", "test_authoring.py", "test_parallel.py", "test_faults.py",
                 "test_learner_lab_browser.py", "test_course_commands.py", "test_untrusted_text.py")


def pytest_collection_modifyitems(items):
    for item in items:
        prefixes = ALONE.get(item.path.name, ())
        if prefixes is None or any(item.name.startswith(p) for p in prefixes or ()):
            item.add_marker(pytest.mark.alone)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file keeps its order


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def make_course_copy(target: Path) -> Path:
    """A course folder with source/, release/ and the config, but no gradebook or submissions."""
    for name in ("source", "release"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "nbgrader_config.py", target / "nbgrader_config.py")
    (target / "autograded").mkdir()
    os.environ.setdefault("CURRICULUM_DATASETS", str(REPO / "datasets"))
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    return make_course_copy(tmp_path / "course")


def autograded_points(module: str = MODULE) -> float:
    """Every autograded point of `module` as the syllabus declares them (tests never hard-code totals)."""
    from curriculum.learner import syllabus

    return sum(e.points for e in syllabus.load().module(module).exercises if e.graded_by == "autograder")


def source_notebook(module: str = MODULE):
    return nbformat.read(next((REPO / "source" / module).glob("*.ipynb")), as_version=4)


def setup_code(module: str = MODULE) -> str:
    return "\n".join(c.source for c in source_notebook(module).cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")


#: Where the attack and fault tables live (the README points to it).
TRUST_PAGE = "docs/grading-trust.md"


def doc_table(header: str, page: str = TRUST_PAGE) -> list[list[str]]:
    """The rows of the table in `page` whose header line starts with `header`, as lists of cells."""
    lines = (REPO / page).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(table_cells(line))
    return rows


def table_cells(line: str) -> list[str]:
    """The cells of one markdown table line."""
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def printed_address(proc, path: str, port: int, seconds: float = 90):
    """(the match of http://127.0.0.1:PORT/PATH?token=TOKEN, everything printed so far) from a
    server's output, read until it prints its address, ends, or `seconds` pass (match None then)."""
    import re
    import time

    said, deadline = "", time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        line = proc.stdout.readline()
        said += line
        found = re.search(rf"http://127\.0\.0\.1:{port}/{path}\?token=(\w+)", line)
        if found:
            return found, said
    return None, said


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dask_cluster(workers: int):
    """A Dask scheduler and `workers` worker processes on loopback (one thread each), stopped after use.

    Yields (address, processes): the scheduler first, then the workers, each in its own session."""
    import signal
    import subprocess
    import sys
    import time

    bin_dir = Path(sys.executable).parent
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"env": dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}"), "stdout": subprocess.DEVNULL,
             "stderr": subprocess.DEVNULL, "start_new_session": True}
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    try:
        time.sleep(3)
        for _ in range(workers):
            procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", "1",
                                           "--nthreads", "1", "--no-dashboard"], **quiet))
        yield address, procs
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a nanny slow to stop on a loaded machine: end it
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)


def reference_submission(root, student: str, edit) -> None:
    """The reference answers of module 00, each answer cell passed through `edit(grade_id, code)`."""
    from curriculum.instructor.course import Course
    from curriculum.instructor.demo import Learner, build_submission, reference_code

    course = Course(root)
    learner = Learner(student, choices={ex: "reference" for ex in reference_code(source_nb(root))})
    nb = build_submission(course, MODULE, learner, {})
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_answer"):
            cell.source = edit(grade_id[: -len("_answer")], cell.source)
    folder = root / "submitted" / student / MODULE
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "python-for-data.ipynb")


def source_nb(root):
    return nbformat.read(next((root / "source" / MODULE).glob("*.ipynb")), as_version=4)
