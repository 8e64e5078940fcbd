"""Module 01 · Preparing data: public exercise definitions.

Public checks test type, shape and the common misconceptions; whether the value is exactly right
is decided by the hidden checks at grading (source/01-data-prep/hidden_checks.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..checks import Array, Choice, Exercise, FigureOf, Frame, Integer, Model, Number, SeriesOf, mistake, require
from ..datasets import load
from ..datasets.registry import ADULT_COLUMNS

NUMERIC = ("age", "education_num", "capital_gain", "capital_loss", "hours_per_week")
DAMAGE_COLUMNS = ("missing values", "unit error", "label noise")
SHARES = (0.0, 0.2, 0.4, 0.6, 0.8)


@lru_cache(maxsize=None)
def _adult_raw() -> pd.DataFrame:
    return load("adult_raw")


@lru_cache(maxsize=None)
def _penguins_raw() -> pd.DataFrame:
    return load("penguins_raw")


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]


# --- q111: the rows the public checks give to the learner's pipeline -----------------------------

@lru_cache(maxsize=None)
def adult_test_rows() -> tuple[pd.DataFrame, np.ndarray]:
    """The test rows of the split the exercises ask for, and whether each earns more than $50K."""
    from sklearn.model_selection import train_test_split

    raw = _adult_raw()
    _, test = train_test_split(raw, test_size=0.25, random_state=0)
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
    for column in _text_columns(rows):
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


def _call_error(call: dict) -> str:
    """The first line of the error a call raised (shortened), to quote in feedback."""
    first = call.get("error", "").strip().split("\n")[0]
    return first.rstrip(".") + "." if len(first) <= 150 else first[:147] + "..."


def _accuracy(pipe_answer, index: int, truth: np.ndarray) -> float:
    predicted = high_income(pipe_answer.calls[index]["ok"])
    return float((predicted == truth[: len(predicted)]).mean())


# --- q112: the damage table and its figure -------------------------------------------------------

def as_share(values) -> np.ndarray:
    """Numbers given in % are brought back to shares between 0 and 1."""
    values = np.asarray(values, dtype=float)
    return values / 100 if np.nanmax(values) > 1.5 else values


def damage_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """One column of `damage`, as shares, in the order of increasing corruption."""
    order = np.argsort(as_share(frame.index.to_numpy()))
    return as_share(frame[column].to_numpy())[order]


def _axes(fig: dict) -> dict:
    return fig["axes"][0]


def _has_units(label: str) -> bool:
    text = label.lower()
    return re.search(r"%|percent|share|fraction|proportion|0 ?(-|to) ?1", text) is not None


EXERCISES = [
    Exercise(
        grade_id="q101_question_marks",
        answers={"question_marks": SeriesOf(index=tuple(ADULT_COLUMNS))},
        outcomes=("O4", "O7"),
        hint="Compare the whole table with \" ?\" (space, question mark), then sum each column.",
        checks=[
            mistake(lambda a: float(a.question_marks.sum()) == 0,
                    "`question_marks` is all zeros. pandas does not know that the sentinel means "
                    "missing, so `isna()` finds nothing; and in this file the sentinel keeps a leading "
                    "space: it is ' ?', not '?'."),
            require(lambda a: len(a.question_marks) == len(ADULT_COLUMNS),
                    "`question_marks` should have exactly one entry per column of `adult_raw` (15)."),
            require(lambda a: bool((a.question_marks >= 0).all())
                    and bool((a.question_marks.astype(float) % 1 == 0).all()),
                    "`question_marks` should hold counts: whole numbers, never negative."),
        ],
    ),
    Exercise(
        grade_id="q102_clean_adult",
        answers={"adult": Frame(columns=tuple(ADULT_COLUMNS))},
        outcomes=("O4", "O7"),
        hint="Loop over `adult.select_dtypes(\"str\").columns` and strip each one, then replace \"?\" "
             "with np.nan.",
        checks=[
            mistake(lambda a: len(a.adult) < len(_adult_raw()),
                    lambda a: f"`adult` has {len(a.adult)} rows, fewer than the {len(_adult_raw())} of "
                    "`adult_raw`: you dropped rows. Here you only *mark* missing values with NaN; "
                    "what to do with them is a later decision."),
            require(lambda a: len(a.adult) == len(_adult_raw()),
                    lambda a: f"`adult` should keep every row of `adult_raw` ({len(_adult_raw())}), "
                    f"but it has {len(a.adult)}."),
            mistake(lambda a: not all(pd.api.types.is_numeric_dtype(a.adult[c]) for c in NUMERIC),
                    "The number columns of `adult` (such as `age`) are not numbers any more: strip "
                    "only the text columns, and keep the numbers as they are."),
            mistake(lambda a: any(a.adult[c].dropna().astype(str).str.match(r"^\s|.*\s$").any()
                                  for c in _text_columns(a.adult)),
                    "Some text in `adult` still starts (or ends) with a space: strip every text column "
                    "with `.str.strip()` (in pandas 3 the text columns have the dtype `str`)."),
            mistake(lambda a: any((a.adult[c].astype(str).str.strip() == "?").any()
                                  for c in _text_columns(a.adult)),
                    "`adult` still holds '?' as text: replace it with `np.nan`, so that pandas "
                    "knows the value is missing."),
            require(lambda a: int(a.adult.isna().sum().sum()) > 0,
                    "`adult` has no missing values (NaN): the sentinel should become NaN."),
        ],
    ),
    Exercise(
        grade_id="q103_duplicates",
        answers={"n_duplicates": Integer()},
        outcomes=("O4", "O7"),
        hint="`adult_raw.duplicated()` marks each row that repeats an earlier one; sum the marks.",
        checks=[
            mistake(lambda a: a.n_duplicates == int(_adult_raw().duplicated(keep=False).sum()),
                    "`n_duplicates` counts every copy, the first one too (`keep=False`). Count only the "
                    "rows that repeat an earlier row: those are the ones you would remove."),
            mistake(lambda a: a.n_duplicates > 1000,
                    "`n_duplicates` is far too large: did you look for repeated values in one column? "
                    "A duplicate row repeats the value of *every* column: call `duplicated()` on the "
                    "whole table."),
            require(lambda a: 0 < a.n_duplicates < len(_adult_raw()),
                    "`n_duplicates` should be a count of rows, more than 0 and fewer than the rows of "
                    "the table."),
        ],
    ),
    Exercise(
        grade_id="q104_duplicate_choice",
        answers={"duplicate_decision": Choice(options="abcd")},
        outcomes=("O3", "O4"),
        hint="Think about where a copy and its twin can end up once you split into training and "
             "test rows.",
    ),
    Exercise(
        grade_id="q105_missing_income",
        answers={"high_income_missing": Number(), "high_income_known": Number()},
        outcomes=("O1", "O3"),
        hint="Build a True/False column for '>50K' and one for a missing occupation; the mean of "
             "True/False values is a share.",
        checks=[
            mistake(lambda a: a.high_income_missing == 0 and a.high_income_known == 0,
                    "`high_income_missing` and `high_income_known` are both 0: no row matched your "
                    "income test. In `adult_raw` the values keep a leading space (' >50K'): compare "
                    "with that, or strip the text first."),
            mistake(lambda a: max(a.high_income_missing, a.high_income_known) > 1,
                    "`high_income_missing` and `high_income_known` should be shares between 0 and 1, "
                    "not percentages: do not multiply by 100."),
            require(lambda a: 0 <= a.high_income_missing <= 1 and 0 <= a.high_income_known <= 1,
                    "`high_income_missing` and `high_income_known` should be shares between 0 and 1."),
        ],
    ),
    Exercise(
        grade_id="q106_fix_types",
        answers={"penguins": Frame(columns=("Date Egg", "Clutch Completion"))},
        outcomes=("O4", "O7"),
        hint="`pd.to_datetime(column)` for the dates; `column == \"Yes\"` for the yes/no answers.",
        checks=[
            require(lambda a: len(a.penguins) == len(_penguins_raw()),
                    lambda a: f"`penguins` should keep every row of `penguins_raw` "
                    f"({len(_penguins_raw())}), but it has {len(a.penguins)}."),
            mistake(lambda a: a.penguins["Clutch Completion"].astype(str).str.lower().eq("true").all(),
                    "Every value of `Clutch Completion` in `penguins` is True, 'No' included: "
                    "`astype(bool)` turns any non-empty text into True. Compare the text with the "
                    "word for yes instead."),
            mistake(lambda a: a.penguins["Clutch Completion"].astype(str).str.lower().eq("false").all(),
                    "Every value of `Clutch Completion` in `penguins` is False: check the spelling "
                    "and the capital letter of the text you compare with."),
            require(lambda a: pd.api.types.is_bool_dtype(a.penguins["Clutch Completion"]),
                    lambda a: "`Clutch Completion` in `penguins` should hold True/False (dtype bool), "
                    f"but its dtype is {a.penguins['Clutch Completion'].dtype}."),
            require(lambda a: pd.api.types.is_datetime64_any_dtype(a.penguins["Date Egg"]),
                    lambda a: f"`Date Egg` in `penguins` has the dtype {a.penguins['Date Egg'].dtype}, "
                    "not dates: convert it with `pd.to_datetime`."),
        ],
    ),
    Exercise(
        grade_id="q107_impute_mass",
        answers={"body_mass_filled": SeriesOf()},
        outcomes=("O4",),
        hint="`penguins_raw.groupby(\"Species\")[\"Body Mass (g)\"].transform(\"median\")` gives each "
             "row its species' median; use it in `fillna`.",
        checks=[
            mistake(lambda a: len(a.body_mass_filled) < len(_penguins_raw()),
                    "`body_mass_filled` has fewer rows than `penguins_raw`: you dropped the penguins "
                    "with no mass. Fill them in instead, and keep all 344 rows."),
            require(lambda a: len(a.body_mass_filled) == len(_penguins_raw()),
                    "`body_mass_filled` should have one value per penguin (344)."),
            require(lambda a: int(a.body_mass_filled.isna().sum()) == 0,
                    "`body_mass_filled` still has missing values: fill every one of them."),
            mistake(lambda a: (a.body_mass_filled == 0).any(),
                    "`body_mass_filled` holds penguins of 0 g: `fillna(0)` invents impossible birds. "
                    "Fill with the median mass of the penguin's species."),
            mistake(lambda a: any(
                        min(abs(a.body_mass_filled.iloc[i] - _penguins_raw()["Body Mass (g)"].mean()),
                            abs(a.body_mass_filled.iloc[i] - _penguins_raw()["Body Mass (g)"].median()))
                        < 0.5
                        for i in np.flatnonzero(_penguins_raw()["Body Mass (g)"].isna())),
                    "`body_mass_filled` fills the missing masses with one value for all penguins (the "
                    "mean or median of the whole column), so a small Adelie gets the mass of an "
                    "average penguin of any species. Use the median of the penguin's own species."),
        ],
    ),
    Exercise(
        grade_id="q109_one_hot",
        answers={"island_onehot": Frame()},
        outcomes=("O4",),
        hint="`pd.get_dummies(penguins_raw[\"Island\"])` gives one True/False column per island.",
        checks=[
            require(lambda a: len(a.island_onehot) == len(_penguins_raw()),
                    "`island_onehot` should have one row per penguin (344)."),
            mistake(lambda a: a.island_onehot.shape[1] == 1,
                    "`island_onehot` has a single column that numbers the islands. A model would read "
                    "those numbers as an order and a distance (Torgersen 'twice' Dream): give each "
                    "island its own 0/1 column instead."),
            mistake(lambda a: a.island_onehot.shape[1] > 10,
                    lambda a: f"`island_onehot` has {a.island_onehot.shape[1]} columns: you encoded "
                    "every column of the table. Encode only the `Island` column."),
            require(lambda a: a.island_onehot.shape[1] == 3,
                    lambda a: "`island_onehot` should have one column per island (3), but it has "
                    f"{a.island_onehot.shape[1]}."),
            require(lambda a: a.island_onehot.astype(float).isin([0.0, 1.0]).all().all()
                    and bool((a.island_onehot.astype(float).sum(axis=1) == 1).all()),
                    "Each row of `island_onehot` should hold a single 1 (or True), in the column of "
                    "its island, and 0 (or False) elsewhere."),
        ],
    ),
    Exercise(
        grade_id="q110_split_then_scale",
        answers={"X_train_scaled": Array(), "X_test_scaled": Array()},
        outcomes=("O3", "O4"),
        hint="Split first; then `scaler = StandardScaler().fit(training rows)`; then `scaler.transform` "
             "both parts.",
        checks=[
            require(lambda a: a.X_train_scaled.ndim == 2 and a.X_test_scaled.ndim == 2
                    and a.X_train_scaled.shape[1] == len(NUMERIC) and a.X_test_scaled.shape[1] == len(NUMERIC),
                    lambda a: "`X_train_scaled` and `X_test_scaled` should be tables (2-D arrays) with "
                    f"one column per NUMERIC column ({len(NUMERIC)}); found shapes "
                    f"{a.X_train_scaled.shape} and {a.X_test_scaled.shape}."),
            mistake(lambda a: a.X_train_scaled.shape[0] < a.X_test_scaled.shape[0],
                    "`X_train_scaled` has fewer rows than `X_test_scaled`: did you swap them? "
                    "`train_test_split` returns the training part first."),
            require(lambda a: a.X_train_scaled.shape[0] + a.X_test_scaled.shape[0] == len(_adult_raw()),
                    "Together `X_train_scaled` and `X_test_scaled` should hold every row of "
                    "`adult_raw`, each row once."),
            mistake(lambda a: np.abs(a.X_train_scaled.astype(float).mean(axis=0)).max() > 0.5,
                    "`X_train_scaled` is not scaled: its column means are far from 0. Fit a "
                    "StandardScaler on the training rows and transform them with it."),
            mistake(lambda a: np.abs(a.X_train_scaled.astype(float).mean(axis=0)).max() > 1e-6,
                    "You scaled before splitting: the test rows leaked into the mean. "
                    "`X_train_scaled` should have mean 0 in every column, computed on the training rows "
                    "only, but its means are slightly off. Split first, then fit the scaler on the "
                    "training rows alone."),
            mistake(lambda a: np.abs(a.X_test_scaled.astype(float).mean(axis=0)).max() < 1e-9,
                    "You fitted the scaler again on the test rows: `X_test_scaled` has mean exactly 0. "
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
        outcomes=("O4", "O7"),
        hint="make_pipeline(ColumnTransformer([(\"numbers\", ..., NUMERIC), (\"categories\", ..., "
             "CATEGORICAL)]), LogisticRegression(max_iter=1000)), then fit it on the training rows.",
        checks=[
            mistake(lambda a: a.pipe.info.get("fitted") is False,
                    "`pipe` is not fitted: call `pipe.fit(X_train, y_train)` after building it."),
            mistake(lambda a: "ColumnTransformer" not in _classes(a.pipe.info),
                    "`pipe` has no ColumnTransformer: numbers and categories need different "
                    "preparation, so put a `ColumnTransformer` as the first step of the pipeline."),
            require(lambda a: "ok" in a.pipe.calls[0],
                    lambda a: "`pipe` raised an error when asked to predict rows of the census table: "
                    + _call_error(a.pipe.calls[0])),
            mistake(lambda a: "OneHotEncoder" not in _classes(a.pipe.info),
                    "`pipe` has no OneHotEncoder: the category columns must be one-hot encoded."),
            mistake(lambda a: "ok" not in a.pipe.calls[1],
                    lambda a: "`pipe` fails on new rows with a missing number. The error was: "
                    + _call_error(a.pipe.calls[1])
                    + " Put a `SimpleImputer(strategy=\"median\")` before the scaler of the number "
                    "columns."),
            mistake(lambda a: "ok" not in a.pipe.calls[2],
                    lambda a: "`pipe` fails on a category it never saw in training. The error was: "
                    + _call_error(a.pipe.calls[2])
                    + " Use `OneHotEncoder(handle_unknown=\"ignore\")`."),
            mistake(lambda a: _accuracy(a.pipe, 0, adult_test_rows()[1])
                    < _accuracy(a.pipe, 3, adult_test_rows()[1]) - 0.02,
                    "`pipe` does better on cleaned rows than on rows in the format of `adult_raw`: it "
                    "was trained on stripped text (your cleaned `adult`?), so the raw categories, with "
                    "their leading space, look new to it. The grader's rows keep the raw format: train "
                    "on `adult_raw` itself."),
            mistake(lambda a: len(set(high_income(a.pipe.calls[0]["ok"]).tolist())) == 1,
                    "`pipe` predicts the same answer for every row: check how you built `y` (it should "
                    "be True for ' >50K', with its leading space, and False otherwise)."),
            require(lambda a: _accuracy(a.pipe, 0, adult_test_rows()[1]) >= 0.80,
                    "`pipe` gets fewer than 80% of the test rows right (always saying 'no' gets 76%): "
                    "check the columns given to each step and the target `y`."),
        ],
    ),
    Exercise(
        grade_id="q112_garbage_in",
        answers={"damage": Frame(columns=DAMAGE_COLUMNS), "fig_damage": FigureOf()},
        outcomes=("O1", "O3"),
        hint="Copy the code given above the cell and replace each `...`; `model.score(X, y)` gives "
             "the accuracy. Then plot each column of `damage` with `ax.plot`.",
        checks=[
            require(lambda a: len(a.damage) == len(SHARES)
                    and np.allclose(np.sort(as_share(a.damage.index.to_numpy())), SHARES),
                    "`damage` should have one row per share: 0, 0.2, 0.4, 0.6 and 0.8, as its index "
                    "(`set_index(\"share\")`)."),
            require(lambda a: all(0 <= v <= 1 for c in DAMAGE_COLUMNS for v in damage_column(a.damage, c)),
                    "`damage` should hold accuracies: shares of rows predicted right, between 0 and 1."),
            require(lambda a: min(damage_column(a.damage, c)[0] for c in DAMAGE_COLUMNS) >= 0.9
                    and np.ptp([damage_column(a.damage, c)[0] for c in DAMAGE_COLUMNS]) <= 0.02,
                    "At share 0 nothing is corrupted, so the three columns of `damage` should hold the "
                    "same accuracy, that of a clean model (above 0.9): score every model on the same "
                    "test rows, `birds_test` and `species_test`."),
            mistake(lambda a: damage_column(a.damage, "label noise")[2] < 0.85,
                    "`damage['label noise']` falls very fast: did you put the noise on the test labels, "
                    "or score on the noisy training labels? Label noise is a fault of the *training* "
                    "data: fit a new model on `species_noisy`, then judge it against the true test "
                    "labels `species_test`."),
            mistake(lambda a: damage_column(a.damage, "missing values")[-1]
                    >= damage_column(a.damage, "missing values")[0] - 0.05,
                    "`damage['missing values']` hardly falls as more values go missing: score "
                    "`clean_model` on the corrupted copy `X_missing`, not on the clean test rows."),
            mistake(lambda a: damage_column(a.damage, "unit error")[-1]
                    >= damage_column(a.damage, "unit error")[0] - 0.05,
                    "`damage['unit error']` hardly falls as more birds are weighed in kilograms: divide "
                    "their masses by 1000 in `X_units`, and score `clean_model` on `X_units`."),
            require(lambda a: len(a.fig_damage["axes"]) >= 1 and _axes(a.fig_damage)["lines"] >= 3,
                    "`fig_damage` should be a line plot with three lines, one per column of `damage`."),
            require(lambda a: _axes(a.fig_damage)["title"].strip() != "",
                    "`fig_damage` has no title: state what you find in it.", credit=0.25),
            require(lambda a: _has_units(_axes(a.fig_damage)["xlabel"])
                    and _has_units(_axes(a.fig_damage)["ylabel"])
                    and re.search(r"accura|correct|score", _axes(a.fig_damage)["ylabel"].lower()),
                    "Label both axes of `fig_damage` with their units: the share corrupted (%) on x, "
                    "the test accuracy (%) on y.", credit=0.25),
            require(lambda a: len(_axes(a.fig_damage)["legend"]) >= 3,
                    "`fig_damage` has no legend for its three lines: a reader cannot tell which kind of "
                    "garbage each one shows (`ax.legend()`).", credit=0.25),
        ],
    ),
]
