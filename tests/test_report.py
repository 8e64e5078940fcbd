"""The instructor's report, piece by piece, without a graded class: messages matched to the declared
ones, pass rates, flags, hints, figures, and learner text kept as text on the page and in the CSVs.
(tests/test_pipeline.py checks the report of the demo class.)"""
from __future__ import annotations

import csv
import json

import nbformat
import pandas as pd
import pytest
from typer.testing import CliRunner

from curriculum.instructor.cli.main import app
from curriculum.instructor.course import Course
from curriculum.instructor.grading.judge import feedback_text
from curriculum.instructor.grading.preprocessors import JudgeAnswers
from curriculum.instructor.reports import figures, items, messages, summary
from curriculum.instructor.reports.items import Attempt, exercise_row, flag
from curriculum.instructor.reports.messages import OTHER, OTHER_ROWS, RARER, Declared, count_messages, match
from curriculum.instructor.reports.page import all_charts, build_charts, write_files
from curriculum.learner.checks.core import Outcome
from curriculum.learner.notebook import HINT_METADATA

from .conftest import MODULE, REPO

MISTAKE = ("`predicted_mean` treats the missing value as 0 (14 / 3). pandas skips NaN when it computes a mean: "
           "it averages only the values that are there.")


def _cell_outputs(outcome: Outcome, points: float = 2.0) -> list:
    """A graded test cell's outputs exactly as the judge writes them, as JSON."""
    return json.loads(json.dumps(JudgeAnswers.outputs_for(outcome, points)))


def test_declared_messages_hold_the_public_and_hidden_checks_of_a_module():
    declared = messages.declared_messages(REPO, MODULE)
    first = {d.text: d for d in declared["q01_predict_mean"]}
    assert first[MISTAKE].kind == "misconception" and first[MISTAKE].where == "public"
    assert any(d.where == "hidden" for ds in declared.values() for d in ds)
    assert any(d.kind == "grader" for d in declared["q07_fix_bug"])  # a function answer may change its input
    assert messages.declared_messages(REPO, "no-such-module") == {}


@pytest.mark.parametrize("status", ["incorrect", "partial", "wrong_type", "not_attempted", "correct"])
def test_the_judges_text_is_read_back_from_each_kind_of_output(status):
    outcome = Outcome(status, 0.5 if status == "partial" else 0.0, [MISTAKE] if status != "correct" else [])
    text = messages.output_text(_cell_outputs(outcome))
    said = messages.verdict(text)
    assert said is not None and said[0] == messages.STATUSES[feedback_text(outcome, 2).split("]")[0][1:]]
    assert (MISTAKE in said[1]) == (status != "correct")
    assert messages.verdict("print('[CORRECT] 2 of 2 points.')") is None
    assert messages.output_text([{"output_type": "stream", "text": "[CORRECT] learner's print"}]) == ""


def test_a_wrong_shape_verdict_keeps_its_message():
    outcome = Outcome("incorrect", 0.0, ["[WRONG SHAPE] `x` should have 3 rows."], layer="shape")
    status, body = messages.verdict(messages.output_text(_cell_outputs(outcome)))
    assert status == "wrong shape" and body == "`x` should have 3 rows."


def test_declared_messages_are_counted_as_themselves_and_the_rest_by_their_first_line():
    declared = [Declared(MISTAKE, "misconception", "public"), Declared("short", "requirement", "hidden")]
    found = match(MISTAKE + "\nshort\n`x` has 344 rows, " + "long " * 100 + "\nsecond line", declared)
    assert found[0] == (MISTAKE, "misconception", "public") and found[1] == ("short", "requirement", "hidden")
    other = found[2]
    assert other[1] == OTHER and other[0].startswith("`x` has 344 rows") and "second line" not in other[0]
    assert len(other[0]) <= messages.OTHER_LENGTH
    assert match("Public and grading checks passed.", declared) == []


def test_learner_text_never_decides_how_many_message_rows_there_are():
    bodies = [("incorrect", f"`x` should be a number, but it is {i}") for i in range(50)]
    bodies += [("incorrect", MISTAKE)] * 3 + [("not attempted", "`x` is not defined yet")]
    bodies += [("incorrect", MISTAKE + "\n" + MISTAKE)]  # counted once for this submission
    rows = count_messages(bodies, [Declared(MISTAKE, "misconception", "public")])
    assert rows[0] == {"message": MISTAKE, "kind": "misconception", "where": "public", "count": 4}
    assert len(rows) == 1 + OTHER_ROWS + 1 and rows[-1]["message"] == RARER and rows[-1]["count"] == 50 - OTHER_ROWS
    assert not any("not defined" in r["message"] for r in rows)


def test_an_exercise_is_flagged_when_most_learners_fail_it():
    assert flag(1, 3) == (True, "only 1 of 3 graded learners got full points")
    assert flag(2, 4) == (False, "")  # half is not most
    assert flag(0, 2) == (False, "")  # too few to say
    attempts = [Attempt(MODULE, "q", f"s{i}", score, 2.0, False, False, status, "", hints)
                for i, (score, status, hints) in enumerate([(2.0, "correct", 0), (1.0, "partly correct", 2),
                                                            (0.0, "not attempted", 1), (0.0, "incorrect", 0)])]
    row = exercise_row(MODULE, "q", "Exercise 1", attempts, 3)
    assert row["full_points"] == 1 and row["pass_rate"] == 0.25 and row["flagged"]
    assert row["not_attempted"] == 1 and row["not_attempted_share"] == 0.25
    assert row["hints_learners"] == 2 and row["hints_mean_level"] == 1.5 and row["hint_levels"] == 3
    written = [Attempt(MODULE, "w", "s", 0.0, 3.0, True, True)]
    row = exercise_row(MODULE, "w", "Exercise 2", written, 0)
    assert row["pass_rate"] is None and row["waiting"] == 1 and row["not_attempted"] is None and not row["flagged"]


def test_a_modules_pass_rate_counts_the_exports_passed_among_graded_rows():
    table = pd.DataFrame({
        "student": list("abcdef"), "module": [MODULE] * 5 + ["other"],
        "status": ["graded", "graded", "graded", "not_submitted", "failed", "graded"],
        "score": [12, 3, 10, None, None, 1], "max_score": [16] * 6, "percent": [75.0, 18.8, 62.5, None, None, 6.0],
        "passed": [True, False, None, None, None, False],
        "needs_manual_grade": [False, False, True, False, False, False],
        "reason": [""] * 6})
    assert summary.pass_rate(table, MODULE) == round(1 / 3, 4)
    row = summary.module_rows(table, [MODULE, "other", "nothing"])
    assert (row[0]["graded"], row[0]["passed"], row[0]["below"], row[0]["pending"]) == (3, 1, 1, 1)
    assert (row[0]["not_submitted"], row[0]["not_graded"], row[0]["waiting_for_person"]) == (1, 1, 1)
    assert row[1]["pass_rate"] == 0.0 and row[2]["pass_rate"] is None and row[2]["learners"] == 0


def test_cell_verdicts_read_only_test_cells():
    nb = {"cells": [
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "q1"}},
         "outputs": _cell_outputs(Outcome("incorrect", 0.0, [MISTAKE]))},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "solution": True, "grade_id": "q1_answer"}},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "[CORRECT] 9 of 9 points.\n"}]},
        {"cell_type": "code", "metadata": {"nbgrader": "not a dict"}, "outputs": []},
        "not a cell"]}
    assert items.cell_verdicts(nb) == {"q1": ("incorrect", MISTAKE)}
    assert items.cell_verdicts(None) == {}


def test_hints_are_read_from_submitted_notebooks_within_the_size_limit(tmp_path, monkeypatch):
    course = Course(tmp_path)
    folder = tmp_path / "submitted" / "ann" / MODULE
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("hint('q01_predict_mean')", outputs=[
        nbformat.v4.new_output("display_data", data={"text/plain": "a hint"},
                               metadata={HINT_METADATA: {"grade_id": "q01_predict_mean", "level": 2}}),
        nbformat.v4.new_output("display_data", data={"text/plain": "forged"},
                               metadata={HINT_METADATA: {"grade_id": "q02_shape", "level": 99}})])])
    nbformat.write(nb, folder / "python-for-data.ipynb")
    skipped = items.Skipped()
    assert items.hint_levels(course, MODULE, "ann", skipped) == {"q01_predict_mean": 2} and not skipped.files
    monkeypatch.setattr(items, "MAX_NOTEBOOK_BYTES", 100)
    assert items.hint_levels(course, MODULE, "ann", skipped) == {} and len(skipped.files) == 1
    (folder / "python-for-data.ipynb").write_text("{ not json")
    monkeypatch.setattr(items, "MAX_NOTEBOOK_BYTES", 10_000)
    assert items.hint_levels(course, MODULE, "ann", items.Skipped()) == {}


def _found(student: str, message: str) -> dict:
    """What `gather` would find for a class of one, with `student` and `message` as the learner made them."""
    module_row = {"module": MODULE, "title": "Python", "pass_mark_percent": 70.0, "learners": 1, "graded": 1,
                  "passed": 0, "below": 1, "pending": 0, "not_submitted": 0, "not_graded": 0,
                  "waiting_for_person": 0, "pass_rate": 0.0, "mean_percent": 10.0, "median_percent": 10.0}
    attempts = [Attempt(MODULE, "q01_predict_mean", student, 0.0, 1.0, False, False, "incorrect", message)]
    exercise = exercise_row(MODULE, "q01_predict_mean", "Exercise 1 · Read code", attempts, 3)
    rows = count_messages([("incorrect", message)], [])
    message_rows = [{"module": MODULE, "grade_id": "q01_predict_mean", "title": "Exercise 1", **r, "share": 1.0}
                    for r in rows]
    learner = {"student": student, "track": "practitioner", "track_title": "Practitioner", "state": "in progress",
               "standing": "in progress", "modules_passed": 0, "modules": 1,
               "remaining": [(MODULE, "below the pass mark")], "cells": [(MODULE, "below", "\u2717 below, 1/16")]}
    return {"modules": [module_row], "scores": {MODULE: [10.0]}, "exercises": [exercise], "messages": message_rows,
            "learners": [learner], "skipped": []}


def test_learner_text_is_escaped_on_the_page_and_neutralised_in_the_csvs(tmp_path):
    script = "<script>alert('x')</script>"
    page = write_files(_found(f"=evil{script}", f"=HYPERLINK(\"http://x\") {script}"), tmp_path)
    html = page.read_text()
    assert "<script" not in html and "&lt;script&gt;" in html
    with open(tmp_path / "messages.csv", newline="") as f:
        assert next(csv.DictReader(f))["message"].startswith("'=HYPERLINK")
    with open(tmp_path / "learners.csv", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["student"].startswith("'=evil") and row["remaining"] == f"{MODULE}: below the pass mark"
    assert {p.name for p in tmp_path.iterdir()} == {"index.html", "modules.csv", "exercises.csv", "messages.csv",
                                                    "learners.csv"}


def test_every_figure_has_a_title_axis_labels_and_alt_text():
    found = _found("ann", "a message")
    found["exercises"][0]["flagged"] = True
    charts = all_charts(build_charts(found["modules"], found["scores"], found["exercises"], found["learners"]))
    assert len(charts) == 4
    for chart in charts:
        ax = chart.figure.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and len(chart.alt) > 20, chart.name
    flagged = next(c for c in charts if c.name.startswith("exercises-"))
    labels = [t.get_text() for t in flagged.figure.axes[0].get_yticklabels()]
    assert any("flagged" in label for label in labels)  # in words, not by colour alone
    assert figures.score_distribution(MODULE, [], 70).alt.startswith("No graded scores")


def test_the_report_command_refuses_before_any_release(course_copy):
    result = CliRunner().invoke(app, ["--course", str(course_copy), "report"])
    assert result.exit_code == 1 and "Nothing has been released yet" in result.output
    assert not (course_copy / "gradebook.db").exists() and not (course_copy / "reports").exists()


def test_the_report_of_a_course_with_nothing_graded_says_so(course_copy):
    with Course(course_copy).gradebook():
        pass  # an empty gradebook, as after a release with no submissions yet
    result = CliRunner().invoke(app, ["--course", str(course_copy), "report"])
    assert result.exit_code == 0, result.output
    assert "nothing has been graded yet" in result.output
    html = (course_copy / "reports" / "index.html").read_text()
    assert "No module has a graded submission yet" in html and "<img " not in html
