"""Stock serial `nbgrader autograde` against `curriculum grade`, on the same generated class.

Run: .venv/bin/python benchmarks/grading_throughput.py [--submissions 200] [--workers 2]

Both graders get an identical copy of a class built by the demo's planner (reference solutions,
alternatives, mistakes, stubs and cheats) for one module. Stock nbgrader runs through its own API
with its default preprocessors (tests in the learner's kernel, no sandbox), one submission at a
time. `curriculum grade` runs the sandbox, the trusted judge and `--workers` parallel workers. The
script prints a markdown table: submissions per minute and the ratio, then the overhead per
submission beyond the notebook's own execution, measured three ways:

- machinery: what grading adds around each notebook, summed over the coordinator (intake,
  nbgrader's two passes, judge, record: wall time) and the worker (box, copies, clean-up);
- coordinator CPU: the coordinator's processor time per submission;
- slots: `workers x wall time / submissions` minus the notebook's execution time measured alone
  (one worker, a calibration class graded first). This is the most conservative figure: it also
  charges the contention between the coordinator and the workers for the same cores.
"""
from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

STOCK = {
    "Autograde": {
        "sanitize_preprocessors": ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
                                   "nbgrader.preprocessors.OverwriteKernelspec",
                                   "nbgrader.preprocessors.OverwriteCells",
                                   "nbgrader.preprocessors.CheckCellMetadata"],
        "autograde_preprocessors": ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.LimitOutput",
                                    "nbgrader.preprocessors.SaveAutoGrades",
                                    "nbgrader.preprocessors.AssignLatePenalties",
                                    "nbgrader.preprocessors.CheckCellMetadata"],
    },
}


def build_class(root: Path, module: str, size: int) -> list[str]:
    """A throwaway course at `root` with the demo planner's class for `module` submitted."""
    from curriculum.instructor.course import Course
    from curriculum.instructor.demo import plan_class, write_submissions
    from curriculum.instructor.release import release

    for name in ("source", "release"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "autograded").mkdir()
    course = Course(root)
    release(course, [module])
    learners, variants = plan_class(course, module, size=size)
    return write_submissions(course, module, learners, variants)


def stock(root: Path, module: str, students: list[str]) -> float:
    from traitlets.config import Config

    from curriculum.instructor.course import Course

    api = Course(root).api(logging.CRITICAL, Config(STOCK))
    start = time.monotonic()
    for student in students:
        api.autograde(module, student, force=True, create=True)
    return time.monotonic() - start


def ours(root: Path, module: str, students: list[str], workers: int) -> tuple[float, dict]:
    from curriculum.instructor.course import Course
    from curriculum.instructor.grading.parallel import grade_parallel

    timings: dict = {}
    start = time.monotonic()
    result = grade_parallel(Course(root), module, students, workers=workers, timings=timings)
    assert not result.failed, result.failed[:3]
    return time.monotonic() - start, timings


def calibrate(root: Path, module: str, size: int) -> float:
    """Median seconds of one notebook's sandboxed execution with one worker and nothing else running."""
    _, timings = ours(root, module, build_class(root, module, size), workers=1)
    return statistics.median(timings["execute"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--module", default="00-python-for-data")
    args = parser.parse_args()
    size = max(1, args.submissions - 3)  # the planner adds 3 cheaters
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "stock", Path(tmp) / "ours"
        alone = calibrate(Path(tmp) / "calibration", args.module, 9)
        print(f"notebook execution alone (one worker, median of 12): {alone:.2f} s", flush=True)
        students = build_class(a, args.module, size)
        build_class(b, args.module, size)
        n = len(students)
        print(f"class: {n} submissions of {args.module}", flush=True)
        t_stock = stock(a, args.module, students)
        print(f"stock nbgrader autograde (serial): {t_stock:.0f} s", flush=True)
        t_ours, timings = ours(b, args.module, students, args.workers)
        print(f"curriculum grade --workers {args.workers}: {t_ours:.0f} s", flush=True)
    mean = statistics.mean
    execute = mean(timings["execute"])
    coordinator = mean(p + r for p, r in zip(timings["prepare"], timings["record"]))
    worker = mean(w - e for w, e in zip(timings["worker"], timings["execute"]))
    cpu = sum(timings["coordinator_cpu"]) / len(timings["prepare"])
    slot = args.workers * t_ours / n
    print()
    print("| grader | submissions | wall time (s) | submissions / minute |")
    print("|---|---|---|---|")
    print(f"| stock `nbgrader autograde`, serial, no sandbox | {n} | {t_stock:.0f} | {60 * n / t_stock:.1f} |")
    print(f"| `curriculum grade --workers {args.workers}`, sandboxed | {n} | {t_ours:.0f} | {60 * n / t_ours:.1f} |")
    print()
    print(f"ratio: {t_stock / t_ours:.2f} x stock")
    print()
    print("| overhead per submission beyond the notebook's execution | seconds |")
    print("|---|---|")
    print(f"| machinery: coordinator {coordinator:.2f} s wall + worker {worker:.2f} s | {coordinator + worker:.2f} |")
    print(f"| coordinator CPU | {cpu:.2f} |")
    print(f"| slots: {args.workers} x {t_ours:.0f} s / {n} = {slot:.2f} s, minus {alone:.2f} s alone "
          f"| {slot - alone:.2f} |")
    print()
    print(f"notebook execution: {alone:.2f} s alone, {execute:.2f} s with {args.workers} workers sharing the cores")


if __name__ == "__main__":
    main()
