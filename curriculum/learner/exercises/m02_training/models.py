"""Module 02, Parts 1 to 6: a baseline, a tree and its rules, a linear model and its coefficients.

Split from training.py, which assembles the module's EXERCISES. The data helpers split the data
exactly as the notebook's setup cell does, so that public checks can recognise a named mistake
(for example a score computed on the training rows).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.checks import Exercise, Model, Number, SeriesOf, Text, mistake, require, shape
from curriculum.learner.data import load

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
PENGUIN_FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
BIKE_FEATURES = ["hr", "temp_c", "hum_pct", "windspeed_kmh", "workingday", "holiday"]


@lru_cache(maxsize=None)
def penguin_split() -> tuple:
    """(X_train, X_test, y_train, y_test) for the penguins, as in the setup cell."""
    from sklearn.model_selection import train_test_split

    penguins = load("penguins").dropna(subset=PENGUIN_FEATURES)
    return tuple(train_test_split(penguins[PENGUIN_FEATURES], penguins["species"], test_size=0.25,
                                  stratify=penguins["species"], random_state=0))


def bike_table() -> pd.DataFrame:
    """The bikeshare table with temperature, humidity and wind speed back in real units."""
    bikes = load("bikeshare")
    bikes["temp_c"] = bikes["temp"] * 47 - 8
    bikes["hum_pct"] = bikes["hum"] * 100
    bikes["windspeed_kmh"] = bikes["windspeed"] * 67
    return bikes


@lru_cache(maxsize=None)
def bike_split() -> tuple:
    """(X_train, X_test, y_train, y_test) for the bikeshare hours, as in the setup cell."""
    from sklearn.model_selection import train_test_split

    bikes = bike_table()
    return tuple(train_test_split(bikes[BIKE_FEATURES], bikes["bikers"], test_size=0.25, random_state=0))


def _close(a: float, b: float, rel: float = 1e-3) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def _mae(y, pred) -> float:
    return float(np.mean(np.abs(np.asarray(y, dtype=float) - np.asarray(pred, dtype=float))))


@lru_cache(maxsize=None)
def _bike_reference() -> dict:
    """Scores a public check needs to recognise a named mistake (never the exact answers)."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    X_train, X_test, y_train, y_test = bike_split()
    linear = LinearRegression().fit(X_train, y_train)
    hours = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["hr"]),
                                                  remainder="passthrough"),
                          LinearRegression()).fit(X_train, y_train)
    return {
        "baseline_train": _mae(y_train, np.full(len(y_train), y_train.mean())),
        "baseline_test_mean": _mae(y_test, np.full(len(y_test), y_test.mean())),
        "linear_train": _mae(y_train, linear.predict(X_train)),
        "linear_test": _mae(y_test, linear.predict(X_test)),
        "raw_coefs": pd.Series(linear.coef_, index=BIKE_FEATURES),
        "hours_train": _mae(y_train, hours.predict(X_train)),
    }


@lru_cache(maxsize=None)
def _penguin_baseline_train() -> float:
    _, _, y_train, _ = penguin_split()
    return float((y_train == y_train.value_counts().idxmax()).mean())


# --- the fitted tree (a Model answer) ------------------------------------------------------------

def _tree_probes() -> list[tuple]:
    """Public probe: the test penguins. Hidden probes keep this one first and add unseen penguins."""
    return [(penguin_split()[1].copy(),)]


def final_step(info: dict) -> dict:
    """The last estimator of a model's structure (the model itself when it is not a pipeline)."""
    for _ in range(10):
        steps = info.get("params", {}).get("steps") if isinstance(info, dict) else None
        if not steps:
            break
        last = steps[-1]
        info = last[1] if isinstance(last, list) and len(last) == 2 else last
    return info if isinstance(info, dict) else {}


def _all_penguin_rows() -> int:
    """How many penguins the training and test rows hold together (a tree fitted on all of them)."""
    x_train, x_test = penguin_split()[:2]
    return len(x_train) + len(x_test)


def _tree_predictions(a) -> np.ndarray:
    return np.asarray(a.tree.calls[0]["ok"]).astype(str)


def _first_error(calls: list[dict]) -> str:
    return next((c["error"] for c in calls if "error" in c), "no result")


EXERCISES = [
    Exercise(
        grade_id="q201_baseline_accuracy",
        answers={"baseline_accuracy": Number()},
        hint="Which rows should the baseline learn from, and which rows should it be scored on?",
        hints=(
            "Create `DummyClassifier(strategy=\"most_frequent\")` and `fit` it on `penguin_X_train` and "
            "`penguin_y_train`: it only counts the species.",
            "Then call `.score(...)` on the fitted baseline with `penguin_X_test` and `penguin_y_test`: it returns "
            "the accuracy as a fraction between 0 and 1, so store it as it is.",
        ),
        checks=[
            mistake(lambda a: a.baseline_accuracy == 0,
                    "`baseline_accuracy` is 0, but the accuracy of the baseline is not 0: it always guesses "
                    "the most common species, so it is right for every penguin of that species."),
            mistake(lambda a: float(a.baseline_accuracy).is_integer() and 1 < a.baseline_accuracy
                    <= len(penguin_split()[3]) and a.baseline_accuracy != 100,
                    "`baseline_accuracy` looks like a count of right guesses: divide it by the number "
                    "of test rows to get the accuracy, a fraction between 0 and 1."),
            mistake(lambda a: 1 < a.baseline_accuracy <= 100,
                    "`baseline_accuracy` looks like a percentage: give the accuracy as a fraction "
                    "between 0 and 1, as `score()` and `accuracy_score()` return it."),
            require(lambda a: 0 < a.baseline_accuracy < 1,
                    "`baseline_accuracy` should be an accuracy: a fraction between 0 and 1."),
            mistake(lambda a: abs(a.baseline_accuracy - _penguin_baseline_train()) < 1e-6,
                    "`baseline_accuracy` is the accuracy on the training rows: you scored the model on the "
                    "data it was trained on. Score it on `penguin_X_test` and `penguin_y_test`."),
            mistake(lambda a: a.baseline_accuracy < 0.4,
                    "`baseline_accuracy` is lower than guessing the most common species would give: did "
                    "you guess at random (`strategy='uniform'` or `'stratified'`)? Use "
                    "`strategy='most_frequent'`."),
        ],
    ),
    Exercise(
        grade_id="q202_penguin_tree",
        answers={"tree": Model(probes=_tree_probes)},
        hint="Which rows should the tree learn from, and how deep may it grow? Look at `max_depth`, and "
             "check that you called `fit`.",
        hints=(
            "Create the tree with `max_depth=2` and `random_state=0`, then train it with `fit`: creating a tree does "
            "not train it.",
            "Call `fit` on the tree with `penguin_X_train` and `penguin_y_train` (the training rows only, never the "
            "test rows), and keep the fitted tree in `tree`: `fit` returns the same tree, now trained.",
        ),
        checks=[
            mistake(lambda a: a.tree.info.get("fitted") is False,
                    "`tree` is not fitted yet: you created the tree but did not train it. Call "
                    "`tree.fit(penguin_X_train, penguin_y_train)`."),
            require(lambda a: all("ok" in c for c in a.tree.calls),
                    lambda a: "`tree` could not predict the test penguins: " + _first_error(a.tree.calls)),
            require(lambda a: final_step(a.tree.info).get("class") == "DecisionTreeClassifier",
                    lambda a: "`tree` should be a decision tree (`DecisionTreeClassifier`), but it is a "
                    f"`{final_step(a.tree.info).get('class', 'something else')}`."),
            mistake(lambda a: final_step(a.tree.info).get("n_samples_fit") == _all_penguin_rows(),
                    "`tree` learned from all the penguins, the test rows too: its score on the test rows "
                    "then says nothing about penguins it has not seen (the test rows leaked into training). "
                    "Fit it on `penguin_X_train` and `penguin_y_train` only."),
            mistake(lambda a: final_step(a.tree.info)["params"].get("max_depth") is None,
                    "`tree` has no depth limit (`max_depth=None`): it keeps asking questions until it has "
                    "memorised the training rows. Set `max_depth=2`."),
            require(lambda a: final_step(a.tree.info)["params"].get("max_depth") == 2,
                    lambda a: "`tree` should ask at most two questions (`max_depth=2`), but its `max_depth` "
                    f"is {final_step(a.tree.info)['params'].get('max_depth')!r}."),
            require(lambda a: set(_tree_predictions(a)) <= set(SPECIES),
                    "`tree` should predict species names (Adelie, Chinstrap, Gentoo): fit it on "
                    "`penguin_y_train`, the species."),
            require(lambda a: np.mean(_tree_predictions(a) == penguin_split()[3].to_numpy().astype(str)) >= 0.9,
                    "`tree` gets fewer than 90% of the test penguins right: fit it on `penguin_X_train` "
                    "(all four measurements) and `penguin_y_train`."),
        ],
    ),
    Exercise(
        grade_id="q203_read_rules",
        answers={"rule_species": Text()},
        hint="Start at the top line. At each question go to the `<=` branch if the value is smaller or "
             "equal, otherwise to the `>` branch, until you reach a `class:` line.",
        hints=(
            "Write down the penguin's four values first. The top question is about one feature: compare the penguin's "
            "value with its threshold and pick the matching line, `<=` or `>`.",
            "Next, look only at the lines indented under the line you picked: answer the question there the same way, "
            "and go on until you reach a `class:` line. Store that class name in `rule_species`, as a string spelled "
            "as printed. (No rules printed? Make `tree` pass Exercise 2 first.)",
        ),
        checks=[
            require(lambda a: a.rule_species.strip() in SPECIES,
                    "`rule_species` should be one species name, spelled as in the data: Adelie, "
                    "Chinstrap or Gentoo."),
        ],
    ),
    Exercise(
        grade_id="q204_linear_mae",
        answers={"baseline_mae": Number(), "linear_mae": Number()},
        hint="Was each model fitted on the training rows and scored on the test rows? Which function "
             "measures the mean *absolute* error?",
        hints=(
            "Fit `DummyRegressor()` and `LinearRegression()` on `bike_X_train` and `bike_y_train`, then let each one "
            "`predict` the test rows `bike_X_test`.",
            "For each model, call `mean_absolute_error` with the true test values `bike_y_test` first and that "
            "model's predictions second. Not `.score()`: for a regressor it gives R², not an error in bikers.",
        ),
        checks=[
            mistake(lambda a: max(a.baseline_mae, a.linear_mae) > 1000,
                    "`baseline_mae` or `linear_mae` is in the thousands: that looks like a mean *squared* "
                    "error, in bikers². Use the mean *absolute* error (`mean_absolute_error`), in bikers."),
            mistake(lambda a: min(a.baseline_mae, a.linear_mae) <= 0 and max(a.baseline_mae, a.linear_mae) < 1,
                    "`baseline_mae` or `linear_mae` is not a positive number of bikers: that looks like "
                    "an R² score (what `model.score()` gives a regressor). Use `mean_absolute_error` "
                    "on the test rows."),
            require(lambda a: a.baseline_mae > 0 and a.linear_mae > 0,
                    "`baseline_mae` and `linear_mae` should both be positive errors, in bikers per hour."),
            mistake(lambda a: _close(a.baseline_mae, _bike_reference()["baseline_train"])
                    or _close(a.linear_mae, _bike_reference()["linear_train"]),
                    "`baseline_mae` or `linear_mae` is the error on the training rows: you scored the model "
                    "on the data it was trained on. Score both on `bike_X_test` and `bike_y_test`."),
            mistake(lambda a: _close(a.baseline_mae, _bike_reference()["baseline_test_mean"]),
                    "`baseline_mae` uses the mean of the *test* rows: the baseline must learn its guess "
                    "from the training rows only (fit the DummyRegressor on `bike_y_train`)."),
            mistake(lambda a: a.linear_mae > a.baseline_mae,
                    "`linear_mae` is larger than `baseline_mae`: did you swap them? The linear model "
                    "should beat the baseline that always guesses the mean."),
        ],
    ),
    Exercise(
        grade_id="q205_std_coefs",
        answers={"std_coefs": SeriesOf(index=tuple(BIKE_FEATURES))},
        hint="Did the model learn from the *standardised* training rows? Its coefficients are in "
             "`coef_`, in the order of `BIKE_FEATURES`: which names should label them?",
        hints=(
            "Fit a `StandardScaler` on `bike_X_train`, then fit a `LinearRegression` on the transformed training rows "
            "(`scaler.transform(...)`) and `bike_y_train`.",
            "The fitted model's `.coef_` holds one coefficient per feature, in the order of `BIKE_FEATURES`. Wrap it "
            "in `pd.Series(...)` with `index=BIKE_FEATURES`; keep the signs and do not round to whole bikers.",
        ),
        checks=[
            shape(lambda a: len(a.std_coefs) == len(BIKE_FEATURES),
                  lambda a: f"`std_coefs` should have exactly one coefficient per feature (6), indexed by "
                  f"the names in `BIKE_FEATURES`, but it has {len(a.std_coefs)} (no intercept)."),
            mistake(lambda a: np.allclose(a.std_coefs.reindex(BIKE_FEATURES).astype(float),
                                          _bike_reference()["raw_coefs"], rtol=1e-3, atol=1e-3),
                    "`std_coefs` holds the raw coefficients: you read the raw coefficients without "
                    "standardising. Each is in its own unit (per °C, per %, per hour), so they cannot "
                    "be compared: standardise the features first."),
            mistake(lambda a: (a.std_coefs.astype(float) >= 0).all(),
                    "`std_coefs` has no negative value: did you take absolute values? Keep the sign: it "
                    "says whether a feature pushes the prediction up or pulls it down."),
        ],
    ),
    Exercise(
        grade_id="q206_pulls_down_most",
        answers={"pulls_down_most": Text()},
        hint="Look at the standardised coefficients: which one is the most negative?",
        hints=(
            "A negative coefficient pulls the prediction down, and the further below 0 it is, the stronger the pull. "
            "Use your standardised `std_coefs` from Exercise 5, not the raw coefficients.",
            "Sort `std_coefs` with `.sort_values()` and read the first entry, the most negative one. Store that "
            "feature's name in `pulls_down_most`, as a string spelled as in `BIKE_FEATURES`.",
        ),
        checks=[
            require(lambda a: a.pulls_down_most.strip() in BIKE_FEATURES,
                    "`pulls_down_most` should be one feature name, spelled as in `BIKE_FEATURES` "
                    "(for example 'windspeed_kmh')."),
        ],
    ),
    Exercise(
        grade_id="q207_hour_categories",
        answers={"hour_mae": Number()},
        hint="Is only `hr` one-hot encoded, with the five other features kept? Which rows did the model "
             "learn from, and which rows is it scored on?",
        hints=(
            "Copy the example above the exercise: `make_column_transformer` one-hot encodes `[\"hr\"]`, and "
            "`remainder=\"passthrough\"` keeps the five other features. Chain it with `LinearRegression()` in "
            "`make_pipeline`.",
            "Fit that pipeline on `bike_X_train` and `bike_y_train`, let it `predict` `bike_X_test`, then call "
            "`mean_absolute_error` with `bike_y_test` and those predictions.",
        ),
        checks=[
            mistake(lambda a: a.hour_mae > 1000,
                    "`hour_mae` is in the thousands: that looks like a mean *squared* error. Use the mean "
                    "*absolute* error, in bikers."),
            require(lambda a: a.hour_mae > 0, "`hour_mae` should be a positive error, in bikers per hour."),
            mistake(lambda a: _close(a.hour_mae, _bike_reference()["linear_test"]),
                    "`hour_mae` is the error of the linear model with `hr` still a plain number: encode "
                    "`hr` as 24 categories (one-hot) so the model can give each hour its own effect."),
            mistake(lambda a: _close(a.hour_mae, _bike_reference()["hours_train"]),
                    "`hour_mae` is the error on the training rows: you scored the model on the data it "
                    "was trained on. Score it on `bike_X_test` and `bike_y_test`."),
            require(lambda a: a.hour_mae < _bike_reference()["linear_test"],
                    "`hour_mae` is not lower than the error of the linear model with `hr` as a number: "
                    "encode `hr` as categories and keep the other five features."),
        ],
    ),
]
