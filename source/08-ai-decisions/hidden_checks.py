"""Hidden checks for module 08, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-08: tests prove this line never reaches a learner or a feedback file.
"""
from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.exercises.m08_ai_decisions import (
    COST_BAD_APPROVED,
    COST_GOOD_REFUSED,
    DEFAULT_THRESHOLD,
    RISKS,
    THRESHOLDS,
    credit_split,
    review_chances,
    review_groups,
    risk_names,
)
from curriculum.learner.exercises.m08_ai_decisions.data import ESCALATED, FLAGGED_RIGHT, FLAGGED_WRONG, TICKETS
from curriculum.learner.exercises.m08_ai_decisions.explorer import costs_by_threshold, decision_table

#: "At least 3 decimals": an absolute tolerance of half a unit in the third decimal, and a little more.
TOL3 = 6e-4


def _near(a, b, tol=TOL3) -> bool:
    return close(float(a), float(b), rel=0, abs_tol=tol)


# --- Part 1: the proposal ------------------------------------------------------------------------

_always_no = (TICKETS - ESCALATED) / TICKETS
_recall = FLAGGED_RIGHT / ESCALATED
_precision = FLAGGED_RIGHT / (FLAGGED_RIGHT + FLAGGED_WRONG)
_missed = 1 - _recall

# --- Part 2: money -------------------------------------------------------------------------------

_review_y = credit_split()[3]
_chance = review_chances()
_tables = {m: decision_table(_chance[m], _review_y, 0.5) for m in ("A", "B")}


def _cost(model: str, cost_bad=COST_BAD_APPROVED, cost_good=COST_GOOD_REFUSED) -> int:
    table = _tables[model]
    return int(cost_bad * table.loc["went bad", "approved"] + cost_good * table.loc["repaid", "refused"])


def _cheapest(model: str, cost_bad=COST_BAD_APPROVED, cost_good=COST_GOOD_REFUSED) -> set[float]:
    """Every threshold of the slider whose total cost is the lowest (ties all count as right)."""
    costs = costs_by_threshold(_chance[model], _review_y, cost_bad, cost_good)
    return {float(t) for t, c in zip(THRESHOLDS, costs) if c == costs.min()}


def _priciest(model: str, cost_bad=COST_BAD_APPROVED, cost_good=COST_GOOD_REFUSED) -> set[float]:
    costs = costs_by_threshold(_chance[model], _review_y, cost_bad, cost_good)
    return {float(t) for t, c in zip(THRESHOLDS, costs) if c == costs.max()}


def _among(value, thresholds: set[float]) -> bool:
    return any(_near(value, t, 1e-6) for t in thresholds)


_cost_a, _cost_b = _cost("A"), _cost("B")
_cost_a_swapped = _cost("A", cost_bad=COST_GOOD_REFUSED, cost_good=COST_BAD_APPROVED)
_cost_a_right = int(COST_BAD_APPROVED * _tables["A"].loc["went bad", "refused"]
                    + COST_GOOD_REFUSED * _tables["A"].loc["repaid", "approved"])
#: The second scenario of q807: a bad loan approved now costs €1,500 (a good applicant refused still €500).
LATER_COST_BAD = 1500
_best_b, _best_b_1500 = _cheapest("B"), _cheapest("B", cost_bad=LATER_COST_BAD)
_best_a, _best_a_1500 = _cheapest("A"), _cheapest("A", cost_bad=LATER_COST_BAD)
_best_b_swapped = _cheapest("B", cost_bad=COST_GOOD_REFUSED, cost_good=COST_BAD_APPROVED)
_best_b_1500_swapped = _cheapest("B", cost_bad=COST_GOOD_REFUSED, cost_good=LATER_COST_BAD)
# the wrong slider moved: "€ per good applicant refused" set to 1500, the bad loan left at €2,500
_best_b_1500_wrong_slider = _cheapest("B", cost_good=LATER_COST_BAD)
_priciest_b = _priciest("B")
_named_first = (_best_a, _best_b_swapped, _priciest_b, _best_b_1500)
_named_second = (_best_b, _best_b_1500_wrong_slider, _best_a_1500, _best_b_1500_swapped)
assert all(not (_best_b & named) for named in _named_first[:3]) and not (_best_b & _best_b_1500), \
    "the data no longer tell the mistakes of q807's first answer apart"
assert all(not (_best_b_1500 & named) for named in _named_second), \
    "the data no longer tell the mistakes of q807's second answer apart"
assert not any(_among(0.5, best) for best in (_best_b, _best_b_1500)), "0.5, the default, is never right in q807"


def _first_right(a) -> bool:
    return _among(a.cheapest_threshold, _best_b)


def _second_right(a) -> bool:
    return _among(a.cheapest_threshold_1500, _best_b_1500)


def _first_threshold_problem(a) -> str:
    """The message of a wrong `cheapest_threshold`, the public one for the default included."""
    if _near(a.cheapest_threshold, 0.5, 1e-6):
        return DEFAULT_THRESHOLD["cheapest_threshold"]
    return _first_threshold_message(a)


def _second_threshold_problem(a) -> str:
    """The message of a wrong `cheapest_threshold_1500`, the public one for the default included."""
    if _near(a.cheapest_threshold_1500, 0.5, 1e-6):
        return DEFAULT_THRESHOLD["cheapest_threshold_1500"]
    return _second_threshold_message(a)


def _first_threshold_message(a) -> str:
    """What is wrong with `cheapest_threshold` (the stated costs), by the mistake it matches."""
    x = a.cheapest_threshold
    if _among(x, _best_a):
        return "`cheapest_threshold` is model A's cheapest threshold: choose model B in the explorer."
    if _among(x, _best_b_swapped):
        return ("`cheapest_threshold` comes from swapped sliders: the cost of a bad loan approved (€2,500) goes on "
                "\"€ per bad loan approved\", the €500 on \"€ per good applicant refused\".")
    if _among(x, _priciest_b):
        return "`cheapest_threshold` is where the cost is highest: look for the lowest point of the chart."
    if _among(x, _best_b_1500):
        return ("`cheapest_threshold` is the cheapest threshold when a bad loan costs €1,500: the first answer is "
                "for the stated costs (€2,500 and €500). Did you swap the two answers?")
    return ("`cheapest_threshold` is not model B's cheapest threshold with the stated costs (€2,500 per bad loan "
            "approved, €500 per good applicant refused).")


def _second_threshold_message(a) -> str:
    """What is wrong with `cheapest_threshold_1500` (a bad loan at €1,500), by the mistake it matches."""
    x = a.cheapest_threshold_1500
    if _among(x, _best_b):
        return ("`cheapest_threshold_1500` is the same as with the stated costs: set \"€ per bad loan approved\" "
                "to 1500 and look again.")
    if _among(x, _best_b_1500_wrong_slider):
        return ("`cheapest_threshold_1500` comes from moving the wrong slider: the cost that changed is that of a "
                "bad loan approved. Set \"€ per bad loan approved\" to 1500 and leave \"€ per good applicant "
                "refused\" at 500.")
    if _among(x, _best_a_1500):
        return "`cheapest_threshold_1500` is model A's cheapest threshold: choose model B in the explorer."
    if _among(x, _best_b_1500_swapped):
        return ("`cheapest_threshold_1500` comes from swapped sliders: the €1,500 goes on \"€ per bad loan "
                "approved\", the €500 on \"€ per good applicant refused\".")
    if float(x) < float(a.cheapest_threshold):
        return ("`cheapest_threshold_1500` is lower than `cheapest_threshold`: when a bad loan costs less, "
                "refusing is worth less, so the cheapest threshold cannot fall.")
    return ("`cheapest_threshold_1500` is not model B's cheapest threshold when a bad loan approved costs €1,500 "
            "and a good applicant refused €500.")

# --- Part 3: groups ------------------------------------------------------------------------------

_sex = review_groups()["sex"].to_numpy()
_refused = _chance["B"] >= 0.5
_bad = _review_y.to_numpy() == 1
_share_refused = {g: float(_refused[_sex == g].mean()) for g in ("women", "men")}
_good_refused = {g: float(_refused[(_sex == g) & ~_bad].mean()) for g in ("women", "men")}
_gap = _share_refused["women"] - _share_refused["men"]
_gap_good = _good_refused["women"] - _good_refused["men"]
_ratio = _share_refused["women"] / _share_refused["men"]

# --- Part 4: the checklist -----------------------------------------------------------------------

_APPLY = {"bias", "over-trust", "drift"}
_RISK_FEEDBACK = {
    "bias": "the postcode closely follows residents' ethnic background, so prices can differ by ethnic "
            "background through it: that is how bias enters without a protected trait as an input.",
    "over-trust": "staff are told the price needs no review and are rated on how rarely they change it: "
                  "nobody will question a wrong price.",
    "drift": "it learned from 2019 to 2021 and runs unchanged for five years: claims, costs and customers "
             "will change, and nobody plans to check or retrain it.",
    "leakage": "it was tested on 2022 customers it never saw, and every input is known at quote time: "
               "nothing in the description points to leakage.",
    "misuse": "the contract allows quotes only and it is used for nothing else: nothing in the description "
              "points to misuse.",
}


def _risk_checks() -> list:
    checks = [mistake(lambda a, r=r: r in risk_names(a.pricewise_risks),
                      f"`pricewise_risks` names \"{r}\", which does not apply here: {_RISK_FEEDBACK[r]}")
              for r in sorted(set(RISKS) - _APPLY)]
    checks += [mistake(lambda a, r=r: r not in risk_names(a.pricewise_risks),
                       f"`pricewise_risks` leaves out a risk that applies: {_RISK_FEEDBACK[r]}")
               for r in ("bias", "over-trust", "drift")]
    return checks + [require(lambda a: set(risk_names(a.pricewise_risks)) == _APPLY,
                             "`pricewise_risks` does not hold exactly the risks that apply.")]


# --- feedback for each wrong letter --------------------------------------------------------------

_FEEDBACK = {
    "q803_training_rows": {
        "a": "`training_rows_reading`: (a) is not it. Many tickets do not help when the model has seen every one "
             "of them: it can memorise them, so the score says little about new tickets, and a larger sample of "
             "the same tickets would not either.",
        "b": "`training_rows_reading`: (b) is not it. Tickets a model learned from are the easiest for it: results "
             "on new tickets are usually worse, not better.",
        "c": "`training_rows_reading`: (c) is not it. Any model can fit the rows it learned from, a decision "
             "tree or a simple scoring rule as much as a neural network.",
    },
    "q804_leaky_input": {
        "b": "`leaky_input`: (b) is not it. Messages in the first hour are known early, when the prediction "
             "is needed: a fair input.",
        "c": "`leaky_input`: (c) is not it. The customer's plan is known before the ticket even arrives.",
        "d": "`leaky_input`: (d) is not it. The day a ticket was opened is known at once.",
    },
    "q806_model_choice": {
        "a": "`model_choice`: (a) is not it. Accuracy counts a bad loan approved (€2,500) the same as a good "
             "applicant refused (€500): the more accurate model costs more here.",
        "b": "`model_choice`: (b) is not it. The stated costs say a bad loan approved is the costlier error, "
             "five times a good applicant refused.",
        "d": "`model_choice`: (d) is not it. The question is which model is cheaper than the bank's "
             "alternatives, not whether a model reaches a round number; both are useful, one costs less.",
    },
    "q809_gap_reading": {
        "a": "`gap_reading`: (a) is not it. Look at the column of good applicants refused: among people who "
             "repaid, women are refused less often than men.",
        "b": "`gap_reading`: (b) is not it. Look at the printed share of loans that went bad in each group: it "
             "is higher for women in these rows, so part of the gap follows past outcomes, not the model alone.",
        "c": "`gap_reading`: (c) is not it. A gap of several points in who gets a loan needs an explanation, "
             "and about a hundred women is few to rely on: ask and check more.",
    },
    "q811_dip_action": {
        "b": "`dip_action`: (b) is not it. Those months hold broken ages (in months, not years): a model "
             "retrained on them learns the bug, and fails again once the feed is fixed.",
        "c": "`dip_action`: (c) is not it. For three months the model gave wrong answers on broken input; "
             "a check on the inputs would have caught it in the first month.",
        "d": "`dip_action`: (d) is not it. The model recovered as soon as the data were fixed: the fault was "
             "in the data feed, and a check there is the fix.",
    },
    "q812_retrain_decision": {
        "a": "`retrain_decision`: (a) is not it. Inputs like those of the summer, with a lasting drop in accuracy, "
             "mean the answers changed for the same inputs: waiting will not bring the accuracy back.",
        "c": "`retrain_decision`: (c) is not it. A retrained model must be compared with the old one on "
             "months neither learned from before it replaces it; nightly retraining without a check can "
             "learn a broken day.",
        "d": "`retrain_decision`: (d) is not it. The 2025 dip came from broken data and ended when the data "
             "were fixed; this drop has no broken field and has lasted four months already.",
    },
}

HIDDEN = {
    "q801_always_no": [
        require(lambda a: _near(a.always_no_accuracy, _always_no),
                "`always_no_accuracy` is not the share of all tickets that did not escalate (at least 3 "
                "decimals)."),
    ],
    "q802_share_caught": [
        mistake(lambda a: _near(a.share_caught, _precision),
                "`share_caught` is the share of the model's alarms that were right (150 of its 300 alarms): "
                "that is precision. Recall divides by the tickets that really escalated."),
        mistake(lambda a: _near(a.share_caught, _missed),
                "`share_caught` is the share of escalations the model missed: the exercise asks for the share "
                "it flagged."),
        mistake(lambda a: _near(a.share_caught, FLAGGED_RIGHT / TICKETS),
                "`share_caught` divides by all 60,000 tickets: divide by the tickets that escalated."),
        require(lambda a: _near(a.share_caught, _recall),
                "`share_caught` is not the share of the escalated tickets that the model flagged (at least 3 "
                "decimals)."),
    ],
    "q803_training_rows": choice_checks("training_rows_reading", "d", _FEEDBACK["q803_training_rows"]),
    "q804_leaky_input": choice_checks("leaky_input", "a", _FEEDBACK["q804_leaky_input"]),
    "q805_cost_model_a": [
        mistake(lambda a: a.cost_model_a == _cost_a_swapped,
                "`cost_model_a` swaps the costs: a bad loan approved costs €2,500 (`COST_BAD_APPROVED`), a good "
                "applicant refused €500 (`COST_GOOD_REFUSED`)."),
        mistake(lambda a: a.cost_model_a == _cost_b,
                "`cost_model_a` is model B's cost: use `table_a`."),
        mistake(lambda a: a.cost_model_a == _cost_a_right,
                "`cost_model_a` prices the right decisions (good applicants approved, bad loans refused): the "
                "costs belong to the two errors."),
        mistake(lambda a: a.cost_model_a in (COST_BAD_APPROVED * _tables["A"].loc["went bad", "approved"],
                                             COST_GOOD_REFUSED * _tables["A"].loc["repaid", "refused"]),
                "`cost_model_a` counts only one of the two errors: add the cost of the bad loans approved and "
                "of the good applicants refused."),
        require(lambda a: a.cost_model_a == _cost_a,
                "`cost_model_a` is not the cost of model A's errors in `table_a`: each bad loan approved costs "
                "€2,500, each good applicant refused €500."),
    ],
    "q806_model_choice": choice_checks("model_choice", "c", _FEEDBACK["q806_model_choice"]),
    # one point for each answer (credit=0.5 of 2 points); 0.5, the default, already cost its half in the
    # public checks, so it is not charged twice. Both wrong is plainly incorrect (not "partly correct" at
    # 0 points), with what is wrong in each.
    "q807_cheapest_threshold": [
        require(lambda a: _first_right(a) or _second_right(a),
                lambda a: f"{_first_threshold_problem(a)} {_second_threshold_problem(a)}"),
        require(lambda a: _near(a.cheapest_threshold, 0.5, 1e-6) or _first_right(a),
                _first_threshold_message, credit=0.5),
        require(lambda a: _near(a.cheapest_threshold_1500, 0.5, 1e-6) or _second_right(a),
                _second_threshold_message, credit=0.5),
    ],
    "q808_refusal_gap": [
        mistake(lambda a: _near(a.refusal_gap, -_gap),
                "`refusal_gap` is the men's share minus the women's: take the women's minus the men's."),
        mistake(lambda a: _near(a.refusal_gap, _gap_good) or _near(a.refusal_gap, -_gap_good),
                "`refusal_gap` uses the column of good applicants refused: the exercise asks for the column "
                "`refused` (all applicants)."),
        mistake(lambda a: _near(a.refusal_gap, _ratio) or _near(a.refusal_gap, 1 / _ratio),
                "`refusal_gap` is a ratio of the two shares: the gap is their difference."),
        require(lambda a: -1 <= float(a.refusal_gap) <= 1,
                "`refusal_gap` should be a difference of two shares: between -1 and 1."),
        require(lambda a: _near(a.refusal_gap, _gap),
                "`refusal_gap` is not the women's share refused minus the men's (at least 3 decimals)."),
    ],
    "q809_gap_reading": choice_checks("gap_reading", "d", _FEEDBACK["q809_gap_reading"]),
    "q810_pricewise_risks": _risk_checks(),
    "q811_dip_action": choice_checks("dip_action", "a", _FEEDBACK["q811_dip_action"]),
    "q812_retrain_decision": choice_checks("retrain_decision", "b", _FEEDBACK["q812_retrain_decision"]),
}
