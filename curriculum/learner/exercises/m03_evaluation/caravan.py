"""Module 03, Parts 1 to 4 (Caravan): the accuracy paradox, the confusion matrix, precision and
recall, ROC and precision-recall areas, and stratified cross-validation.

Split from __init__.py, which assembles the module's EXERCISES.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from curriculum.learner.checks import Array, Choice, Exercise, Number, close, mistake, require, shape
from curriculum.learner.exercises.m03_evaluation.data import caravan_model, caravan_split


@lru_cache(maxsize=None)
def _train_accuracies() -> tuple[float, float]:
    """(dummy, model) accuracy on the training rows: a score there is a named mistake."""
    _, _, y_train, _ = caravan_split()
    X_train = caravan_split()[0]
    return float((y_train == y_train.value_counts().idxmax()).mean()), float(caravan_model().score(X_train, y_train))


def _fraction_pair(*values) -> bool:
    return all(0 <= float(v) <= 1 for v in values)


def _percent(*values) -> bool:
    return any(1 < float(v) <= 100 for v in values)


def _matrix(a) -> np.ndarray:
    return np.asarray(a.calls_cm, dtype=float)


EXERCISES = [
    Exercise(
        grade_id="q301_accuracy_paradox",
        answers={"dummy_accuracy": Number(), "model_accuracy": Number()},
        hint="Which rows should the dummy learn from, and which rows are both accuracies measured on?",
        hints=(
            "Fit `DummyClassifier(strategy=\"most_frequent\")` on `caravan_X_train` and `caravan_y_train`. "
            "`caravan_model` is already fitted: do not fit it again.",
            "Call `.score(...)` on each of the two models with `caravan_X_test` and `caravan_y_test`: it returns "
            "the accuracy as a fraction between 0 and 1. Store the two results as they are.",
        ),
        checks=[
            mistake(lambda a: _percent(a.dummy_accuracy, a.model_accuracy),
                    "`dummy_accuracy` or `model_accuracy` looks like a percentage: give each accuracy as a "
                    "fraction between 0 and 1, as `score()` returns it."),
            require(lambda a: _fraction_pair(a.dummy_accuracy, a.model_accuracy),
                    "`dummy_accuracy` and `model_accuracy` should both be accuracies: fractions between 0 and 1."),
            mistake(lambda a: close(a.dummy_accuracy, _train_accuracies()[0], rel=0, abs_tol=5e-5)
                    or close(a.model_accuracy, _train_accuracies()[1], rel=0, abs_tol=5e-5),
                    "`dummy_accuracy` or `model_accuracy` is the accuracy on the training rows: you evaluated "
                    "on the rows the model learned from. Score both on `caravan_X_test` and `caravan_y_test`."),
            mistake(lambda a: a.dummy_accuracy < 0.5,
                    "`dummy_accuracy` is far below what \"nobody buys\" would score: did the dummy guess at "
                    "random (`strategy='uniform'` or `'stratified'`)? Use `strategy='most_frequent'`."),
        ],
    ),
    Exercise(
        grade_id="q302_what_94_means",
        answers={"paradox_reading": Choice(options="abcd")},
        hint="Put your two accuracies side by side: what does the model do better than the rule that "
             "never predicts a buyer?",
        hints=(
            "An accuracy is only worth something next to a baseline. With 6% buyers, what accuracy does a rule "
            "that never finds a buyer reach?",
            "If a useless rule scores about as well as the model, the accuracy cannot tell them apart. Pick the "
            "statement that says what to look at instead.",
        ),
    ),
    Exercise(
        grade_id="q303_confusion_matrix",
        answers={"calls_cm": Array(numeric=True)},
        hint="Which column of `predict_proba` is the chance of buying, and which rows are you counting?",
        hints=(
            "`caravan_model.predict_proba(caravan_X_test)` has one column per class, in the order 0, 1: take "
            "column 1 and compare it with `CALL_AT` (at least, `>=`) to get the decisions.",
            "Turn the comparison into 0/1 decisions with `.astype(int)`, then call `confusion_matrix` with the true "
            "classes `caravan_y_test` first and the decisions second.",
        ),
        checks=[
            shape(lambda a: _matrix(a).shape == (2, 2),
                  lambda a: "`calls_cm` should be a 2 × 2 array (true classes as rows, decisions as columns), "
                  f"but it has shape {np.shape(a.calls_cm)}."),
            mistake(lambda a: abs(_matrix(a).sum() - 1) < 1e-6 or np.allclose(_matrix(a).sum(axis=1), 1),
                    "`calls_cm` holds fractions: the exercise asks for counts of customers. Do not "
                    "`normalize` the confusion matrix."),
            mistake(lambda a: _matrix(a).sum() == len(caravan_split()[2]),
                    "`calls_cm` counts the training rows: you evaluated on the rows the model learned from. "
                    "Use `caravan_X_test` and `caravan_y_test`."),
            require(lambda a: _matrix(a).sum() == len(caravan_split()[3]),
                    "`calls_cm` should count every test customer exactly once: its four counts add up to "
                    "the number of rows of `caravan_X_test`."),
        ],
    ),
    Exercise(
        grade_id="q304_precision_recall",
        answers={"call_precision": Number(), "call_recall": Number()},
        hint="Precision looks at the customers called; recall looks at the buyers. Which class is positive?",
        hints=(
            "Make the same decisions as in Exercise 3: column 1 of `predict_proba` on the test rows, at least "
            "`CALL_AT`, as 0/1.",
            "Call `precision_score` and `recall_score`, each with `caravan_y_test` first and the decisions second; "
            "the buyers are class 1, the default positive class, so no `pos_label` is needed.",
        ),
        checks=[
            mistake(lambda a: _percent(a.call_precision, a.call_recall),
                    "`call_precision` or `call_recall` looks like a percentage: give fractions between 0 and 1."),
            require(lambda a: _fraction_pair(a.call_precision, a.call_recall),
                    "`call_precision` and `call_recall` should be fractions between 0 and 1."),
        ],
    ),
    Exercise(
        grade_id="q305_curve_areas",
        answers={"roc_auc": Number(), "avg_precision": Number()},
        hint="Do the two scores get the probabilities or the 0/1 decisions? And which column is a buyer's chance?",
        hints=(
            "Take column 1 of `caravan_model.predict_proba(caravan_X_test)`: the chance of buying of each test "
            "customer. The areas rank customers by it, over every threshold.",
            "Call `roc_auc_score` and `average_precision_score`, each with `caravan_y_test` first and those chances "
            "second (not the calls of Exercise 3).",
        ),
        checks=[
            mistake(lambda a: _percent(a.roc_auc, a.avg_precision),
                    "`roc_auc` or `avg_precision` looks like a percentage: give fractions between 0 and 1."),
            require(lambda a: _fraction_pair(a.roc_auc, a.avg_precision),
                    "`roc_auc` and `avg_precision` should be fractions between 0 and 1."),
            mistake(lambda a: a.roc_auc < 0.5 and a.avg_precision < a.roc_auc,
                    "`roc_auc` is below 0.5, worse than guessing: you scored the chance of *not* buying "
                    "(column 0 of `predict_proba`), so the positive class is inverted. Use column 1, the buyers."),
        ],
    ),
    Exercise(
        grade_id="q306_which_curve",
        answers={"curve_choice": Choice(options="abcd")},
        hint="On the ROC curve, what does the false-positive rate divide the wasted calls by?",
        hints=(
            "The false-positive rate is wasted calls divided by *all* non-buyers (94% of the customers); precision "
            "is buyers reached divided by the calls made.",
            "With rare buyers, a few hundred wasted calls are a small fraction of thousands of non-buyers but a big "
            "fraction of the calls. Pick the statement that says which curve shows that.",
        ),
    ),
    Exercise(
        grade_id="q307_stratified_cv",
        answers={"fold_scores": Array(numeric=True), "fold_spread": Number()},
        hint="Which object makes the folds, which rows do you cross-validate on, and which scoring?",
        hints=(
            "Create `StratifiedKFold(n_splits=5, shuffle=True, random_state=0)` and a fresh pipeline, and pass "
            "both to `cross_val_score` with the Caravan training rows.",
            "Add `cv=` your folds and `scoring=\"average_precision\"`: it returns the 5 scores in fold order. The "
            "spread is the largest of them minus the smallest (`.max() - .min()`).",
        ),
        checks=[
            shape(lambda a: np.asarray(a.fold_scores, dtype=float).shape == (5,),
                  lambda a: "`fold_scores` should hold one score per fold (5 values in a flat array), but it has "
                  f"shape {np.shape(a.fold_scores)}."),
            mistake(lambda a: np.asarray(a.fold_scores, dtype=float).min() > 0.85,
                    "`fold_scores` are all above 0.85: they look like accuracies, and accuracy on imbalanced "
                    "data says little (a rule that never finds a buyer scores 0.94). Pass "
                    "`scoring=\"average_precision\"`."),
            mistake(lambda a: any(close(a.fold_spread, np.std(np.asarray(a.fold_scores, dtype=float), ddof=d),
                                        rel=0, abs_tol=1e-6)
                                  for d in (0, 1)),
                    "`fold_spread` is the standard deviation of the scores: the exercise asks for the largest "
                    "score minus the smallest."),
            require(lambda a: close(a.fold_spread, np.ptp(np.asarray(a.fold_scores, dtype=float)), rel=0, abs_tol=1e-3),
                    "`fold_spread` should be the largest value of `fold_scores` minus the smallest (a positive "
                    "number)."),
        ],
    ),
]
