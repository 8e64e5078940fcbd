"""Measure what the sandbox costs per submission: the same class graded confined and unconfined.

Run: .venv/bin/python benchmarks/sandbox_overhead.py [--submissions 12] [--module 00-python-for-data]
It builds a throwaway course in a temp folder, submits the reference solution for every learner,
grades them with the sandbox (bubblewrap) and without it, and prints seconds per submission.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(root: Path, module: str, n: int):
    from curriculum.course import Course
    from curriculum.demo import Learner, build_submission
    from curriculum.grading.hidden import load_instructor_file
    from curriculum.release import release

    for name in ("source", "release"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "autograded").mkdir()
    course = Course(root)
    release(course, [module])
    variants = load_instructor_file(root, module, "variants").VARIANTS
    learner = Learner("x", choices={g: "reference" for g in variants})
    nb = build_submission(course, module, learner, variants)
    import nbformat

    name = next((root / "release" / module).glob("*.ipynb")).name
    for i in range(n):
        folder = course.path("submitted", f"bench-{i:03d}", module)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / name)
    return course


def timed(course, module: str, n: int, sandbox: bool) -> list[float]:
    from curriculum.grading import records
    from curriculum.grading.batch import grade

    with open(course.root / "nbgrader_config.py", "a") as fh:
        fh.write(f"\nc.SandboxedExecute.sandbox = {sandbox}\n")
    students = [f"bench-{i:03d}" for i in range(n)]
    grade(course, module, students[:1])  # warm caches (imports, gradebook)
    start = time.monotonic()
    result = grade(course, module, students)
    assert not result.failed, result.failed
    total = time.monotonic() - start
    per = [records.read(course, module, s).seconds for s in students]
    print(f"  sandbox={sandbox}: {n} submissions in {total:.1f} s")
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=12)
    parser.add_argument("--module", default="00-python-for-data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        course = build(Path(tmp) / "course", args.module, args.submissions)
        confined = timed(course, args.module, args.submissions, True)
        unconfined = timed(course, args.module, args.submissions, False)
    a, b = statistics.median(confined), statistics.median(unconfined)
    print(f"| module | submissions | median s/submission, sandbox | without | overhead |")
    print(f"|---|---|---|---|---|")
    print(f"| {args.module} | {args.submissions} | {a:.2f} | {b:.2f} | {a - b:+.2f} s ({100 * (a - b) / b:+.0f}%) |")


if __name__ == "__main__":
    main()
