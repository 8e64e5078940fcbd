"""Hidden checks for module 03, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-03: tests prove this line never reaches a learner or a feedback file.
"""
from functools import lru_cache

import numpy as np
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, confusion_matrix, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.data import load
from curriculum.learner.exercises.m03_evaluation import (
    CALL_AT,
    COST_APPROVE_BAD,
    COST_REFUSE_GOOD,
    RATE_COLUMNS,
    SEXES,
    THRESHOLDS,
    caravan_model,
    caravan_split,
    credit_groups_test,
    credit_model,
    credit_split,
)
from curriculum.learner.exercises.m03_evaluation.credit import by_sex

#: "Keep at least 4 decimals" (q301) and "at least 3 decimals" (the other fractions).
TOL4 = 1.5e-4
TOL3 = 6e-4


def _near(a, b, tol=TOL3) -> bool:
    return close(a, b, rel=0, abs_tol=tol)


# --- Caravan -------------------------------------------------------------------------------------

_cX_train, _cX_test, _cy_train, _cy_test = caravan_split()
_model = caravan_model()
_chance_test = _model.predict_proba(_cX_test)[:, 1]
_chance_train = _model.predict_proba(_cX_train)[:, 1]
_calls = (_chance_test >= CALL_AT).astype(int)
_calls_train = (_chance_train >= CALL_AT).astype(int)
_calls_not_buying = (_model.predict_proba(_cX_test)[:, 0] >= CALL_AT).astype(int)
_predict = _model.predict(_cX_test)

_dummy_accuracy = float((_cy_test == _cy_train.value_counts().idxmax()).mean())
_model_accuracy = float(_model.score(_cX_test, _cy_test))

_cm = confusion_matrix(_cy_test, _calls)
_cm_predict = confusion_matrix(_cy_test, _predict, labels=[0, 1])
_cm_not_buying = confusion_matrix(_cy_test, _calls_not_buying)

_precision, _recall = precision_score(_cy_test, _calls), recall_score(_cy_test, _calls)
_precision_0, _recall_0 = precision_score(_cy_test, _calls, pos_label=0), recall_score(_cy_test, _calls, pos_label=0)
_precision_train, _recall_train = precision_score(_cy_train, _calls_train), recall_score(_cy_train, _calls_train)
_precision_predict = precision_score(_cy_test, _predict, zero_division=0)
_recall_predict = recall_score(_cy_test, _predict, zero_division=0)

_auc, _ap = roc_auc_score(_cy_test, _chance_test), average_precision_score(_cy_test, _chance_test)
_auc_train, _ap_train = roc_auc_score(_cy_train, _chance_train), average_precision_score(_cy_train, _chance_train)
_auc_calls, _ap_calls = roc_auc_score(_cy_test, _calls), average_precision_score(_cy_test, _calls)
_auc_predict, _ap_predict = roc_auc_score(_cy_test, _predict), average_precision_score(_cy_test, _predict)


def _caravan_all() -> tuple:
    """All the Caravan rows in the order of the table (`caravan_X`, `caravan_y` of the setup cell)."""
    caravan = load("caravan")
    return caravan.drop(columns="Purchase"), (caravan["Purchase"] == "Yes").astype(int)


def _fresh():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


@lru_cache(maxsize=None)
def _cv(cv: str, rows: str = "train", scoring: str = "average_precision") -> tuple:
    """Fold scores of a fresh model, computed only when q307 is judged (they take a few seconds)."""
    folds = {"stratified": StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
             "kfold": KFold(n_splits=5, shuffle=True, random_state=0),
             "unshuffled": StratifiedKFold(n_splits=5)}[cv]
    X, y = (_cX_train, _cy_train) if rows == "train" else _caravan_all()
    return tuple(cross_val_score(_fresh(), X, y, cv=folds, scoring=scoring))


def _scores_match(a, cv: str, rows: str = "train", scoring: str = "average_precision") -> bool:
    return np.allclose(np.asarray(a.fold_scores, dtype=float), _cv(cv, rows, scoring), rtol=0, atol=TOL3)


# --- German credit -------------------------------------------------------------------------------

_kX_train, _kX_valid, _kX_test, _ky_train, _ky_valid, _ky_test = credit_split()
_credit = credit_model()
_bad_valid, _bad_test = _credit.predict_proba(_kX_valid)[:, 1], _credit.predict_proba(_kX_test)[:, 1]


def total_cost(y_true, bad_chance, threshold: float) -> int:
    """The cost of refusing every applicant whose chance of a bad risk is at least `threshold`."""
    y_true = np.asarray(y_true)
    refuse = np.asarray(bad_chance) >= threshold
    return int(COST_APPROVE_BAD * ((y_true == 1) & ~refuse).sum()
               + COST_REFUSE_GOOD * ((y_true == 0) & refuse).sum())


def _best(y, chance, approve_bad=5, refuse_good=1) -> float:
    y = np.asarray(y)
    costs = [approve_bad * ((y == 1) & (chance < t)).sum() + refuse_good * ((y == 0) & (chance >= t)).sum()
             for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmin(costs))])


_best_threshold = _best(_ky_valid, _bad_valid)
_test_cost = total_cost(_ky_test, _bad_test, _best_threshold)
_best_on_test = _best(_ky_test, _bad_test)
_best_swapped = _best(_ky_valid, _bad_valid, approve_bad=1, refuse_good=5)
_best_good_chance = _best(_ky_valid, 1 - _bad_valid)  # column 0 of predict_proba: the chance of a good risk
_best_on_train = _best(_ky_train, _credit.predict_proba(_kX_train)[:, 1])
assert len({_best_threshold, _best_on_test, _best_swapped, _best_good_chance}) == 4, \
    "the split no longer tells the mistakes of q308 apart"

_groups = credit_groups_test()
_pred_test = _credit.predict(_kX_test)
_METRICS = {"false_positive_rate": false_positive_rate, "false_negative_rate": false_negative_rate}
_by_sex = MetricFrame(metrics=_METRICS, y_true=_ky_test, y_pred=_pred_test, sensitive_features=_groups["sex"])
_rates_by_sex = _by_sex.by_group[list(RATE_COLUMNS)].reindex(list(SEXES))
_by_age = MetricFrame(metrics=_METRICS, y_true=_ky_test, y_pred=_pred_test, sensitive_features=_groups["age_band"])
# q309's named slips (from the learner audit): y_true and y_pred swapped; the cost threshold of q308
# used instead of the bank's current rule (predict, 0.5)
_rates_swapped = MetricFrame(metrics=_METRICS, y_true=_pred_test, y_pred=_ky_test,
                             sensitive_features=_groups["sex"]).by_group[list(RATE_COLUMNS)].reindex(list(SEXES))
_rates_at_best = MetricFrame(metrics=_METRICS, y_true=_ky_test, y_pred=(_bad_test >= _best_threshold).astype(int),
                             sensitive_features=_groups["sex"]).by_group[list(RATE_COLUMNS)].reindex(list(SEXES))
_age_fpr_gap = float(_by_age.difference()["false_positive_rate"])
_age_fnr_gap = float(_by_age.difference()["false_negative_rate"])
_age_fpr_ratio = float(_by_age.ratio()["false_positive_rate"])
_sex_fpr_gap = float(_by_sex.difference()["false_positive_rate"])


def _rates(a) -> np.ndarray:
    frame = by_sex(a.rates_by_sex).copy()
    frame.index = frame.index.map(str)
    return frame.reindex(list(SEXES))[list(RATE_COLUMNS)].to_numpy(dtype=float)


_FEEDBACK_94 = {
    "a": "`paradox_reading`: (a) is not it. 94% right sounds good, but the dummy that never predicts a buyer "
         "is about as accurate: the accuracy cannot tell a useful model from a useless one.",
    "c": "`paradox_reading`: (c) is not it. A high accuracy here comes from the 94% of non-buyers, not from "
         "memorising the training rows: the dummy, which learns nothing, scores as high.",
    "d": "`paradox_reading`: (d) is not it. Scoring on the training rows flatters a model (it has seen them), "
         "and the share of buyers is the same there: evaluate on the test rows, with the right metric.",
}
_FEEDBACK_CURVE = {
    "a": "`curve_choice`: (a) is not it. The two areas are on different scales (0.5 is random for ROC, the "
         "share of buyers for PR), so a larger number does not make a curve more accurate.",
    "c": "`curve_choice`: (c) is not it. With rare positives the ROC curve can look good while most calls are "
         "wasted: the two curves tell different stories when one class is rare.",
    "d": "`curve_choice`: (d) is not it. Accuracy at 0.5 is the accuracy paradox again: the dummy that calls "
         "nobody scores about as high.",
}

HIDDEN = {
    "q301_accuracy_paradox": [
        mistake(lambda a: _near(a.dummy_accuracy, _model_accuracy, TOL4)
                and _near(a.model_accuracy, _dummy_accuracy, TOL4),
                "`dummy_accuracy` and `model_accuracy` are swapped: store the dummy's accuracy in "
                "`dummy_accuracy` and `caravan_model`'s in `model_accuracy`."),
        require(lambda a: _near(a.dummy_accuracy, _dummy_accuracy, TOL4),
                "`dummy_accuracy` is not the test accuracy of the most-frequent dummy: fit "
                "`DummyClassifier(strategy='most_frequent')` on the training rows and score it on the test rows "
                "(keep at least 4 decimals)."),
        require(lambda a: _near(a.model_accuracy, _model_accuracy, TOL4),
                "`model_accuracy` is not the test accuracy of `caravan_model`: score the model as it is (do not fit "
                "it again) on `caravan_X_test` and `caravan_y_test` (keep at least 4 decimals)."),
    ],
    "q302_what_94_means": choice_checks("paradox_reading", "b", _FEEDBACK_94),
    "q303_confusion_matrix": [
        mistake(lambda a: np.array_equal(np.asarray(a.calls_cm), _cm.T),
                "`calls_cm` is transposed: its rows are the decisions and its columns the true classes. Pass the "
                "true classes first: `confusion_matrix(caravan_y_test, decisions)`."),
        mistake(lambda a: np.array_equal(np.asarray(a.calls_cm), _cm[::-1, ::-1]),
                "`calls_cm` has its classes in the order 1, 0: the positive class (buyers) should come second, as "
                "`confusion_matrix` orders them by default (0, then 1)."),
        mistake(lambda a: np.array_equal(np.asarray(a.calls_cm), _cm_not_buying),
                "`calls_cm` calls the customers with a high chance of *not* buying: column 0 of `predict_proba` is "
                "class 0. The positive class is inverted: use column 1, the chance of buying."),
        mistake(lambda a: np.array_equal(np.asarray(a.calls_cm), _cm_predict),
                "`calls_cm` uses `predict`, which calls a customer only at a chance of 0.5 or more: the sales "
                "team calls from `CALL_AT`. Compare column 1 of `predict_proba` with `CALL_AT`."),
        require(lambda a: np.array_equal(np.asarray(a.calls_cm), _cm),
                "`calls_cm` is not the confusion matrix of the calls on the test rows: call every test customer "
                "whose chance of buying (column 1 of `predict_proba`) is at least `CALL_AT`."),
    ],
    "q304_precision_recall": [
        mistake(lambda a: _near(a.call_precision, _recall) and _near(a.call_recall, _precision),
                "`call_precision` and `call_recall` are swapped: precision is the fraction of *calls* that reach "
                "a buyer; recall is the fraction of *buyers* who are called."),
        mistake(lambda a: _near(a.call_precision, _precision_0) or _near(a.call_recall, _recall_0),
                "`call_precision` or `call_recall` treats the non-buyers (class 0) as the positive class: the "
                "positive class is inverted. The buyers (1) are the positive class: leave `pos_label` at 1."),
        mistake(lambda a: _near(a.call_precision, _precision_train) and _near(a.call_recall, _recall_train),
                "`call_precision` and `call_recall` are measured on the training rows: you evaluated on the rows "
                "the model learned from. Use the test rows."),
        mistake(lambda a: _near(a.call_precision, _precision_predict) and _near(a.call_recall, _recall_predict),
                "`call_precision` and `call_recall` use `predict` (a threshold of 0.5), not the sales team's "
                "`CALL_AT`."),
        require(lambda a: _near(a.call_precision, _precision) and _near(a.call_recall, _recall),
                "`call_precision` or `call_recall` is not that of the calls at `CALL_AT` on the test rows (keep at "
                "least 3 decimals)."),
    ],
    "q305_curve_areas": [
        mistake(lambda a: _near(a.roc_auc, _ap) and _near(a.avg_precision, _auc),
                "`roc_auc` and `avg_precision` are swapped: `roc_auc_score` gives the area under the ROC curve, "
                "`average_precision_score` the average precision."),
        mistake(lambda a: _near(a.roc_auc, _auc_calls) or _near(a.avg_precision, _ap_calls)
                or _near(a.roc_auc, _auc_predict) or _near(a.avg_precision, _ap_predict),
                "`roc_auc` or `avg_precision` was computed from 0/1 decisions: the areas judge the ranking over "
                "every threshold, so pass the chances (column 1 of `predict_proba`), not the calls."),
        mistake(lambda a: _near(a.roc_auc, _auc_train) or _near(a.avg_precision, _ap_train),
                "`roc_auc` or `avg_precision` is measured on the training rows: you evaluated on the rows the "
                "model learned from. Use the test rows."),
        require(lambda a: _near(a.roc_auc, _auc) and _near(a.avg_precision, _ap),
                "`roc_auc` or `avg_precision` is not that of `caravan_model`'s chances of buying on the test rows "
                "(keep at least 3 decimals)."),
    ],
    "q306_which_curve": choice_checks("curve_choice", "b", _FEEDBACK_CURVE),
    "q307_stratified_cv": [
        mistake(lambda a: _scores_match(a, "kfold"),
                "`fold_scores` come from plain `KFold`: its folds do not keep the share of buyers, which is what "
                "stratified folds are for. Use `StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`."),
        mistake(lambda a: _scores_match(a, "unshuffled"),
                "`fold_scores` come from folds that were not shuffled: pass `shuffle=True, random_state=0` to "
                "`StratifiedKFold`."),
        mistake(lambda a: _scores_match(a, "stratified", rows="all"),
                "`fold_scores` were computed on all the rows, the test rows too: cross-validate on the training "
                "rows only and keep the test rows untouched."),
        mistake(lambda a: _scores_match(a, "stratified", scoring="roc_auc"),
                "`fold_scores` are areas under the ROC curve: the exercise asks for the average precision "
                "(`scoring=\"average_precision\"`), which tells more when buyers are rare."),
        require(lambda a: _scores_match(a, "stratified"),
                "`fold_scores` do not match 5 stratified, shuffled folds (`random_state=0`) of a fresh model on "
                "the Caravan training rows, scored by average precision, in fold order (keep at least 3 decimals)."),
    ],
    "q308_cost_threshold": [
        mistake(lambda a: _near(a.best_threshold, _best_on_test, 1e-6),
                "`best_threshold` was tuned on the test rows: that threshold is the cheapest for these 200 "
                "applicants only, so its test cost flatters it. Choose the threshold on the validation rows, and "
                "use the test rows only to report its cost."),
        mistake(lambda a: _near(a.best_threshold, _best_swapped, 1e-6),
                "`best_threshold` comes from swapped costs: approving a bad risk costs 5 (`COST_APPROVE_BAD`), "
                "refusing a good risk costs 1 (`COST_REFUSE_GOOD`)."),
        mistake(lambda a: _near(a.best_threshold, _best_good_chance, 1e-6),
                "`best_threshold` was chosen on the chance of a *good* risk (column 0 of `predict_proba`): the "
                "positive class is inverted. Refuse on column 1, the chance of a bad risk."),
        mistake(lambda a: _near(a.best_threshold, _best_on_train, 1e-6) and _best_on_train != _best_threshold,
                "`best_threshold` was chosen on the training rows, where the model is over-confident: choose it "
                "on the validation rows."),
        require(lambda a: _near(a.best_threshold, _best_threshold, 1e-6),
                "`best_threshold` is not the cheapest threshold of `THRESHOLDS` on the validation rows: refuse when "
                "the chance of a bad risk is at least the threshold, and cost 5 per bad risk approved and 1 per "
                "good risk refused."),
        mistake(lambda a: a.test_cost == total_cost(_ky_valid, _bad_valid, _best_threshold),
                "`test_cost` is the cost on the validation rows: report the cost of your threshold on the "
                "untouched test rows."),
        require(lambda a: a.test_cost == _test_cost,
                "`test_cost` is not the total cost on the test rows at `best_threshold` (5 per bad risk approved, "
                "1 per good risk refused)."),
    ],
    "q309_rates_by_sex": [
        mistake(lambda a: np.allclose(_rates(a), _rates_by_sex.to_numpy()[:, ::-1], rtol=0, atol=TOL3),
                "`rates_by_sex` has the two rates the wrong way round: either the columns are swapped, or the "
                "positive class is inverted (good risks as 1). Here 1 is a bad risk, so the false-positive rate "
                "is the share of good borrowers refused."),
        mistake(lambda a: np.allclose(_rates(a), _rates_swapped.to_numpy(), rtol=0, atol=TOL3),
                "`rates_by_sex`: `y_true` and `y_pred` are swapped in the `MetricFrame`. `y_true` is what "
                "happened (`credit_y_test`), `y_pred` what the model decided (`credit_model.predict(...)`); "
                "swapped, each rate divides by the model's decisions instead of the real outcomes."),
        mistake(lambda a: np.allclose(_rates(a), _rates_at_best.to_numpy(), rtol=0, atol=TOL3),
                "`rates_by_sex` uses the threshold of Exercise 8: the exercise asks for the bank's current "
                "rule, `credit_model.predict(...)` (a threshold of 0.5)."),
        require(lambda a: np.allclose(_rates(a), _rates_by_sex.to_numpy(), rtol=0, atol=TOL3),
                "`rates_by_sex` does not hold the false-positive and false-negative rates of "
                "`credit_model.predict` on the test rows, by sex (keep at least 3 decimals)."),
    ],
    "q310_age_gap": [
        mistake(lambda a: _near(a.age_fpr_gap, _age_fnr_gap),
                "`age_fpr_gap` is the gap in the false-negative rate (bad borrowers approved), or the positive "
                "class is inverted: the exercise asks for the false-positive rate, good borrowers refused."),
        mistake(lambda a: _near(a.age_fpr_gap, _age_fpr_ratio),
                "`age_fpr_gap` is a ratio of the two rates (`ratio()`): the gap is their difference "
                "(`difference()`)."),
        mistake(lambda a: _near(a.age_fpr_gap, _sex_fpr_gap),
                "`age_fpr_gap` is the gap between the sexes: group by `credit_groups_test[\"age_band\"]`."),
        require(lambda a: _near(a.age_fpr_gap, _age_fpr_gap),
                "`age_fpr_gap` is not the gap in false-positive rate between the two age bands on the test rows "
                "(keep at least 3 decimals)."),
    ],
}
