"""Hidden checks for module 02, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-02: tests prove this line never reaches a learner or a feedback file.
"""
import math

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LinearRegression, SGDRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.model_selection import validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.exercises.m02_training import (BIKE_FEATURES, DEPTHS, N_EPOCHS, PENGUIN_FEATURES, bike_split,
                                           penguin_split)

_pX_train, _pX_test, _py_train, _py_test = penguin_split()
_bX_train, _bX_test, _by_train, _by_test = bike_split()


def _close(a, b, rel=1e-4):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


#: q201 accepts an accuracy rounded to 3 decimals (the notebook says so); the accuracy on the
#: training rows is 4.5e-4 away, so it is still refused.
ACCURACY_TOL = 2e-4


# --- reference values ----------------------------------------------------------------------------

_baseline_accuracy = float((_py_test == _py_train.value_counts().idxmax()).mean())

_ref_tree = DecisionTreeClassifier(max_depth=2, random_state=0).fit(_pX_train, _py_train)
_test_tree = DecisionTreeClassifier(max_depth=2, random_state=0).fit(_pX_test, _py_test)


def _unseen_penguins() -> pd.DataFrame:
    """Penguins the learner has never seen: typical birds of each species, then a few birds on
    which a tree fitted on the training rows and one fitted on the test rows disagree."""
    rng = np.random.default_rng(2026)
    typical = {  # (bill length, bill depth, flipper length, body mass) of a typical bird
        "Adelie": (38.8, 18.3, 190.0, 3700.0),
        "Chinstrap": (48.8, 18.4, 196.0, 3730.0),
        "Gentoo": (47.5, 15.0, 217.0, 5080.0),
    }
    rows = []
    for centre in typical.values():
        for _ in range(8):
            rows.append([c + s * rng.normal() for c, s in zip(centre, (1.0, 0.3, 2.0, 150.0))])
    rows += [
        [47.0, 18.5, 212.0, 4100.0],
        [45.5, 19.0, 209.0, 4300.0],
        [42.8, 18.0, 195.0, 3600.0],
        [42.6, 17.5, 200.0, 3800.0],
    ]
    return pd.DataFrame(rows, columns=PENGUIN_FEATURES).round(1)


_unseen = _unseen_penguins()
_unseen_expected = _ref_tree.predict(_unseen).astype(str)
_disputed = _ref_tree.predict(_unseen) != _test_tree.predict(_unseen)
assert _disputed.sum() >= 3, "the probe penguins no longer tell the two trees apart"

#: Inputs for model answers at grading: the public probe first (public checks read it), then unseen rows.
PROBES = {
    "q202_penguin_tree": {
        "tree": lambda: [(_pX_test.copy(),), (_unseen.copy(),)],
    },
}


def _unseen_predictions(a) -> np.ndarray:
    return np.asarray(a.tree.calls[1]["ok"]).astype(str)


_rules_penguin = pd.DataFrame([[41.0, 18.0, 210.0, 4300.0]], columns=PENGUIN_FEATURES)
_rules_species = str(_ref_tree.predict(_rules_penguin)[0])

_dummy_mae = mean_absolute_error(_by_test, np.full(len(_by_test), _by_train.mean()))
_linear = LinearRegression().fit(_bX_train, _by_train)
_linear_mae = mean_absolute_error(_by_test, _linear.predict(_bX_test))
_raw_coefs = pd.Series(_linear.coef_, index=BIKE_FEATURES)

_scaler = StandardScaler().fit(_bX_train)
_std_coefs = pd.Series(LinearRegression().fit(_scaler.transform(_bX_train), _by_train).coef_,
                       index=BIKE_FEATURES)

_hours = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["hr"]),
                                               remainder="passthrough"),
                       LinearRegression()).fit(_bX_train, _by_train)
_hour_mae = mean_absolute_error(_by_test, _hours.predict(_bX_test))
_only_hour = make_pipeline(OneHotEncoder(handle_unknown="ignore"), LinearRegression()).fit(_bX_train[["hr"]], _by_train)
_only_hour_mae = mean_absolute_error(_by_test, _only_hour.predict(_bX_test[["hr"]]))
# every feature one-hot encoded (temperatures, humidities and wind speeds as categories too)
_all_categories = make_pipeline(OneHotEncoder(handle_unknown="ignore"), LinearRegression()).fit(_bX_train, _by_train)
_all_categories_mae = mean_absolute_error(_by_test, _all_categories.predict(_bX_test))


def _sgd_losses(X_fit, X_score, y_score) -> np.ndarray:
    sgd = SGDRegressor(eta0=0.001, random_state=0)
    out = []
    for _ in range(N_EPOCHS):
        sgd.partial_fit(X_fit, _by_train)
        out.append(mean_squared_error(y_score, sgd.predict(X_score)))
    return np.asarray(out)


_losses = _sgd_losses(_scaler.transform(_bX_train), _scaler.transform(_bX_train), _by_train)
_losses_unscaled = _sgd_losses(_bX_train.to_numpy(), _bX_train.to_numpy(), _by_train)
_losses_test = _sgd_losses(_scaler.transform(_bX_train), _scaler.transform(_bX_test), _by_test)

_vc_train, _vc_valid = validation_curve(
    DecisionTreeRegressor(random_state=0), _bX_train, _by_train, param_name="max_depth",
    param_range=list(DEPTHS), cv=5, scoring="neg_mean_absolute_error")
_train_mae, _valid_mae = -_vc_train.mean(axis=1), -_vc_valid.mean(axis=1)


def _array(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


_choice_feedback = {
    "a": "`fit_diagnosis`: (a) is not it. A tree that underfits has a high error on *both* the training "
         "and the validation folds, as at depth 1 to 3; past the best depth the training error is low.",
    "c": "`fit_diagnosis`: (c) is not it. The training error is measured on rows the tree has learned, "
         "even memorised: choose the depth by the error on rows it has not seen.",
    "d": "`fit_diagnosis`: (d) is not it. The validation folds come from the same data as the training "
         "folds; doing better on the rows a model learned from does not mean doing better on new rows.",
}

HIDDEN = {
    "q201_baseline_accuracy": [
        require(lambda a: abs(a.baseline_accuracy - _baseline_accuracy) <= ACCURACY_TOL,
                "`baseline_accuracy` is not the test accuracy of the most-frequent baseline: fit "
                "`DummyClassifier(strategy='most_frequent')` on the training rows and score it on "
                "`penguin_X_test` and `penguin_y_test`."),
    ],
    "q202_penguin_tree": [
        require(lambda a: len(a.tree.calls) >= 2 and "ok" in a.tree.calls[1],
                lambda a: "`tree` could not predict penguins you have not seen: "
                + next((c["error"] for c in a.tree.calls if "error" in c), "no result")),
        mistake(lambda a: (_unseen_predictions(a)[_disputed] == _test_tree.predict(_unseen)[_disputed]).all(),
                "`tree` was trained on the test rows: fit it on `penguin_X_train` and `penguin_y_train`, "
                "and keep the test rows for scoring."),
        require(lambda a: np.mean(_unseen_predictions(a) == _unseen_expected) >= 0.85,
                "`tree` predicts the wrong species for many penguins it has not seen: fit a depth-2 "
                "tree on `penguin_X_train` (all four measurements) and `penguin_y_train`."),
    ],
    "q203_read_rules": [
        mistake(lambda a: a.rule_species.strip() == "Adelie",
                "`rule_species`: the tree does not say Adelie for this penguin. Its flipper is 210 mm, "
                "which is not <= 206.5, so the first question sends it down the `>` branch, where the "
                "tree never asks about the bill's length."),
        mistake(lambda a: a.rule_species.strip() == "Gentoo",
                "`rule_species`: the tree does not say Gentoo for this penguin. Check the second "
                "question on its branch: is a bill 18.0 mm deep smaller than or equal to 17.65 mm?"),
        require(lambda a: a.rule_species.strip() == _rules_species,
                "`rule_species` is not what the tree predicts for this penguin: follow the rules from "
                "the top line, one question at a time."),
    ],
    "q204_linear_mae": [
        require(lambda a: close(a.baseline_mae, _dummy_mae),
                "`baseline_mae` is not the test error of the mean baseline: fit `DummyRegressor()` on "
                "the training rows and take `mean_absolute_error` on the test rows."),
        require(lambda a: close(a.linear_mae, _linear_mae),
                "`linear_mae` is not the test error of a `LinearRegression` fitted on all six features "
                "of the training rows."),
    ],
    "q205_std_coefs": [
        require(lambda a: np.allclose(a.std_coefs.reindex(BIKE_FEATURES).astype(float), _std_coefs,
                                      rtol=1e-3, atol=0.05),
                "`std_coefs` does not hold the coefficients of a linear model fitted on the "
                "standardised training rows: fit the `StandardScaler` on `bike_X_train` only, and "
                "index the coefficients by `BIKE_FEATURES`, in that order."),
    ],
    "q206_pulls_down_most": [
        mistake(lambda a: a.pulls_down_most.strip() == _raw_coefs.idxmin(),
                "`pulls_down_most`: that feature has the most negative *raw* coefficient, but you read "
                "the raw coefficient without standardising. Raw coefficients are per unit (per holiday, "
                "per %), so compare the standardised ones."),
        mistake(lambda a: a.pulls_down_most.strip() == _std_coefs.abs().idxmax(),
                "`pulls_down_most`: that feature has the largest coefficient in size, but its sign is "
                "positive, so it pushes the prediction *up*. Look for the most negative one."),
        require(lambda a: a.pulls_down_most.strip() == _std_coefs.idxmin(),
                "`pulls_down_most` is not the feature whose standardised coefficient is the most "
                "negative."),
    ],
    "q207_hour_categories": [
        mistake(lambda a: close(a.hour_mae, _all_categories_mae),
                "`hour_mae` is the error of a model where every feature was one-hot encoded: `temp_c`, "
                "`hum_pct` and `windspeed_kmh` became one category per value seen, so the model cannot say "
                "anything about a temperature it has not met. Encode only `hr` (`[\"hr\"]` in the "
                "ColumnTransformer) and keep the five other features as numbers (`remainder='passthrough'`)."),
        mistake(lambda a: close(a.hour_mae, _only_hour_mae),
                "`hour_mae` is the error of a model that sees only the hour: the other five features "
                "were dropped. A ColumnTransformer drops the columns it does not encode unless you set "
                "`remainder='passthrough'`; keep the other five features."),
        require(lambda a: close(a.hour_mae, _hour_mae),
                "`hour_mae` is not the test error of a linear model with `hr` one-hot encoded and the "
                "five other features kept: fit it on the training rows, score it on the test rows."),
    ],
    "q208_loss_curve": [
        mistake(lambda a: _close(a.losses[-1], _losses_unscaled[-1], 1e-3)
                or a.losses[0] > 1.5 * _losses[0],
                "`losses` falls far too slowly: did you forget to standardise? Stochastic gradient "
                "descent takes steps of the same size for every feature, so fit a `StandardScaler` on "
                "`bike_X_train` and train on the scaled rows."),
        mistake(lambda a: _close(a.losses[-1], _losses_test[-1], 1e-3),
                "`losses` holds the loss on the test rows: the loss curve shows the error the model "
                "learns from, on the training rows."),
        require(lambda a: _close(a.losses[0], _losses[0], 0.05) and _close(a.losses[-1], _losses[-1], 0.01),
                "`losses` does not match the training loss of `SGDRegressor(eta0=0.001, random_state=0)`: "
                "standardise the training rows, call `partial_fit` once per epoch, and record the mean "
                "squared error on the training rows after each epoch."),
    ],
    "q209_validation_curve": [
        require(lambda a: np.allclose(_array(a.valid_mae), _valid_mae, rtol=1e-3)
                and np.allclose(_array(a.train_mae), _train_mae, rtol=1e-3),
                "`train_mae` or `valid_mae` does not match 5-fold cross-validation of "
                "`DecisionTreeRegressor(random_state=0)` on the training rows, for depths 1 to 15: use "
                "`validation_curve` with `cv=5` and `scoring='neg_mean_absolute_error'`."),
    ],
    "q210_diagnose_fit": choice_checks("fit_diagnosis", "b", _choice_feedback),
}
