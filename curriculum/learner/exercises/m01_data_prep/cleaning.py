"""Module 01, Parts 1 to 6 (cleaning): sentinels, stray spaces, duplicates, types, imputing, encoding.

Split from data_prep.py, which assembles the module's EXERCISES, so each file stays readable. The
cached tables here are shared with data_prep_modelling.py and the hidden checks.
"""
from __future__ import annotations

import datetime
import math
from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.checks import Choice, Exercise, Frame, Integer, Number, SeriesOf, mistake, require, shape
from curriculum.learner.data import load
from curriculum.learner.data.registry import ADULT_COLUMNS

NUMERIC = ("age", "education_num", "capital_gain", "capital_loss", "hours_per_week")

#: q105: how close a share must be (the notebook says "keep at least 3 decimals": rounding to 3
#: decimals is off by 0.0005 at most, and the nearest wrong share, over all rows, is 0.008 away).
SHARE_TOL = 6e-4


@lru_cache(maxsize=None)
def adult_raw() -> pd.DataFrame:
    return load("adult_raw")


@lru_cache(maxsize=None)
def adult_unique() -> pd.DataFrame:
    """The census table with one copy of each row: what Parts 7 and 8 split (Exercise 4's choice)."""
    return adult_raw().drop_duplicates()


@lru_cache(maxsize=None)
def penguins_raw() -> pd.DataFrame:
    return load("penguins_raw")


def text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]


EXERCISES = [
    Exercise(
        grade_id="q101_question_marks",
        answers={"question_marks": SeriesOf(index=tuple(ADULT_COLUMNS))},
        hint="What does comparing a whole table with one value give you, and what does summing "
             "True values count? Mind the exact text of the sentinel, space included.",
        hints=(
            "The sentinel is stored as `' ?'`, a space then a question mark, so `isna()` does not see it. Compare the "
            "whole table with that exact text: you get a table of True/False.",
            "Take the True/False table from comparing `adult_raw` with `\" ?\"` (the tip above the exercise) and call "
            "`.sum()` on it: it adds up the True values of each column, giving one count per column.",
        ),
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
        keeps={"adult_raw": "adult_raw"},  # later exercises read it as loaded (`adult = adult_raw` is a mistake)
        hint="Which columns hold text? Once their spaces are gone, what is left of the sentinel, "
             "and what should it become?",
        hints=(
            "Start from `adult_raw.copy()`. Loop over the text columns, `select_dtypes(\"str\").columns`, and strip "
            "each one; after that the sentinel is just `\"?\"`, which should become a missing value.",
            "In the loop, set each text column to the same column with `.str.strip()` applied. After the loop, call "
            "`.replace(\"?\", np.nan)` on the whole table and keep the result in `adult`; the number columns need no "
            "change.",
        ),
        checks=[
            mistake(lambda a: len(a.adult) < len(adult_raw()),
                    lambda a: f"`adult` has {len(a.adult)} rows, fewer than the {len(adult_raw())} of "
                    "`adult_raw`: you dropped rows. Here you only *mark* missing values with NaN; "
                    "what to do with them is a later decision."),
            require(lambda a: len(a.adult) == len(adult_raw()),
                    lambda a: f"`adult` should keep every row of `adult_raw` ({len(adult_raw())}), "
                    f"but it has {len(a.adult)}."),
            mistake(lambda a: not all(pd.api.types.is_numeric_dtype(a.adult[c]) for c in NUMERIC),
                    "The number columns of `adult` (such as `age`) are not numbers any more: strip "
                    "only the text columns, and keep the numbers as they are."),
            mistake(lambda a: any(a.adult[c].dropna().astype(str).str.match(r"^\s|.*\s$").any()
                                  for c in text_columns(a.adult)),
                    "Some text in `adult` still starts (or ends) with a space: strip every text column "
                    "with `.str.strip()` (in pandas 3 the text columns have the dtype `str`)."),
            mistake(lambda a: any((a.adult[c].astype(str).str.strip() == "?").any()
                                  for c in text_columns(a.adult)),
                    "`adult` still holds '?' as text: replace it with `np.nan`, so that pandas "
                    "knows the value is missing."),
            require(lambda a: int(a.adult.isna().sum().sum()) > 0,
                    "`adult` has no missing values (NaN): the sentinel should become NaN."),
        ],
    ),
    Exercise(
        grade_id="q103_duplicates",
        answers={"n_duplicates": Integer(), "adult_unique": Frame(columns=tuple(ADULT_COLUMNS))},
        hint="Count only the extra copies, not the first copy of each row. And which table does "
             "the exercise start from: the raw one or your cleaned one?",
        hints=(
            "`adult_raw.duplicated()` marks with True each row that repeats an earlier row (the first copy stays "
            "False). Summing those True values counts the rows you would remove.",
            "For `n_duplicates`, call `.duplicated()` on `adult_raw` (without `keep=False`), then `.sum()`, wrapped "
            "in `int(...)`. For `adult_unique`, call `.drop_duplicates()` on `adult_raw`, not on your cleaned "
            "`adult`.",
        ),
        checks=[
            mistake(lambda a: a.n_duplicates == len(adult_unique()),
                    "`n_duplicates` is the number of rows left once the copies are removed (the unique "
                    "rows, as `len(adult_raw.drop_duplicates())` gives), not the number of rows you "
                    "would remove."),
            mistake(lambda a: a.n_duplicates == int(adult_raw().duplicated(keep=False).sum()),
                    "`n_duplicates` counts every copy, the first one too (`keep=False`). Count only the "
                    "rows that repeat an earlier row: those are the ones you would remove."),
            mistake(lambda a: a.n_duplicates > 1000,
                    "`n_duplicates` is far too large: did you look for repeated values in one column? "
                    "A duplicate row repeats the value of *every* column: call `duplicated()` on the "
                    "whole table."),
            require(lambda a: 0 < a.n_duplicates < len(adult_raw()),
                    "`n_duplicates` should be a count of rows, more than 0 and fewer than the rows of "
                    "the table."),
            mistake(lambda a: not any(a.adult_unique[c].dropna().astype(str).str.startswith(" ").any()
                                      for c in text_columns(a.adult_unique)),
                    "`adult_unique` holds cleaned text (no leading spaces, or NaN for ' ?'): it was "
                    "built from your cleaned `adult`. The exercise asks for `adult_raw` with the extra "
                    "copies removed: start from `adult_raw`."),
            mistake(lambda a: len(a.adult_unique) == len(adult_raw()),
                    "`adult_unique` still has every row of `adult_raw`: drop the extra copies, keeping "
                    "one copy of each row."),
            mistake(lambda a: len(a.adult_unique) == len(adult_raw())
                    - int(adult_raw().duplicated(keep=False).sum()),
                    "`adult_unique` lost every copy of the repeated rows, the first one too "
                    "(`keep=False`): those are real records. Keep one copy of each row."),
            require(lambda a: not a.adult_unique.duplicated().any(),
                    "`adult_unique` still holds rows that repeat an earlier row in every column."),
            require(lambda a: len(a.adult_unique) < len(adult_raw()),
                    "`adult_unique` should be `adult_raw` with the extra copies removed, so it has "
                    "fewer rows than `adult_raw`."),
        ],
    ),
    Exercise(
        grade_id="q104_duplicate_choice",
        answers={"duplicate_decision": Choice(options="abcd")},
        hint="Think about where a copy and its twin can end up once you split into training and "
             "test rows.",
        hints=(
            "If a copy lands in the training rows and its twin in the test rows, the model is tested on a row it has "
            "already seen. Rule out the options that still let that happen: keeping every row, or removing copies "
            "only after the split.",
            "Of the options left, ask what each one throws away: twins may be two real people who gave the same 15 "
            "answers, so should the first copy go too? And would a reader of your work know what you removed?",
        ),
    ),
    Exercise(
        grade_id="q105_missing_income",
        answers={"high_income_missing": Number(), "high_income_known": Number()},
        hint="Which rows belong to each group, and what is the mean of a column of True/False "
             "values?",
        hints=(
            "Build two True/False Series over the rows of `adult_raw`: is the `income` `' >50K'`, and is the "
            "`occupation` `' ?'`. Mind the leading spaces, or call `.str.strip()` on the text first.",
            "Select the income test's values where the occupation test is True, and take `.mean()`: that is "
            "`high_income_missing`. Do the same where it is False (`~` flips True and False) for `high_income_known`.",
        ),
        checks=[
            mistake(lambda a: math.isnan(a.high_income_missing) or math.isnan(a.high_income_known),
                    "`high_income_missing` or `high_income_known` is NaN (not a number): the mean of no "
                    "rows at all. No row matched one of your tests: in `adult_raw` the values keep a "
                    "leading space, so the sentinel is ' ?', not '?' (and the income is ' >50K')."),
            mistake(lambda a: a.high_income_missing == 0 and a.high_income_known == 0,
                    "`high_income_missing` and `high_income_known` are both 0: no row matched your "
                    "income test. In `adult_raw` the values keep a leading space (' >50K'): compare "
                    "with that, or strip the text first."),
            mistake(lambda a: max(a.high_income_missing, a.high_income_known) > 100
                    or (max(a.high_income_missing, a.high_income_known) > 1
                        and float(a.high_income_missing).is_integer()
                        and float(a.high_income_known).is_integer()),
                    "`high_income_missing` and `high_income_known` look like counts (whole numbers of "
                    "people), not shares: take the mean of the True/False values, not their sum."),
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
        hint="Which pandas function reads text as dates? And which test is True for \"Yes\" "
             "only, whatever else the column holds?",
        hints=(
            "Start from `penguins_raw.copy()` and change only two columns: `pd.to_datetime(...)` turns text into "
            "dates, and comparing text with `==` gives True/False.",
            "Set `penguins[\"Date Egg\"]` to `pd.to_datetime` of that same column, and `penguins[\"Clutch "
            "Completion\"]` to that column compared with `\"Yes\"` using `==` (capital Y). Avoid `astype(bool)` and "
            "`.dt.date`.",
        ),
        checks=[
            shape(lambda a: set(penguins_raw().columns) <= set(a.penguins.columns),
                  lambda a: f"`penguins` should keep every column of `penguins_raw` "
                  f"({penguins_raw().shape[1]}), but it has {a.penguins.shape[1]}: change the two "
                  "columns in a copy of the whole table, and keep the others."),
            require(lambda a: len(a.penguins) == len(penguins_raw()),
                    lambda a: f"`penguins` should keep every row of `penguins_raw` "
                    f"({len(penguins_raw())}), but it has {len(a.penguins)}."),
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
            mistake(lambda a: a.penguins["Date Egg"].dtype == object and any(
                        isinstance(v, datetime.date) for v in a.penguins["Date Egg"].dropna().head(5)),
                    "`Date Egg` in `penguins` holds plain Python dates (dtype object): `.dt.date` turns "
                    "pandas dates back into objects that pandas cannot compute with as dates. Keep the "
                    "datetime column that `pd.to_datetime` returns."),
            require(lambda a: pd.api.types.is_datetime64_any_dtype(a.penguins["Date Egg"]),
                    lambda a: f"`Date Egg` in `penguins` has the dtype {a.penguins['Date Egg'].dtype}, "
                    "not dates: convert it with `pd.to_datetime`."),
        ],
    ),
    Exercise(
        grade_id="q107_impute_mass",
        answers={"body_mass_filled": SeriesOf()},
        hint="Which pandas method gives every row a value computed over its own group (and keeps "
             "all the rows)? And which one fills only the holes?",
        hints=(
            "Two steps: first a Series that gives every penguin the median mass of its own species (one value per "
            "row, 344 in all); then use it to fill only the missing masses of `Body Mass (g)`.",
            "Step 1: group `penguins_raw` by `\"Species\"`, select `[\"Body Mass (g)\"]` and call "
            "`.transform(\"median\")`. Step 2: call `.fillna(...)` on `penguins_raw[\"Body Mass (g)\"]`, passing the "
            "Series of step 1.",
        ),
        checks=[
            shape(lambda a: len(a.body_mass_filled) != penguins_raw()["Species"].nunique(),
                  "`body_mass_filled` holds 3 values, one median per species, not one value per "
                  "penguin (344): `.median()` after a groupby gives one value per group. Which "
                  "method gives each penguin the median of its own species (`.transform(...)`)? "
                  "Then use it to fill only the missing masses."),
            mistake(lambda a: len(a.body_mass_filled) < len(penguins_raw()),
                    "`body_mass_filled` has fewer rows than `penguins_raw`: you dropped the penguins "
                    "with no mass. Fill them in instead, and keep all 344 rows."),
            require(lambda a: len(a.body_mass_filled) == len(penguins_raw()),
                    "`body_mass_filled` should have one value per penguin (344)."),
            require(lambda a: int(a.body_mass_filled.isna().sum()) == 0,
                    "`body_mass_filled` still has missing values: fill every one of them."),
            mistake(lambda a: (a.body_mass_filled == 0).any(),
                    "`body_mass_filled` holds penguins of 0 g: `fillna(0)` invents impossible birds. "
                    "Fill with the median mass of the penguin's species."),
            mistake(lambda a: any(
                        min(abs(a.body_mass_filled.iloc[i] - penguins_raw()["Body Mass (g)"].mean()),
                            abs(a.body_mass_filled.iloc[i] - penguins_raw()["Body Mass (g)"].median()))
                        < 0.5
                        for i in np.flatnonzero(penguins_raw()["Body Mass (g)"].isna())),
                    "`body_mass_filled` fills the missing masses with one value for all penguins (the "
                    "mean or median of the whole column), so a small Adelie gets the mass of an "
                    "average penguin of any species. Use the median of the penguin's own species."),
        ],
    ),
    Exercise(
        grade_id="q109_one_hot",
        answers={"island_onehot": Frame()},
        hint="Which pandas function gives each category its own column, and which column should "
             "it see?",
        hints=(
            "`pd.get_dummies(...)` gives each category its own 0/1 (True/False) column. Give it only the one column "
            "to encode, not the whole table.",
            "Select the `Island` column of `penguins_raw` with square brackets and pass that Series to "
            "`pd.get_dummies`: you get one column per island and one row per penguin.",
        ),
        checks=[
            require(lambda a: len(a.island_onehot) == len(penguins_raw()),
                    "`island_onehot` should have one row per penguin (344)."),
            mistake(lambda a: a.island_onehot.shape[1] == 1,
                    "`island_onehot` has a single column that numbers the islands. A model would read "
                    "those numbers as an order and a distance (Torgersen 'twice' Dream): give each "
                    "island its own 0/1 column instead."),
            mistake(lambda a: a.island_onehot.shape[1] > 10,
                    lambda a: f"`island_onehot` has {a.island_onehot.shape[1]} columns: it still holds "
                    "the other columns of `penguins_raw` (as they were, or encoded too). Encode the "
                    "`Island` column alone: give the encoder that one column, not the whole table."),
            require(lambda a: a.island_onehot.shape[1] == 3,
                    lambda a: "`island_onehot` should have one column per island (3), but it has "
                    f"{a.island_onehot.shape[1]}."),
            require(lambda a: a.island_onehot.astype(float).isin([0.0, 1.0]).all().all()
                    and bool((a.island_onehot.astype(float).sum(axis=1) == 1).all()),
                    "Each row of `island_onehot` should hold a single 1 (or True), in the column of "
                    "its island, and 0 (or False) elsewhere."),
        ],
    ),
]
