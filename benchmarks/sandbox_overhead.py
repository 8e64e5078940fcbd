"""Measure what the sandbox costs per submission: the same class executed confined and unconfined.

Run: .venv/bin/python benchmarks/sandbox_overhead.py [--submissions 12] [--module 00-python-for-data]
It builds a throwaway class (see grading_throughput.py) and grades it with one worker, with the
sandbox (bubblewrap) and without it, in alternating order over --rounds rounds (so that warm-up and
drift do not favour one side), and compares the median execution time and the median whole worker
task time per submission.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grading_throughput import build_class  # noqa: E402


def execution_seconds(root: Path, module: str, students: list[str], sandbox: bool) -> tuple[list, list]:
    """Grade every submission again (the config change makes them all pending); worker seconds."""
    from curriculum.instructor.course import Course
    from curriculum.instructor.grading.parallel import grade_parallel

    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.SandboxedExecute.sandbox = {sandbox}\n")
    timings: dict = {}
    result = grade_parallel(Course(root), module, students, workers=1, timings=timings)
    assert not result.failed, result.failed[:3]
    return timings["execute"], timings["worker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12)
    parser.add_argument("--module", default="00-python-for-data")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs: dict[bool, tuple[list, list]] = {True: ([], []), False: ([], [])}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        students = build_class(root, args.module, max(1, args.submissions - 3))
        for round_ in range(args.rounds):
            for sandbox in ((True, False) if round_ % 2 == 0 else (False, True)):
                execute, task = execution_seconds(root, args.module, students, sandbox)
                runs[sandbox][0].extend(execute)
                runs[sandbox][1].extend(task)
    med = statistics.median
    print("| per submission (median) | with sandbox (s) | without (s) | overhead |")
    print("|---|---|---|---|")
    for label, i in (("notebook execution", 0), ("whole worker task", 1)):
        a, b = med(runs[True][i]), med(runs[False][i])
        print(f"| {label} | {a:.2f} | {b:.2f} | {a - b:+.2f} s ({100 * (a - b) / b:+.0f}%) |")
    print(f"\n{args.module}: {len(students)} submissions x {args.rounds} rounds each way, one worker")


if __name__ == "__main__":
    main()
