"""The instructor's report (`curriculum report`): an HTML page with plots, and the CSVs behind them.

Per module the score distribution and pass rate; per exercise the item analysis (full points, the
named messages that fired, not attempted, hints revealed, and the exercises most learners fail,
flagged for the author); per learner the progress on each track and what the certificate still
needs. Statuses, scores and standings are the export's (grading/report.py, grading/tracks.py).
The entry point is `curriculum.instructor.reports.page.write_report`.
"""
