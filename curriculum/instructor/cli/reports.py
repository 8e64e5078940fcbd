"""`curriculum report`: the instructor's report, an HTML page with plots and the CSVs behind them."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

import typer

from curriculum.instructor.cli.common import console, course, fail, has_gradebook, progress_bar


def report(output: Optional[Path] = typer.Option(None, "--output", "-o", help="The folder to write index.html and "
                                                 "the CSVs into (default: reports/ in the course; a relative path "
                                                 "is from here).")):
    """Write an HTML report: pass rates and scores per module, item analysis per exercise, track progress."""
    from curriculum.instructor.reports.page import write_report

    c = course()  # never create an empty gradebook just to report on it
    if not has_gradebook(c):
        fail("Nothing has been released yet (no gradebook): run `curriculum release` first.", code=1)
    target = c.path("reports") if output is None else output.resolve()
    try:
        with progress_bar("reading the graded notebooks", len(c.modules())) as tick:
            page = write_report(c, target, progress=tick)
    except OSError as exc:
        fail(f"cannot write the report into {target}: {exc.strerror or exc}")
    console.print(f"wrote the report {page}", soft_wrap=True, highlight=False, markup=False)
    console.print(f"  and its tables beside it: {', '.join(p.name for p in sorted(page.parent.glob('*.csv')))}",
                  soft_wrap=True, highlight=False, markup=False)
    with open(page.parent / "modules.csv", encoding="utf-8", newline="") as f:
        graded = sum(int(row["graded"]) for row in csv.DictReader(f))
    if not graded:
        console.print("  nothing has been graded yet: the report has no scores (`curriculum grade` grades what "
                      "was collected).")
