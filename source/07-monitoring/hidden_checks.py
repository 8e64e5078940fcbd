"""Hidden checks for module 07, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-07: tests prove this line never reaches a learner or a feedback file.

The drift log (`scoring_stream_log`) is the judge's only: the learner's alarms (q706) and data-quality
findings (q707) are scored against it here.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.data import load
from curriculum.learner.exercises.m07_monitoring.common import (AGE_EDGES, CODES, DROP, FEATURES, MONTHS, NEWEST,
                                                                RECENT, REFERENCE_MONTHS, TOL, model_probes,
                                                                predict_probes, results, stream)

#: q706: an incident must be caught at most this many months after it starts.
MAX_LATE = 6


@lru_cache(maxsize=None)
def _model():
    """The model in production, fitted exactly as in the notebook's setup cell."""
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    acs = load("acs_employment_ma")
    train = acs[acs["year"] == 2015].astype({c: str for c in CODES}).sample(20_000, random_state=0)
    model = make_pipeline(
        make_column_transformer(
            (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), CODES),
            (StandardScaler(), ["AGEP"])),
        LogisticRegression(max_iter=1000))
    return model.fit(train[FEATURES], train["employed"])


@lru_cache(maxsize=None)
def _known_relp() -> frozenset:
    acs = load("acs_employment_ma")
    return frozenset(acs.loc[acs["year"] == 2015, "RELP"].astype(str))


@lru_cache(maxsize=None)
def _log() -> pd.DataFrame:
    return load("scoring_stream_log")


def _months_between(first: str, last: str) -> list[str]:
    return [m for m in MONTHS if first <= m <= last]


def _lag(first: str, month: str) -> int:
    return (int(month[:4]) - int(first[:4])) * 12 + int(month[5:]) - int(first[5:])


@lru_cache(maxsize=None)
def _accuracy() -> pd.Series:
    s = stream()
    right = pd.Series(_model().predict(s[FEATURES]) == s["employed"].to_numpy(), index=s.index)
    return right.groupby(s["month"]).mean()


def _drop_months() -> set[str]:
    acc = _accuracy()
    return set(acc[acc < acc.loc[REFERENCE_MONTHS].mean() - DROP].index)


def _psi(expected, actual, edges) -> float:
    e = np.clip(np.histogram(expected, bins=edges)[0] / len(expected), 1e-4, None)
    a = np.clip(np.histogram(actual, bins=edges)[0] / len(actual), 1e-4, None)
    return float(np.sum((a - e) * np.log(a / e)))


@lru_cache(maxsize=None)
def _age_drift() -> tuple[pd.Series, pd.Series]:
    from scipy.stats import ks_2samp

    s = stream()
    ref = s.loc[s["month"].isin(REFERENCE_MONTHS), "AGEP"]
    by_month = s.groupby("month")["AGEP"]
    return (by_month.apply(lambda ages: _psi(ref, ages, AGE_EDGES)),
            by_month.apply(lambda ages: ks_2samp(ref, ages).statistic))


@lru_cache(maxsize=None)
def _age_pvalues() -> pd.Series:
    from scipy.stats import ks_2samp

    s = stream()
    ref = s.loc[s["month"].isin(REFERENCE_MONTHS), "AGEP"]
    return s.groupby("month")["AGEP"].apply(lambda ages: ks_2samp(ref, ages).pvalue)


def _psi_dropped(expected, actual, edges) -> float:
    e = np.histogram(expected, bins=edges)[0] / len(expected)
    a = np.histogram(actual, bins=edges)[0] / len(actual)
    keep = (e > 0) & (a > 0)
    return float(np.sum((a[keep] - e[keep]) * np.log(a[keep] / e[keep])))


def _kl(expected, actual, edges) -> float:
    e = np.clip(np.histogram(expected, bins=edges)[0] / len(expected), 1e-4, None)
    a = np.clip(np.histogram(actual, bins=edges)[0] / len(actual), 1e-4, None)
    return float(np.sum(a * np.log(a / e)))


@lru_cache(maxsize=None)
def _retrain() -> tuple[float, float, float]:
    from sklearn.base import clone

    s = stream()
    recent = s[s["month"].between(*RECENT)]
    newest = s[s["month"].between(*NEWEST)]
    new = clone(_model()).fit(recent[FEATURES], recent["employed"])
    score = lambda m, rows: float((m.predict(rows[FEATURES]) == rows["employed"].to_numpy()).mean())  # noqa: E731
    return score(_model(), newest), score(new, newest), score(new, recent)


def _as_months(values) -> set[str]:
    return set(np.asarray(values).ravel().tolist())


# --- q701 -------------------------------------------------------------------------------------------

def _untrusted() -> list[str]:
    import skops.io as sio

    return sorted(sio.get_untrusted_types(data=sio.dumps(_model())))


def _same_predictions(a) -> bool:
    expected = _model().predict(model_probes("2026-05", 300)[0][0])
    got = results(a.loaded_model.calls)[0]
    return got is not None and np.array_equal(np.asarray(got).astype(int), expected.astype(int))


# --- q702 -------------------------------------------------------------------------------------------

def _good_predictions(a) -> bool:
    probes = predict_probes("2026-03", 100)
    got = results(a.predict_employment)
    for (rows,), value in zip(probes[:2], got[:2]):
        if value is None or not np.array_equal(np.asarray(value).astype(int),
                                               _model().predict(rows[FEATURES]).astype(int)):
            return False
    return True


# --- q706: the learner's alarms against the log -----------------------------------------------------

def _age_events() -> pd.DataFrame:
    log = _log()
    return log[log["column"] == "AGEP"]


def _alarm_report(alarms: set[str]) -> tuple[int, int, int, list[int]]:
    """(caught, incidents, false alarms, months late of each caught incident).

    An incident counts as caught by an alarm in one of its months that no other age incident covers
    (the spike of one incident does not catch a slow shift that happens to overlap it)."""
    events = _age_events()
    quiet = set(MONTHS)
    windows = {}
    for _, event in events.iterrows():
        windows[event["event"]] = (event["first_month"], set(_months_between(event["first_month"], event["last_month"])))
        quiet -= windows[event["event"]][1]
    caught, late = 0, []
    for name, (first, months) in windows.items():
        others = set().union(*(m for other, (_, m) in windows.items() if other != name))
        own = sorted((months - others) & alarms) or (sorted(months & alarms) if months <= others else [])
        if own and _lag(first, own[0]) <= MAX_LATE:
            caught += 1
            late.append(_lag(first, own[0]))
    return caught, len(windows), len(alarms & quiet), late


def _alarm_message(a) -> str:
    caught, total, false, late = _alarm_report(_as_months(a.alarm_months))
    text = f"`alarm_months` caught {caught} of the {total} age incidents of the log within {MAX_LATE} months"
    if late:
        text += f" (months late: {', '.join(str(m) for m in late)})"
    if false:
        text += f", with {false} false alarm(s) in quiet months"
    return text + ". A rule must fire soon after each incident starts, and stay quiet when nothing changed."


HIDDEN = {
    "q701_save_load": [
        mistake(lambda a: len(_untrusted()) > 0 and len(np.asarray(a.untrusted).ravel()) == 0,
                "`untrusted` is empty, but skops does not trust every type in this file by default: store "
                "what `sio.get_untrusted_types(file=...)` returns for the file you saved."),
        require(lambda a: sorted(np.asarray(a.untrusted).ravel().tolist()) == _untrusted(),
                "`untrusted` is not the list `sio.get_untrusted_types(file=...)` gives for the saved `model`."),
        require(_same_predictions,
                "`loaded_model` does not predict like `model`: load the file that holds the fitted `model` "
                "(refitting, or another model, is not the model you saved)."),
    ],
    "q702_predict": [
        require(_good_predictions,
                "`predict_employment` does not return `model.predict(rows[FEATURES])` for good rows."),
    ],
    "q703_accuracy_by_month": [
        mistake(lambda a: all(close(a.accuracy_by_month[m], 1 - v, rel=0, abs_tol=TOL)
                              for m, v in _accuracy().items()),
                "`accuracy_by_month` holds error rates (the share of wrong predictions): accuracy is the "
                "share of right ones."),
        require(lambda a: all(close(a.accuracy_by_month[m], v, rel=0, abs_tol=TOL) for m, v in _accuracy().items()),
                "`accuracy_by_month` is not the accuracy of `model` on each month of `stream` (within 0.001)."),
        mistake(lambda a: _as_months(a.drop_months) < _drop_months(),
                "`drop_months` misses some months that dropped: compare every month with the baseline, the "
                "mean accuracy of the first six months (`REFERENCE_MONTHS`), not with the month before nor "
                "with the mean of the whole stream."),
        require(lambda a: _as_months(a.drop_months) == _drop_months(),
                "`drop_months` is not the set of months whose accuracy is more than 0.10 below the "
                "baseline (the mean of the first six months)."),
    ],
    "q704_psi": [
        mistake(lambda a: all(close(v, _psi_dropped(*p), rel=1e-2, abs_tol=TOL)
                              for v, p in zip(results(a.psi), PROBES["q704_psi"]["psi"]())),
                "`psi` leaves out the empty bins: a bin that empties (or fills from nothing) is drift too. "
                "Replace shares below 0.0001 by 0.0001 instead of dropping the bin."),
        mistake(lambda a: all(close(v, _kl(*p), rel=1e-2, abs_tol=TOL)
                              for v, p in zip(results(a.psi), PROBES["q704_psi"]["psi"]())),
                "`psi` sums a * ln(a / e): that is another measure (the Kullback-Leibler divergence). PSI "
                "multiplies by (actual - expected), so that each term counts the drift both ways."),
        require(lambda a: all(close(v, _psi(*p), rel=1e-2, abs_tol=TOL)
                              for v, p in zip(results(a.psi), PROBES["q704_psi"]["psi"]())),
                "`psi` does not give the PSI of the formula on the grader's samples (within 1%): shares per "
                "bin, shares below 0.0001 replaced by 0.0001, then sum of (a - e) * ln(a / e)."),
    ],
    "q705_age_drift": [
        mistake(lambda a: all(close(a.age_ks[m], v, rel=1e-2, abs_tol=TOL) for m, v in _age_drift()[1].items())
                and not all(close(a.age_psi[m], v, rel=1e-2, abs_tol=TOL) for m, v in _age_drift()[0].items()),
                "`age_ks` is right but `age_psi` is not: use your `psi` with `reference['AGEP']` as expected, "
                "each month's ages as actual, and `AGE_EDGES`."),
        require(lambda a: all(close(a.age_psi[m], v, rel=1e-2, abs_tol=TOL) for m, v in _age_drift()[0].items()),
                "`age_psi` is not the PSI of each month's ages against `reference` with `AGE_EDGES` "
                "(within 0.001 or 1%)."),
        mistake(lambda a: all(close(a.age_ks[m], v, rel=1e-2, abs_tol=TOL) for m, v in _age_pvalues().items()),
                "`age_ks` holds p-values: keep the KS statistic (`.statistic`), the largest gap between the two "
                "cumulative distributions. With 2,000 rows a month, p-values call even tiny changes significant."),
        require(lambda a: all(close(a.age_ks[m], v, rel=0, abs_tol=TOL) for m, v in _age_drift()[1].items()),
                "`age_ks` is not the KS statistic of each month's ages against `reference['AGEP']` "
                "(within 0.001)."),
    ],
    "q706_alarms": [
        mistake(lambda a: _as_months(a.alarm_months) >= set(REFERENCE_MONTHS),
                "`alarm_months` flags every quiet month too: a threshold that flags the months that define "
                "'normal' means nothing. Set it above the values of the first six months."),
        require(lambda a: _alarm_report(_as_months(a.alarm_months))[2] == 0, _alarm_message),
        require(lambda a: _alarm_report(_as_months(a.alarm_months))[0] == _alarm_report(set())[1], _alarm_message),
    ],
    "q707_quality": [
        mistake(lambda a: bool(_as_months(a.unit_switch_months)
                               - set(_months_between(*_log().set_index("event").loc[
                                   "age_in_months", ["first_month", "last_month"]]))),
                "`unit_switch_months` holds months whose ages are all possible: a unit switch shows as "
                "ages no person has (over 120 years), not as older people."),
        require(lambda a: _as_months(a.unit_switch_months) == set(_months_between(
            *_log().set_index("event").loc["age_in_months", ["first_month", "last_month"]])),
                "`unit_switch_months` misses a month in which ages were sent in months."),
        require(lambda a: a.missing_burst_month.strip() == _log().set_index("event").loc[
            "schooling_missing", "first_month"],
                "`missing_burst_month` is not the month with a burst of missing values: look at the share "
                "missing of each column, month by month."),
        require(lambda a: a.new_relp_code.strip() in set(stream()["RELP"].dropna()) - _known_relp()
                and a.new_relp_code.strip() in _log().set_index("event").loc["new_relationship_code", "detail"],
                "`new_relp_code` is not the RELP code that the stream has and 2015 did not."),
    ],
    "q708_label_delay": choice_checks(
        "blind_spot", "c",
        {"a": "`blind_spot`: ages in months change the feature AGEP itself, so PSI and KS on age show it at once.",
         "b": "`blind_spot`: blank school codes change the feature SCHL (its share missing): a data-quality "
              "check on the inputs sees them the same month.",
         "d": "`blind_spot`: a new code changes the distribution of RELP: a drift test on that feature, or a "
              "check for unseen codes, shows it."}),
    "q709_retrain": [
        mistake(lambda a: close(a.new_accuracy, _retrain()[2], rel=0, abs_tol=TOL)
                and not close(_retrain()[2], _retrain()[1], rel=0, abs_tol=TOL),
                "`new_accuracy` is measured on the months the new model was trained on (`RECENT`): that "
                "flatters it. Score it on the `NEWEST` months, which neither model learned from."),
        require(lambda a: close(a.old_accuracy, _retrain()[0], rel=0, abs_tol=TOL),
                "`old_accuracy` is not the accuracy of `model` on the `NEWEST` months (within 0.001)."),
        require(lambda a: close(a.new_accuracy, _retrain()[1], rel=0, abs_tol=TOL),
                "`new_accuracy` is not the accuracy, on the `NEWEST` months, of a fresh copy of `model` "
                "fitted on the `RECENT` months (within 0.001)."),
    ],
}


def _psi_probes() -> list[tuple]:
    rng = np.random.default_rng(2026)
    base = rng.normal(50, 15, 600).round(1).tolist()
    drifted = rng.normal(58, 10, 500).round(1).tolist()
    edges = [-1000.0, 25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 1000.0]
    return [(base, base, edges),
            (base, drifted, edges),
            ([30.0, 40.0, 50.0] * 20, [50.0, 60.0, 70.0, 80.0] * 15, edges),   # empty bins in both
            ([2.0, 2.0, 3.0, 4.0], [1.0, 2.0, 2.0, 2.0, 3.0], [0.5, 1.5, 2.5, 3.5, 4.5]),  # expected empty in one
            (np.arange(100.0).tolist(), (np.arange(100.0) + 5).tolist(), [-1.0, 20.0, 40.0, 60.0, 80.0, 120.0])]


#: Inputs for function and model answers at grading (replacing the public probes): other rows, other samples.
PROBES = {
    "q701_save_load": {"loaded_model": lambda: model_probes("2026-05", 300)},
    "q702_predict": {"predict_employment": lambda: predict_probes("2026-03", 100)},
    "q704_psi": {"psi": _psi_probes},
}

__all__ = ["HIDDEN", "PROBES", "math"]
