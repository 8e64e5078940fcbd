"""Module 01, Parts 7 and 8 (modelling): split before fitting, and a ColumnTransformer pipeline.

Split from data_prep.py, which assembles the module's EXERCISES. Parts 7 and 8 work on the census
table without its duplicate rows (`adult_raw.drop_duplicates()`), as Exercise 4 decides.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.checks import Array, Exercise, Model, mistake, require
from curriculum.learner.exercises.m01_data_prep.cleaning import NUMERIC, adult_raw, adult_unique, text_columns

#: q110: how close a scaled value must be, as the notebook states: within 0.001, or 0.1% for values
#: above 1 (rounding to 3 decimals, or float16, is fine).
SCALED_TOL = 1e-3
#: q110: the training rows' column means must be 0 within this (scaling before the split leaves
#: them off by about 0.004; an honest answer rounded to 3 decimals is off by less than 0.0005).
LEAK_TOL = 1e-3


# --- q111: the rows the public checks give to the learner's pipeline -----------------------------

@lru_cache(maxsize=None)
def adult_test_rows() -> tuple[pd.DataFrame, np.ndarray]:
    """The test rows of the split the exercises ask for (of the de-duplicated table), and whether
    each earns more than $50K."""
    from sklearn.model_selection import train_test_split

    _, test = train_test_split(adult_unique(), test_size=0.25, random_state=0)
    return test.drop(columns="income"), (test["income"].str.strip() == ">50K").to_numpy()


def missing_number_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows whose age and hours per week are missing (as new data can be)."""
    rows = rows.copy()
    rows["age"] = np.nan
    rows["hours_per_week"] = np.nan
    return rows


def new_category_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with categories the training rows never had."""
    rows = rows.copy()
    rows["workclass"] = " Space-agency"
    rows["native_country"] = " Atlantis"
    return rows


def cleaned_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The same rows in the cleaned format of Exercise 2: text stripped, the sentinel as NaN."""
    rows = rows.copy()
    for column in text_columns(rows):
        rows[column] = rows[column].str.strip()
    return rows.replace("?", np.nan)


def _pipe_probes() -> list[tuple]:
    rows, _ = adult_test_rows()
    head = rows.iloc[:400]
    return [(head,), (missing_number_rows(rows.iloc[:5]),), (new_category_rows(rows.iloc[:5]),),
            (cleaned_rows(head),)]


def high_income(predictions) -> np.ndarray:
    """Predictions as True (earns more than $50K) / False, whatever labels the learner used."""
    values = np.asarray(predictions)
    if values.dtype.kind == "U":
        text = np.char.lower(np.char.strip(values))
        return (text == ">50k") | (text == "true") | (text == "1")
    if values.dtype.kind == "b":
        return values
    return values.astype(float) > 0.5


def _final_classes(info) -> int | None:
    """How many target values the pipeline's last step learned from (None if it does not say)."""
    steps = info.get("params", {}).get("steps") if isinstance(info, dict) else None
    last = steps[-1] if steps else info
    last = last[1] if isinstance(last, list) and len(last) == 2 else last
    return last.get("n_classes") if isinstance(last, dict) else None


def _classes(info) -> set[str]:
    """Every class name in a model's structure (nested pipelines and column transformers)."""
    found: set[str] = set()
    if isinstance(info, dict):
        if isinstance(info.get("class"), str):
            found.add(info["class"])
        for value in info.values():
            found |= _classes(value)
    elif isinstance(info, list):
        for value in info:
            found |= _classes(value)
    return found


def _find(info, cls: str) -> list[dict]:
    """Every sub-structure of class `cls`."""
    found = []
    if isinstance(info, dict):
        if info.get("class") == cls:
            found.append(info)
        for value in info.values():
            found += _find(value, cls)
    elif isinstance(info, list):
        for value in info:
            found += _find(value, cls)
    return found


def fitted_scaler_rows(info) -> list[int]:
    """How many rows each fitted StandardScaler in a model's structure learned from.

    A ColumnTransformer fits copies of its parts, listed under `fitted_transformers`; the parts
    under `params` stay unfitted templates without `n_samples_seen`, so only fitted copies count.
    """
    return [s["n_samples_seen"] for s in _find(info, "StandardScaler")
            if isinstance(s.get("n_samples_seen"), int)]


def _has_imputer(info) -> bool:
    return any(name.endswith("Imputer") for name in _classes(info))


def _call_error(call: dict) -> str:
    """The first line of the error a call raised (shortened), to quote in feedback."""
    first = call.get("error", "").strip().split("\n")[0]
    return first.rstrip(".") + "." if len(first) <= 150 else first[:147] + "..."


def _accuracy(pipe_answer, index: int, truth: np.ndarray) -> float:
    predicted = high_income(pipe_answer.calls[index]["ok"])
    return float((predicted == truth[: len(predicted)]).mean())


EXERCISES = [
    Exercise(
        grade_id="q110_split_then_scale",
        answers={"X_train_scaled": Array(), "X_test_scaled": Array()},
        hint="Which rows may the scaler learn its means and standard deviations from? Learn them "
             "once, then use that same scaler on both parts.",
        hints=(
            "Three steps, in this order: split the `NUMERIC` columns of `adult_raw.drop_duplicates()`; fit a "
            "`StandardScaler` on the training part only; transform both parts with that one scaler.",
            "Call `train_test_split` on `adult_raw.drop_duplicates()[NUMERIC]` with `test_size=0.25, random_state=0` "
            "(it returns the training part first). Call `.fit(...)` on a new `StandardScaler()` with the training "
            "part, then `.transform(...)` each part (it returns NumPy arrays). Never `fit` on the test part.",
        ),
        checks=[
            require(lambda a: a.X_train_scaled.ndim == 2 and a.X_test_scaled.ndim == 2
                    and a.X_train_scaled.shape[1] == len(NUMERIC) and a.X_test_scaled.shape[1] == len(NUMERIC),
                    lambda a: "`X_train_scaled` and `X_test_scaled` should be tables (2-D arrays) with "
                    f"one column per NUMERIC column ({len(NUMERIC)}); found shapes "
                    f"{a.X_train_scaled.shape} and {a.X_test_scaled.shape}."),
            mistake(lambda a: a.X_train_scaled.shape[0] < a.X_test_scaled.shape[0],
                    "`X_train_scaled` has fewer rows than `X_test_scaled`: did you swap them? "
                    "`train_test_split` returns the training part first."),
            mistake(lambda a: a.X_train_scaled.shape[0] + a.X_test_scaled.shape[0] == len(adult_raw()),
                    "`X_train_scaled` and `X_test_scaled` hold every row of `adult_raw`: you split the "
                    "table with its duplicate rows still in, so a copy can land in the training rows and "
                    "its twin in the test rows (Exercise 4). Split `adult_raw.drop_duplicates()`."),
            require(lambda a: a.X_train_scaled.shape[0] + a.X_test_scaled.shape[0] == len(adult_unique()),
                    "Together `X_train_scaled` and `X_test_scaled` should hold every row of "
                    "`adult_raw.drop_duplicates()`, each row once."),
            mistake(lambda a: a.X_train_scaled.astype(float).min() >= -1e-6
                    and a.X_train_scaled.astype(float).max() <= 1 + 1e-6,
                    "`X_train_scaled` is scaled to 0–1 (MinMaxScaler): every value lies between 0 and "
                    "1. The exercise asks for standardising (StandardScaler): mean 0 and standard "
                    "deviation 1 in every column."),
            mistake(lambda a: np.abs(a.X_train_scaled.astype(float).mean(axis=0)).max() > 0.5,
                    "`X_train_scaled` is not scaled: its column means are far from 0. Fit a "
                    "StandardScaler on the training rows and transform them with it."),
            mistake(lambda a: np.abs(a.X_train_scaled.astype(float).mean(axis=0)).max() > LEAK_TOL,
                    "You scaled before splitting: the test rows leaked into the mean. "
                    "`X_train_scaled` should have mean 0 in every column, computed on the training rows "
                    "only, but its means are slightly off. Split first, then fit the scaler on the "
                    "training rows alone."),
            mistake(lambda a: np.abs(a.X_test_scaled.astype(float).mean(axis=0)).max() < LEAK_TOL / 10,
                    "You fitted the scaler again on the test rows: `X_test_scaled` has mean 0. "
                    "Test rows must be scaled with the mean and standard deviation learned from the "
                    "training rows: use `transform` on them, never `fit` or `fit_transform`."),
            require(lambda a: np.abs(a.X_train_scaled.astype(float).std(axis=0) - 1).max() < 1e-3,
                    "`X_train_scaled` should have standard deviation 1 in every column (that is what "
                    "a StandardScaler fitted on the training rows gives)."),
        ],
    ),
    Exercise(
        grade_id="q111_pipeline",
        answers={"pipe": Model(probes=_pipe_probes)},
        hint="Which columns need filling and scaling, and which need one-hot encoding? Which step "
             "sends each group of columns to its own preparation? And which rows may `fit` see?",
        hints=(
            "`X` is `adult_raw.drop_duplicates()` with `drop(columns=\"income\")`, and `y` is True where `income` "
            "equals `' >50K'` (with its leading space). Split them with `train_test_split(X, y, test_size=0.25, "
            "random_state=0)`.",
            "Chain `SimpleImputer(strategy=\"median\")` and `StandardScaler()` with `make_pipeline` for the numbers. "
            "Give `ColumnTransformer` a list of `(name, steps, columns)` triples: those steps with `NUMERIC`, "
            "`OneHotEncoder(handle_unknown=\"ignore\")` with `CATEGORICAL`. Chain it with "
            "`LogisticRegression(max_iter=1000)` in `make_pipeline`, then `fit` on the training rows.",
        ),
        checks=[
            mistake(lambda a: a.pipe.info.get("fitted") is False,
                    "`pipe` is not fitted: call `pipe.fit(X_train, y_train)` after building it."),
            mistake(lambda a: "ColumnTransformer" not in _classes(a.pipe.info),
                    "`pipe` has no ColumnTransformer: numbers and categories need different "
                    "preparation, so put a `ColumnTransformer` as the first step of the pipeline."),
            mistake(lambda a: _final_classes(a.pipe.info) == 1,
                    "`pipe`'s model met only one value in `y_train`, so it had nothing to learn (and could "
                    "not predict): the target has one class. Is `y` True for the high earners and False "
                    "for the others? Look at `y.value_counts()`: the values of `income` are `' >50K'` "
                    "and `' <=50K'`, with a leading space."),
            require(lambda a: "ok" in a.pipe.calls[0],
                    lambda a: "`pipe` raised an error when asked to predict rows of the census table: "
                    + _call_error(a.pipe.calls[0])),
            mistake(lambda a: "OneHotEncoder" not in _classes(a.pipe.info),
                    "`pipe` has no OneHotEncoder: the category columns must be one-hot encoded."),
            mistake(lambda a: "StandardScaler" not in _classes(a.pipe.info),
                    "`pipe` has no StandardScaler: the number columns (years, dollars, hours) must be "
                    "standardised before the model, after the SimpleImputer."),
            mistake(lambda a: "ok" not in a.pipe.calls[1],
                    lambda a: "`pipe` fails on new rows with a missing number. The error was: "
                    + _call_error(a.pipe.calls[1])
                    + " Put a `SimpleImputer(strategy=\"median\")` before the scaler of the number "
                    "columns."),
            mistake(lambda a: not _has_imputer(a.pipe.info),
                    "`pipe` has no SimpleImputer: new rows with a missing number need one, before the "
                    "scaler of the number columns."),
            mistake(lambda a: "ok" not in a.pipe.calls[2],
                    lambda a: "`pipe` fails on a category it never saw in training. The error was: "
                    + _call_error(a.pipe.calls[2])
                    + " Use `OneHotEncoder(handle_unknown=\"ignore\")`."),
            mistake(lambda a: _accuracy(a.pipe, 3, adult_test_rows()[1]) >= 0.80
                    and _accuracy(a.pipe, 0, adult_test_rows()[1])
                    < _accuracy(a.pipe, 3, adult_test_rows()[1]) - 0.02,
                    "`pipe` does better on cleaned rows than on rows in the format of `adult_raw`: it "
                    "was trained on stripped text (your cleaned `adult`?), so the raw categories, with "
                    "their leading space, look new to it. The grader's rows keep the raw format: train "
                    "on `adult_raw.drop_duplicates()`, spaces and all."),
            mistake(lambda a: len(set(high_income(a.pipe.calls[0]["ok"]).tolist())) == 1,
                    "`pipe` predicts the same answer for every row: check how you built `y` (it should "
                    "be True for ' >50K', with its leading space, and False otherwise)."),
            mistake(lambda a: _accuracy(a.pipe, 0, adult_test_rows()[1]) < 0.5,
                    "`pipe`'s predictions are inverted: it gets most rows wrong, so it says yes where "
                    "the answer is no. `y` should be True for >50K (' >50K' in `adult_raw`), not for "
                    "<=50K."),
            require(lambda a: _accuracy(a.pipe, 0, adult_test_rows()[1]) >= 0.80,
                    "`pipe` gets fewer than 80% of the test rows right (always saying 'no' gets about "
                    "75%, and grading asks for 83% of new rows): check the columns given to each step "
                    "and the target `y`."),
        ],
    ),
]
