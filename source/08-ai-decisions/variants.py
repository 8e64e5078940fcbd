"""Graded variants of each exercise in module 08, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
Each runs after the setup cell only, so it must not rely on another exercise's answer.
The reference solution is the notebook's own solution cell. Instructor-side only: never released.
"""


def _choice(name: str, right: str, wrong: dict[str, str]) -> dict:
    """A multiple-choice question: the right letter written two other ways, and every wrong letter."""
    return {"alternatives": [f"{name} = {right.upper()!r}", f"{name} = '({right}).'"],
            "mistakes": [(f"{name} = {letter!r}", words) for letter, words in wrong.items()]}


VARIANTS = {
    "q801_always_no": {
        "alternatives": ["always_no_accuracy = 1 - 1200 / 60000", "always_no_accuracy = 0.98"],
        "mistakes": [
            ("always_no_accuracy = 1200 / 60000", "share of tickets that escalated"),
            ("always_no_accuracy = 98", "looks like a percentage"),
            ("always_no_accuracy = (58650 + 150) / 60000 - 0.01", "not the share of all tickets"),
        ],
    },
    "q802_share_caught": {
        "alternatives": ["share_caught = 0.125", "share_caught = round(150 / (150 + 1050), 3)"],
        "mistakes": [
            ("share_caught = 150 / 300", "that is precision"),
            ("share_caught = 1050 / 1200", "the model missed"),
            ("share_caught = 150 / 60000", "divides by all 60,000 tickets"),
            ("share_caught = 12.5", "looks like a percentage"),
        ],
    },
    "q803_training_rows": _choice("training_rows_reading", "d", {
        "a": "it can memorise them", "b": "usually worse, not better", "c": "Any model can fit"}),
    "q804_leaky_input": _choice("leaky_input", "a", {
        "b": "known early", "c": "before the ticket even arrives", "d": "known at once"}),
    "q805_cost_model_a": {
        "alternatives": [
            "cost_model_a = 2500 * 70 + 500 * 35",
            "errors = table_a.loc['went bad', 'approved'], table_a.loc['repaid', 'refused']\n"
            "cost_model_a = int(errors[0] * COST_BAD_APPROVED + errors[1] * COST_GOOD_REFUSED)",
            "bad = review_y.to_numpy() == 1\nrefused = chance_a >= 0.5\n"
            "cost_model_a = COST_BAD_APPROVED * (bad & ~refused).sum() + COST_GOOD_REFUSED * (~bad & refused).sum()",
        ],
        "mistakes": [
            ("cost_model_a = 500 * 70 + 2500 * 35", "swaps the costs"),
            ("cost_model_a = 2500 * table_b.loc['went bad', 'approved'] + 500 * table_b.loc['repaid', 'refused']",
             "model B's cost"),
            ("cost_model_a = 2500 * table_a.loc['went bad', 'refused'] + 500 * table_a.loc['repaid', 'approved']",
             "prices the right decisions"),
            ("cost_model_a = 2500 * table_a.loc['went bad', 'approved']", "only one of the two errors"),
            ("cost_model_a = table_a.loc['went bad', 'approved'] + table_a.loc['repaid', 'refused']",
             "like a count of people"),
        ],
    },
    "q806_model_choice": _choice("model_choice", "c", {
        "a": "the more accurate model costs more", "b": "the costlier error", "d": "which model is cheaper"}),
    "q807_cheapest_threshold": {
        # one point for each answer: a mistake here has both wrong (one right answer scores 1 of 2)
        "alternatives": ["cheapest_threshold, cheapest_threshold_1500 = 0.150, 0.450",
                         "cheapest_threshold = 3 * 0.05\ncheapest_threshold_1500 = 9 * 0.05"],
        "mistakes": [
            ("cheapest_threshold = 0.5\ncheapest_threshold_1500 = 0.5", "is 0.5, the default"),
            ("cheapest_threshold = 0.05\ncheapest_threshold_1500 = 0.25", "model A's"),
            ("cheapest_threshold = 0.9\ncheapest_threshold_1500 = 0.9", "swapped sliders"),
            ("cheapest_threshold = 0.5\ncheapest_threshold_1500 = 0.15", "the same as with the stated costs"),
            # "€ per good applicant refused" moved to 1500 instead of "€ per bad loan approved"
            ("cheapest_threshold = 0.5\ncheapest_threshold_1500 = 0.55", "moving the wrong slider"),
            ("cheapest_threshold = 0.95\ncheapest_threshold_1500 = 0.95", "where the cost is highest"),
            ("cheapest_threshold = 0.45\ncheapest_threshold_1500 = 0.15", "Did you swap the two answers?"),
            ("cheapest_threshold = 0.2\ncheapest_threshold_1500 = 0.1", "cannot fall"),
            ("cheapest_threshold = 114500\ncheapest_threshold_1500 = 102000", "not a cost"),
        ],
    },
    "q808_refusal_gap": {
        "alternatives": [
            "rates = by_sex.by_group['refused']\nrefusal_gap = round(rates['women'] - rates['men'], 3)",
            "refused = chance_b >= 0.5\n"
            "refusal_gap = refused[review_sex == 'women'].mean() - refused[review_sex == 'men'].mean()",
        ],
        "mistakes": [
            ("refusal_gap = by_sex.by_group.loc['men', 'refused'] - by_sex.by_group.loc['women', 'refused']",
             "the men's share minus the women's"),
            ("g = by_sex.by_group['good applicants refused']\nrefusal_gap = g['women'] - g['men']",
             "good applicants refused"),
            ("refusal_gap = by_sex.by_group.loc['women', 'refused'] / by_sex.by_group.loc['men', 'refused']",
             "a ratio"),
            ("r = by_sex.by_group['refused']\nrefusal_gap = 100 * (r['women'] - r['men'])", "percentage points"),
        ],
    },
    "q809_gap_reading": _choice("gap_reading", "d", {
        "a": "women are refused less often", "b": "share of loans that went bad", "c": "needs an explanation"}),
    "q810_pricewise_risks": {
        "alternatives": ["pricewise_risks = ('drift', 'Bias', 'Over trust ')",
                         "pricewise_risks = ['bias', 'overtrust', 'drift']",
                         "pricewise_risks = np.array(['over-trust', 'drift', 'bias'])"],
        "mistakes": [
            ("pricewise_risks = ['bias', 'over-trust', 'drift', 'leakage']",
             "nothing in the description points to leakage"),
            ("pricewise_risks = ['bias', 'over-trust', 'drift', 'misuse']",
             "nothing in the description points to misuse"),
            ("pricewise_risks = ['over-trust', 'drift']", "the postcode closely follows"),
            ("pricewise_risks = ['bias', 'drift']", "nobody will question a wrong price"),
            ("pricewise_risks = ['bias', 'over-trust']", "runs unchanged for five years"),
            ("pricewise_risks = ['bias', 'leakage', 'misuse', 'over-trust', 'drift']", "not none and not all"),
            ("pricewise_risks = ['bias', 'trust', 'drift']", "only the names of the checklist"),
            # one text holding all the names: told in the exercise's words, not "a NumPy array"
            ("pricewise_risks = 'bias, over-trust, drift'", "a list of the risk names, one in quotes for each"),
        ],
    },
    "q811_dip_action": _choice("dip_action", "a", {
        "b": "learns the bug", "c": "would have caught it", "d": "the fault was in the data feed"}),
    "q812_retrain_decision": _choice("retrain_decision", "b", {
        "a": "waiting will not bring", "c": "months neither learned from", "d": "has lasted four months already"}),
}
