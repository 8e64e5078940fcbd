"""Module 07 · Models in production: public exercise definitions, in notebook order.

Public checks test type, shape and the common misconceptions; the exact values, and the learner's
drift alarms against the drift log, are judged by the hidden checks at grading
(source/07-monitoring/hidden_checks.py). Points and outcomes are in the module's syllabus entry.
"""
from __future__ import annotations

import math
import re

import numpy as np

from curriculum.learner.checks import (
    Array,
    Choice,
    Exercise,
    Function,
    Model,
    Number,
    SeriesOf,
    Text,
    mistake,
    require,
    shape,
)
from curriculum.learner.exercises.m07_monitoring.common import (
    AGE_EDGES,
    CODES,
    DROP,
    FEATURES,
    MONTHS,
    NEWEST,
    PROBE_COLUMNS,
    PROBE_NAMES,
    RECENT,
    REFERENCE_MONTHS,
    TOL,
    errors,
    model_probes,
    predict_probes,
    psi_probes_public,
    results,
)

_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _is_months(values) -> bool:
    return all(isinstance(v, str) and v in MONTHS for v in values)


def _predict_message(a) -> str | None:
    """What went wrong on the first probe the predict function got wrong (None if none)."""
    for name, column, call in zip(PROBE_NAMES, PROBE_COLUMNS, a.predict_employment):
        if column is None and "error" in call:
            return (f"`predict_employment` refused {name}: {call['error'][:200]}. Good input must give "
                    "predictions (extra columns are fine, and a whole-number age is still a number).")
        if column is not None and "error" not in call:
            return (f"`predict_employment` returned predictions for {name}: it must raise a ValueError "
                    "instead of a silent (wrong) answer. A validation that fills, converts or drops bad "
                    "values silently coerces them.")
        if column is not None and not call["error"].startswith("ValueError"):
            return (f"`predict_employment` failed on {name} with {call['error'][:200]}: raise a ValueError "
                    "with a clear message yourself, before the model fails with a less helpful error.")
        if column is not None and column not in call["error"]:
            return (f"`predict_employment` raised a ValueError for {name}, but its message does not name the "
                    f"column at fault: the caller cannot tell what to fix.")
    return None


EXERCISES = [
    Exercise(
        grade_id="q701_save_load",
        answers={"untrusted": Array(), "loaded_model": Model(probes=lambda: model_probes("2025-03", 0))},
        hint="Which three functions of `skops.io` save a model, list what it does not trust, and load it?",
        hints=(
            "`sio.dump(model, path)` writes the file; `sio.get_untrusted_types(file=path)` returns a list of "
            "type names (strings): store that list in `untrusted` and read it.",
            "Then `sio.load(path, trusted=untrusted)` loads the file, trusting exactly the types you read. "
            "Store the result in `loaded_model`; do not fit anything.",
        ),
        checks=[
            require(lambda a: all(isinstance(t, str) for t in np.asarray(a.untrusted).ravel().tolist()),
                    "`untrusted` should be the list of type names (strings) that `sio.get_untrusted_types` "
                    "returns."),
            mistake(lambda a: not a.loaded_model.info.get("fitted"),
                    "`loaded_model` is not fitted: load the file you saved, which holds the fitted `model`; "
                    "a new pipeline has learned nothing."),
            require(lambda a: "ok" in a.loaded_model.calls[0]
                    and len(a.loaded_model.calls[0]["ok"]) == 200
                    and set(np.asarray(a.loaded_model.calls[0]["ok"]).tolist()) <= {0, 1},
                    "`loaded_model.predict` should give one prediction, 0 or 1, per row."),
        ],
    ),
    Exercise(
        grade_id="q702_predict",
        answers={"predict_employment": Function(probes=lambda: predict_probes("2025-02", 0), returns=Array())},
        hint="Check each kind of bad input in turn, before calling the model: which columns are there, "
             "their types, the range of ages, the codes, the missing values.",
        hints=(
            "Useful tests: `set(FEATURES) - set(rows.columns)` (missing columns); "
            "`pd.api.types.is_numeric_dtype(rows['AGEP'])`; `rows['AGEP'].between(0, 120).all()`; "
            "`rows[FEATURES].isna().any()`; `~rows[c].isin(KNOWN_CODES[c])` for each code column.",
            "Test the columns first, then the type of AGEP (before comparing ages with numbers), then missing "
            "values, the range, and unseen codes; for each problem `raise ValueError(f\"... {column} ...\")`. "
            "Never change `rows`; when every test passes, give back the model's predictions for the feature columns.",
        ),
        checks=[
            require(lambda a: _predict_message(a) is None, _predict_message),
            require(lambda a: all(len(r) == n for r, n in zip(results(a.predict_employment)[:2], (40, 20)))
                    and all(set(np.asarray(r).tolist()) <= {0, 1} for r in results(a.predict_employment)[:2]),
                    "`predict_employment` should return one prediction, 0 or 1, per row of good input: "
                    "`model.predict(rows[FEATURES])`."),
        ],
    ),
    Exercise(
        grade_id="q703_accuracy_by_month",
        answers={"accuracy_by_month": SeriesOf(index=tuple(MONTHS)), "drop_months": Array()},
        hint="Group the stream by `month`, and in each group compare `model.predict` with `employed`.",
        hints=(
            "`accuracy_score(g['employed'], model.predict(g[FEATURES]))` for each group `g` of "
            "`stream.groupby('month')` gives one accuracy per month; a Series indexed by month.",
            "The baseline is the mean of `accuracy_by_month` over the first six months "
            "(`accuracy_by_month.loc[REFERENCE_MONTHS].mean()`); keep the months whose accuracy is below "
            f"baseline - {DROP}, as a list of month strings.",
        ),
        checks=[
            shape(lambda a: len(a.accuracy_by_month) == 24,
                  "`accuracy_by_month` should have one value per month of the stream (24)."),
            require(lambda a: all(0 <= v <= 1 for v in a.accuracy_by_month),
                    "`accuracy_by_month` should hold accuracies, between 0 and 1."),
            mistake(lambda a: a.accuracy_by_month.nunique() == 1,
                    "`accuracy_by_month` holds the same value for every month: compute it within each month."),
            mistake(lambda a: a.accuracy_by_month.loc[REFERENCE_MONTHS].mean() < 0.5,
                    "`accuracy_by_month` looks like an error rate (the share of wrong predictions): accuracy is "
                    "the share of right ones."),
            require(lambda a: _is_months(np.asarray(a.drop_months).ravel().tolist()),
                    "`drop_months` should be a list of months of the stream, as text like '2025-01'."),
            mistake(lambda a: len(np.asarray(a.drop_months).ravel()) >= 24,
                    "`drop_months` holds every month: keep only the months more than 0.10 below the baseline."),
            mistake(lambda a: bool(set(np.asarray(a.drop_months).ravel().tolist()) & set(REFERENCE_MONTHS)),
                    "`drop_months` holds a month of the first six, whose mean is the baseline: did you keep "
                    "the months that held up instead of those that dropped?"),
        ],
    ),
    Exercise(
        grade_id="q704_psi",
        answers={"psi": Function(probes=psi_probes_public, returns=Number())},
        hint="Turn both samples into shares per bin (`np.histogram` with `bins=edges`), then apply the formula.",
        hints=(
            "`counts, _ = np.histogram(values, bins=edges)` counts the values in each bin; divide by the "
            "number of values to get shares. A bin can be empty: its share is 0, and log(0) is -infinity.",
            "Replace every share below 0.0001 by 0.0001 (`np.clip(shares, 0.0001, None)`) in both samples, then "
            "return `float(np.sum((actual_share - expected_share) * np.log(actual_share / expected_share)))`.",
        ),
        checks=[
            require(lambda a: all("ok" in c for c in a.psi),
                    lambda a: "`psi` failed when called: " + next(e for e in errors(a.psi) if e)),
            mistake(lambda a: any(not math.isfinite(v) for v in results(a.psi)),
                    "`psi` returned infinity or NaN: an empty bin gives a share of 0, so a division by zero or "
                    "log(0). Replace shares below 0.0001 by 0.0001 before the formula."),
            mistake(lambda a: any(v < -1e-9 for v in results(a.psi)),
                    "`psi` returned a negative value: each term (actual - expected) * ln(actual / expected) is "
                    "positive or zero. Did you leave out the (actual - expected) factor?"),
            require(lambda a: abs(results(a.psi)[0]) < 1e-9,
                    "`psi` of a sample against itself should be 0: nothing has drifted."),
            mistake(lambda a: results(a.psi)[1] > 5,
                    "`psi` is far too large for a small shift: compare shares (counts divided by the number "
                    "of values), not counts."),
        ],
    ),
    Exercise(
        grade_id="q705_age_drift",
        answers={"age_psi": SeriesOf(index=tuple(MONTHS)), "age_ks": SeriesOf(index=tuple(MONTHS))},
        hint="For each month, compare its ages with the ages of `reference` (the first six months).",
        hints=(
            "`psi(reference['AGEP'], g['AGEP'], AGE_EDGES)` and `ks_2samp(reference['AGEP'], g['AGEP'])` for "
            "each group `g` of `stream.groupby('month')`.",
            "`ks_2samp(...)` returns a result with `.statistic` (the largest gap between the two cumulative "
            "distributions, 0 to 1) and `.pvalue`: keep the statistic. Build each Series with the months as "
            "its index.",
        ),
        checks=[
            shape(lambda a: len(a.age_psi) == 24 and len(a.age_ks) == 24,
                  "`age_psi` and `age_ks` should each hold one value per month (24)."),
            require(lambda a: all(v >= 0 and math.isfinite(v) for v in a.age_psi),
                    "`age_psi` should hold PSI values: positive and finite."),
            mistake(lambda a: a.age_ks.max() < 0.05 and a.age_ks.min() < 1e-6,
                    "`age_ks` looks like p-values: keep the KS statistic (`.statistic`), which measures how far "
                    "apart the two distributions are."),
            require(lambda a: all(0 <= v <= 1 for v in a.age_ks),
                    "`age_ks` should hold KS statistics, between 0 and 1."),
            mistake(lambda a: a.age_psi.loc[REFERENCE_MONTHS].max() > 0.05,
                    "`age_psi` is large already in the first six months: compare each month with `reference` "
                    "(the first six months), not with the whole stream."),
        ],
    ),
    Exercise(
        grade_id="q706_alarms",
        answers={"alarm_months": Array()},
        hint="Pick a rule on `age_psi` (or `age_ks`), a threshold above the quiet months' values, and keep "
             "the months above it.",
        hints=(
            "Look at the first six months' values: they are what no drift looks like. A threshold below them "
            "flags every month and means nothing; a very high one misses a slow shift.",
            "For example `age_psi[age_psi > threshold].index.tolist()`, with a threshold you can defend (a "
            "common rule of thumb: PSI above 0.1 is worth a look, above 0.25 a real shift).",
        ),
        checks=[
            require(lambda a: _is_months(np.asarray(a.alarm_months).ravel().tolist()),
                    "`alarm_months` should be a list of months of the stream, as text like '2025-01'."),
            mistake(lambda a: len(set(np.asarray(a.alarm_months).ravel().tolist())) >= 24,
                    "`alarm_months` flags every month: a threshold that flags everything means nothing. Set it "
                    "above the values of the quiet first months."),
            require(lambda a: len(np.asarray(a.alarm_months).ravel()) > 0,
                    "`alarm_months` is empty: a detector that never fires catches nothing."),
        ],
    ),
    Exercise(
        grade_id="q707_quality",
        answers={"unit_switch_months": Array(), "missing_burst_month": Text(), "new_relp_code": Text()},
        hint="For each month: the largest age, the share of missing values per column, and the RELP codes "
             "the model never saw.",
        hints=(
            "`stream.groupby('month')['AGEP'].max()` shows ages no person has; "
            "`stream.groupby('month')[CODES].apply(lambda g: g.isna().mean())` the share missing per month and "
            "column; `set(stream['RELP'].dropna()) - set(KNOWN_CODES['RELP'])` the codes never seen.",
            f"Keep the months whose largest age is above {120} (an age in months), as a list; the one month "
            "where more than 10% of a column is missing, as text; and the new code, as text (like '7').",
        ),
        checks=[
            require(lambda a: _is_months(np.asarray(a.unit_switch_months).ravel().tolist())
                    and len(np.asarray(a.unit_switch_months).ravel()) > 0,
                    "`unit_switch_months` should be a non-empty list of months, as text like '2025-01'."),
            mistake(lambda a: len(np.asarray(a.unit_switch_months).ravel()) > 6,
                    "`unit_switch_months` holds many months: older applicants are a real change, not a unit "
                    "switch. Look for ages no person can have (over 120 years)."),
            require(lambda a: bool(_MONTH.match(a.missing_burst_month.strip())),
                    "`missing_burst_month` should be one month, as text like '2025-01'."),
            mistake(lambda a: a.new_relp_code.strip() in set(str(i) for i in range(18)),
                    "`new_relp_code` is a code the census already used in 2015 (`KNOWN_CODES['RELP']`): "
                    "look for the one the model never saw."),
            require(lambda a: a.new_relp_code.strip().isdigit(),
                    "`new_relp_code` should be a RELP code, as text like '7'."),
        ],
    ),
    Exercise(
        grade_id="q708_label_delay",
        answers={"blind_spot": Choice(options="abcd")},
        hint="Input drift compares the features. Which change leaves the features as they were?",
        hints=(
            "Three of the changes alter what the model receives (its inputs); one alters only what happens to "
            "people afterwards.",
            "A change in the label alone (the same inputs, a new outcome) is concept drift: no feature moves, "
            "so no PSI or KS test on features can see it before the outcomes arrive.",
        ),
    ),
    Exercise(
        grade_id="q709_retrain",
        answers={"old_accuracy": Number(), "new_accuracy": Number()},
        hint="Fit a fresh copy of the pipeline (`clone(model)`) on the recent window, then score both models "
             "on the newest window.",
        hints=(
            f"`recent = stream[stream['month'].between(*RECENT)]` ({RECENT[0]} to {RECENT[1]}) and "
            f"`newest = stream[stream['month'].between(*NEWEST)]` ({NEWEST[0]} to {NEWEST[1]}).",
            "`new_model = clone(model).fit(recent[FEATURES], recent['employed'])`; then "
            "`accuracy_score(newest['employed'], m.predict(newest[FEATURES]))` for `m` in `model` and "
            "`new_model`. `model.fit(...)` would change the old model in place.",
        ),
        checks=[
            require(lambda a: 0 <= a.old_accuracy <= 1 and 0 <= a.new_accuracy <= 1,
                    "`old_accuracy` and `new_accuracy` should be accuracies, between 0 and 1."),
            mistake(lambda a: abs(a.old_accuracy - a.new_accuracy) < 1e-9,
                    "`old_accuracy` and `new_accuracy` are equal: did you refit `model` itself? scikit-learn's "
                    "`fit` works in place, so the old model is gone; fit `clone(model)` instead."),
        ],
    ),
]

__all__ = ["EXERCISES", "AGE_EDGES", "CODES", "FEATURES", "MONTHS", "RECENT", "NEWEST", "REFERENCE_MONTHS", "TOL"]
