"""Module 08 · AI for decision-makers: public exercise definitions, in notebook order.

Public checks test the form of each answer (a fraction, not a percentage; a slider value; known risk
names) and the misconceptions they can name without the exact answer; whether the value is right is
decided by the hidden checks at grading (source/08-ai-decisions/hidden_checks.py). Points and
outcomes are in the module's syllabus entry. data.py rebuilds the setup cell's models; explorer.py
holds the prepared views the notebook calls.
"""
from __future__ import annotations

import re

import numpy as np

from curriculum.learner.checks import Array, Choice, Exercise, Integer, Number, mistake, require, shape
from curriculum.learner.exercises.m08_ai_decisions.data import (
    COST_BAD_APPROVED,
    COST_GOOD_REFUSED,
    ESCALATED,
    RISKS,
    THRESHOLDS,
    TICKETS,
    credit_split,
    loan_models,
    review_chances,
    review_groups,
)


def _fraction(name: str) -> list:
    """A share between 0 and 1, with a named mistake for a percentage."""
    return [
        mistake(lambda a: 1 < float(getattr(a, name)) <= 100,
                f"`{name}` looks like a percentage: give a fraction between 0 and 1 (0.5 for half)."),
        require(lambda a: 0 <= float(getattr(a, name)) <= 1,
                f"`{name}` should be a share: a fraction between 0 and 1."),
    ]


def _slider(value) -> bool:
    return bool(np.isclose(THRESHOLDS, float(value), rtol=0, atol=1e-6).any())


#: Exercise 7: the message for an answer left at the threshold slider's default (the hidden checks reuse it).
DEFAULT_THRESHOLD = {
    "cheapest_threshold": "`cheapest_threshold` is 0.5, the default: move the threshold slider and find where the "
                          "total cost is lowest.",
    "cheapest_threshold_1500": "`cheapest_threshold_1500` is 0.5, the default: set \"€ per bad loan approved\" to "
                               "1500, move the threshold slider and find where the total cost is lowest.",
}


def _default(value) -> bool:
    """The threshold slider's starting value, 0.5 (never the cheapest in Exercise 7)."""
    return abs(float(value) - 0.5) < 1e-6


def risk_names(value) -> list[str]:
    """The learner's risk names, lower-cased and stripped ("Over trust", "over_trust" and "overtrust"
    all read as "over-trust")."""
    names = [re.sub(r"[\s_-]+", "-", str(v).strip().lower()) for v in np.asarray(value).ravel()]
    return ["over-trust" if n == "overtrust" else n for n in names]


def _choice(grade_id: str, name: str, hint: str, hints: tuple[str, ...]) -> Exercise:
    return Exercise(grade_id=grade_id, answers={name: Choice(options="abcd")}, hint=hint, hints=hints)


EXERCISES = [
    Exercise(
        grade_id="q801_always_no",
        answers={"always_no_accuracy": Number()},
        hint="If the answer is always \"no escalation\", which tickets does it get right?",
        hints=("It is right for every ticket that did not escalate, and wrong for every one that did.",
               "Divide the number of tickets that did not escalate (in the proposal's table) by the number "
               "of all tickets."),
        checks=_fraction("always_no_accuracy") + [
            mistake(lambda a: abs(float(a.always_no_accuracy) - ESCALATED / TICKETS) < 6e-4,
                    "`always_no_accuracy` is small: that is the share of tickets that escalated, which a rule "
                    "that always says \"no escalation\" gets wrong. It is right for all the others."),
        ],
    ),
    Exercise(
        grade_id="q802_share_caught",
        answers={"share_caught": Number()},
        hint="Look only at the row of tickets that escalated: in which box are the ones the model flagged?",
        hints=("The escalated tickets are the bottom row of the table: some the model said \"escalation\" "
               "for, the others it missed.",
               "Divide the escalated tickets the model flagged by all the escalated tickets."),
        checks=_fraction("share_caught"),
    ),
    _choice("q803_training_rows", "training_rows_reading",
            "Could a model score well on tickets it has already seen, without being any good on new ones?",
            ("A student who saw the exam questions in advance scores well on that exam; the score says little "
             "about the next exam.",
             "Decide first whether the score is too high, too low or fair for tickets the model has not seen; "
             "then pick the statement that says so for the right reason.")),
    _choice("q804_leaky_input", "leaky_input",
            "For each input, ask: is it known when the ticket arrives, or only later?",
            ("The model must predict escalation early, when the ticket is new. An input that is only filled in "
             "once a complaint is under way gives the answer away.",
             "Which team is only brought in once a ticket has become a complaint?")),
    Exercise(
        grade_id="q805_cost_model_a",
        answers={"cost_model_a": Integer()},
        hint="Which two boxes of `table_a` are errors, and what does each one cost?",
        hints=("Right decisions cost nothing. Bad loans approved are in the row \"went bad\", column "
               "\"approved\"; good applicants refused are in the row \"repaid\", column \"refused\".",
               "Multiply each of those two counts by its cost (`COST_BAD_APPROVED`, `COST_GOOD_REFUSED`) and "
               "add the two products."),
        checks=[
            require(lambda a: a.cost_model_a > 0, "`cost_model_a` should be a total cost in euros: positive."),
            mistake(lambda a: a.cost_model_a < 1000,
                    "`cost_model_a` is small, like a count of people: multiply each count of errors by its cost "
                    "in euros."),
            mistake(lambda a: a.cost_model_a % 500 != 0,
                    "`cost_model_a` is not a whole number of 500s: every error costs €2,500 or €500, so the total "
                    "is a sum of those. Did you multiply a share instead of a count?"),
        ],
    ),
    _choice("q806_model_choice", "model_choice",
            "Compute model B's cost as in Exercise 5: which model costs the bank less?",
            ("Accuracy counts every error the same. Here a bad loan approved costs five times a good applicant "
             "refused.",
             "Compare the two totals, then pick the statement whose reason matches the boxes that differ most.")),
    Exercise(
        grade_id="q807_cheapest_threshold",
        answers={"cheapest_threshold": Number(), "cheapest_threshold_1500": Number()},
        hint="In the explorer, choose model B, then move the threshold slider: where is the chart lowest?",
        hints=("The chart draws the total cost at every threshold; its lowest marker is the cheapest threshold. "
               "Check the printed total at that threshold against its neighbours.",
               "For the second answer, set \"€ per bad loan approved\" to 1500 and leave \"€ per good applicant "
               "refused\" at 500; the lowest point moves. Record the threshold values, not the costs."),
        checks=[
            require(lambda a: _slider(a.cheapest_threshold) and _slider(a.cheapest_threshold_1500),
                    "`cheapest_threshold` and `cheapest_threshold_1500` should each be a threshold of the "
                    "slider (0.05, 0.10, ..., 0.95), not a cost."),
            # each answer is worth half the points: a default left in one of them costs only its half
            require(lambda a: not _default(a.cheapest_threshold), DEFAULT_THRESHOLD["cheapest_threshold"],
                    credit=0.5),
            require(lambda a: not _default(a.cheapest_threshold_1500), DEFAULT_THRESHOLD["cheapest_threshold_1500"],
                    credit=0.5),
        ],
    ),
    Exercise(
        grade_id="q808_refusal_gap",
        answers={"refusal_gap": Number()},
        hint="Which column of the table is the share refused, and which group comes first in the subtraction?",
        hints=("The column `refused` holds each group's share of applicants refused.",
               "Take the women's value and subtract the men's; keep it as a fraction."),
        checks=[
            mistake(lambda a: 2 < abs(float(a.refusal_gap)) <= 100,
                    "`refusal_gap` looks like percentage points: give the gap as a fraction (0.05 for 5 points)."),
            require(lambda a: abs(float(a.refusal_gap)) <= 2,
                    "`refusal_gap` should be a difference of two shares: between -1 and 1."),
        ],
    ),
    _choice("q809_gap_reading", "gap_reading",
            "Compare two columns: the share refused, and the share of *good* applicants refused. Do they point "
            "the same way?",
            ("Also look at the share of loans that went bad in each group, and at how many people each share "
             "rests on.",
             "Pick the statement that fits all three numbers and says what to ask next.")),
    Exercise(
        grade_id="q810_pricewise_risks",
        answers={"pricewise_risks": Array(label='a list of the risk names, one in quotes for each risk, like '
                                                  '["misuse", "drift"] (not one text holding them all)')},
        hint="Go through the five risks one by one: which sentence of the description speaks to each?",
        hints=("Look for: an input that stands in for a protected trait; how it was tested; what it is used "
               "for; how people treat its output; whether anyone will check or retrain it.",
               "A risk applies when the description gives a reason for it; when the description rules it out "
               "(a fair test, a single use), leave it off."),
        checks=[
            shape(lambda a: set(risk_names(a.pricewise_risks)) <= set(RISKS),
                  lambda a: "`pricewise_risks` should hold only the names of the checklist "
                  f"({', '.join(RISKS)}), but it holds {sorted(set(risk_names(a.pricewise_risks)) - set(RISKS))[:3]}."),
            shape(lambda a: len(risk_names(a.pricewise_risks)) == len(set(risk_names(a.pricewise_risks))),
                  "`pricewise_risks` names a risk twice: list each risk once."),
            require(lambda a: 0 < len(risk_names(a.pricewise_risks)) < len(RISKS),
                    "`pricewise_risks` should name some of the risks, not none and not all: for each one, "
                    "decide whether the description gives a reason for it."),
        ],
    ),
    _choice("q811_dip_action", "dip_action",
            "Look at the ages in the dip's months: could those be people's ages in years?",
            ("A model fed broken inputs gives wrong answers; the fix is in the data, not in the model.",
             "Would a model retrained on those months learn about the world, or about the broken field?")),
    _choice("q812_retrain_decision", "retrain_decision",
            "Is this drop like the dip of 2025? Does any broken field explain it?",
            ("From September 2026 the inputs look as they did in June to August 2026, when the accuracy was "
             "still about 0.77: ages around 58 (far older than the 41 the model learned from: a drift in who "
             "arrives, but one that began in 2025, not in September), no blanks, the same share of unknown "
             "codes. So what changed in September is not in the inputs: what else can change?",
             "When the same inputs now go with other answers, only new examples can teach the model. Pick the "
             "statement that retrains and still checks the result.")),
]

__all__ = ["EXERCISES", "DEFAULT_THRESHOLD", "COST_BAD_APPROVED", "COST_GOOD_REFUSED", "RISKS", "THRESHOLDS",
           "credit_split", "loan_models", "review_chances", "review_groups", "risk_names"]
