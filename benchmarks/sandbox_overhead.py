"""Measure what the sandbox costs per submission: the same class executed confined and unconfined.

Run: .venv/bin/python benchmarks/sandbox_overhead.py [--submissions 12] [--module 00-python-for-data]
It builds a throwaway class (see grading_throughput.py), grades it with one worker with the
sandbox (bubblewrap) and again without it, and compares the notebook execution time per submission.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grading_throughput import build_class  # noqa: E402


def execution_seconds(root: Path, module: str, students: list[str], sandbox: bool) -> list[float]:
    """Grade every submission again (the config change makes them all pending); worker seconds."""
    from curriculum.course import Course
    from curriculum.grading.parallel import grade_parallel

    with open(root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.SandboxedExecute.sandbox = {sandbox}\n")
    timings: dict = {}
    result = grade_parallel(Course(root), module, students, workers=1, timings=timings)
    assert not result.failed, result.failed[:3]
    return timings["execute"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12)
    parser.add_argument("--module", default="00-python-for-data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        students = build_class(root, args.module, max(1, args.submissions - 3))
        confined = execution_seconds(root, args.module, students, True)
        unconfined = execution_seconds(root, args.module, students, False)
    a, b = statistics.median(confined), statistics.median(unconfined)
    print("| module | submissions | median s/submission, sandbox | without | overhead |")
    print("|---|---|---|---|---|")
    print(f"| {args.module} | {len(students)} | {a:.2f} | {b:.2f} | {a - b:+.2f} s ({100 * (a - b) / b:+.0f}%) |")


if __name__ == "__main__":
    main()
