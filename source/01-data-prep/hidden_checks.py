"""Hidden checks for module 01, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-01: tests prove this line never reaches a learner or a feedback file.
"""
import math

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from curriculum.checks import mistake, require
from curriculum.datasets import load
from curriculum.exercises.data_prep import (DAMAGE_COLUMNS, NUMERIC, adult_test_rows, cleaned_rows,
                                            damage_column, high_income, missing_number_rows,
                                            new_category_rows)

_adult_raw = load("adult_raw")
_adult_unique = _adult_raw.drop_duplicates()
_penguins_raw = load("penguins_raw")


def _close(a, b, rel=1e-6, abs_tol=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


# --- expected values -----------------------------------------------------------------------------

_question_marks = (_adult_raw == " ?").sum()
_adult = _adult_raw.apply(lambda s: s.str.strip() if pd.api.types.is_string_dtype(s) else s)
_adult = _adult.replace("?", np.nan)
_text = [c for c in _adult.columns if pd.api.types.is_string_dtype(_adult[c])]

_high = _adult_raw["income"] == " >50K"
_occ_missing = _adult_raw["occupation"] == " ?"
_high_missing = float(_high[_occ_missing].mean())
_high_known = float(_high[~_occ_missing].mean())

_dates = pd.to_datetime(_penguins_raw["Date Egg"])
_clutch = (_penguins_raw["Clutch Completion"] == "Yes").to_numpy()

_mass = _penguins_raw["Body Mass (g)"]
_mass_missing = np.flatnonzero(_mass.isna())
_species_median = _penguins_raw.groupby("Species")["Body Mass (g)"].transform("median")

_islands = _penguins_raw["Island"].to_numpy()

_unique_rows = sorted(map(tuple, _adult_unique.astype(str).to_numpy()))

_train_num, _test_num = train_test_split(_adult_unique[list(NUMERIC)], test_size=0.25, random_state=0)
_scaler = StandardScaler().fit(_train_num)
_train_scaled = _scaler.transform(_train_num)
_test_scaled = _scaler.transform(_test_num)

_birds = _penguins_raw.dropna(subset=["Culmen Length (mm)", "Culmen Depth (mm)",
                                      "Flipper Length (mm)", "Body Mass (g)"])
_b_train, _b_test, _s_train, _s_test = train_test_split(
    _birds[["Culmen Length (mm)", "Culmen Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]],
    _birds["Species"], test_size=0.5, random_state=0, stratify=_birds["Species"])
_clean_accuracy = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                                LogisticRegression(max_iter=1000)).fit(_b_train, _s_train).score(_b_test, _s_test)


# --- q111: rows the learner has never seen ---------------------------------------------------------

def _hidden_rows():
    rows, truth = adult_test_rows()
    return rows.iloc[400:2400], truth[400:2400]


def _odd_rows():
    """Missing numbers everywhere, sentinels and unseen categories, on rows the public checks skip."""
    rows, _ = adult_test_rows()
    block = missing_number_rows(rows.iloc[2400:2410])
    block["capital_gain"] = np.nan
    block["education_num"] = np.nan
    block["occupation"] = " ?"
    return block


def _new_categories():
    rows, _ = adult_test_rows()
    block = new_category_rows(rows.iloc[2410:2420])
    block["occupation"] = " Drone-pilot"
    return block


def _pipe_probes():
    public_rows, _ = adult_test_rows()
    return [(public_rows.iloc[:400],), (_odd_rows(),), (_new_categories(),),
            (cleaned_rows(public_rows.iloc[:400]),), (_hidden_rows()[0],)]


#: Inputs for model answers at grading (replacing the public probes; the first four keep the
#: public checks meaningful, the fifth holds rows no public check uses).
PROBES = {
    "q111_pipeline": {"pipe": _pipe_probes},
}


def _hidden_accuracy(answer) -> float:
    predicted = high_income(answer.calls[4]["ok"])
    truth = _hidden_rows()[1]
    return float((predicted == truth).mean()) if len(predicted) == len(truth) else 0.0


_choice_feedback = {
    "a": "`duplicate_decision`: (a) is not it. 24 rows are few, but a copy can land in the training "
         "rows while its twin lands in the test rows: the model is then tested on a row it has already "
         "seen, a small leak that flatters the score. And small or not, the decision should be made "
         "and written down.",
    "b": "`duplicate_decision`: (b) is not it. Deleting every copy, the first one too (`keep=False`), "
         "throws away real records for nothing: keep one copy of each.",
    "d": "`duplicate_decision`: (d) is not it. A test row whose twin sits in the training rows is not a "
         "duplicate *inside* the test rows, so it stays and the leak remains. Clean the whole table "
         "before the split.",
}

HIDDEN = {
    "q101_question_marks": [
        require(lambda a: all(int(a.question_marks[c]) == int(n) for c, n in _question_marks.items()),
                "`question_marks` has the right columns but wrong counts for some of them: count, in "
                "each column, the values equal to the sentinel (with its leading space)."),
    ],
    "q102_clean_adult": [
        require(lambda a: all(int(a.adult[c].isna().sum()) == int(n) for c, n in _adult.isna().sum().items()),
                "`adult` does not have the right number of missing values in every column: each "
                "sentinel, and nothing else, should become NaN."),
        require(lambda a: all(a.adult[c].fillna("<NA>").astype(str).reset_index(drop=True)
                              .equals(_adult[c].fillna("<NA>").astype(str).reset_index(drop=True))
                              for c in _text),
                "Some text values of `adult` differ from the stripped values of `adult_raw`: remove "
                "only the spaces at both ends, keep the rows in their order, and change nothing else."),
        require(lambda a: all(np.array_equal(a.adult[c].to_numpy(dtype=float), _adult[c].to_numpy(dtype=float))
                              for c in NUMERIC),
                "The number columns of `adult` differ from those of `adult_raw`: keep them as they are."),
    ],
    "q103_duplicates": [
        require(lambda a: a.n_duplicates == int(_adult_raw.duplicated().sum()),
                "`n_duplicates` is not the number of rows that repeat an earlier row: call "
                "`duplicated()` on the whole `adult_raw` table and count the True values."),
        require(lambda a: len(a.adult_unique) == len(_adult_unique)
                and sorted(map(tuple, a.adult_unique[list(_adult_raw.columns)].astype(str).to_numpy()))
                == _unique_rows,
                "`adult_unique` does not hold exactly one copy of each row of `adult_raw`: drop only "
                "the rows that repeat an earlier row, and change nothing else."),
    ],
    "q104_duplicate_choice": [
        mistake(lambda a: a.duplicate_decision == "a", _choice_feedback["a"]),
        mistake(lambda a: a.duplicate_decision == "b", _choice_feedback["b"]),
        mistake(lambda a: a.duplicate_decision == "d", _choice_feedback["d"]),
        require(lambda a: a.duplicate_decision == "c", "`duplicate_decision` is not the right choice."),
    ],
    "q105_missing_income": [
        mistake(lambda a: _close(a.high_income_missing, _high_known, 1e-3)
                and _close(a.high_income_known, _high_missing, 1e-3),
                "`high_income_missing` and `high_income_known` are swapped: the first is about the "
                "rows whose occupation is missing."),
        mistake(lambda a: _close(a.high_income_known, float(_high.mean()), 1e-3),
                "`high_income_known` is the share over all rows: keep only the rows whose occupation "
                "is known."),
        require(lambda a: _close(a.high_income_missing, _high_missing, 1e-3)
                and _close(a.high_income_known, _high_known, 1e-3),
                "`high_income_missing` or `high_income_known` is not the share of people earning more "
                "than $50K in its group: check which rows each one keeps."),
    ],
    "q106_fix_types": [
        require(lambda a: np.array_equal(a.penguins["Clutch Completion"].to_numpy(dtype=bool), _clutch),
                "`Clutch Completion` in `penguins` is not True exactly on the rows where "
                "`penguins_raw` answers yes."),
        require(lambda a: (pd.to_datetime(a.penguins["Date Egg"]).dt.normalize().reset_index(drop=True)
                           == _dates.dt.normalize().reset_index(drop=True)).all(),
                "`Date Egg` in `penguins` holds dates, but not the dates of `penguins_raw`: "
                "`pd.to_datetime` reads them as they are written (year-month-day)."),
    ],
    "q107_impute_mass": [
        require(lambda a: all(abs(a.body_mass_filled.iloc[i] - _species_median.iloc[i])
                              <= 0.02 * _species_median.iloc[i] for i in _mass_missing),
                "`body_mass_filled` does not fill each missing mass with the median mass of that "
                "penguin's species: group by `Species`."),
        require(lambda a: np.allclose(a.body_mass_filled.to_numpy(dtype=float)[_mass.notna().to_numpy()],
                                      _mass.dropna().to_numpy()),
                "`body_mass_filled` changes masses that were not missing: fill only the holes."),
    ],
    "q109_one_hot": [
        require(lambda a: all(len(set(_islands[a.island_onehot[c].astype(float).to_numpy() == 1])) == 1
                              for c in a.island_onehot.columns)
                and sorted(int(a.island_onehot[c].astype(float).sum()) for c in a.island_onehot.columns)
                == sorted(pd.Series(_islands).value_counts().tolist()),
                "The columns of `island_onehot` do not match the islands of `penguins_raw`: each column "
                "should mark exactly the penguins of one island, in the order of the table."),
    ],
    "q110_split_then_scale": [
        require(lambda a: a.X_train_scaled.shape == _train_scaled.shape
                and np.allclose(a.X_train_scaled.astype(float), _train_scaled, rtol=1e-3, atol=1e-3),
                "`X_train_scaled` does not hold the scaled training rows of the split asked for: use "
                "`test_size=0.25, random_state=0` on the NUMERIC columns of "
                "`adult_raw.drop_duplicates()`, in that order."),
        require(lambda a: a.X_test_scaled.shape == _test_scaled.shape
                and np.allclose(a.X_test_scaled.astype(float), _test_scaled, rtol=1e-3, atol=1e-3),
                "`X_test_scaled` does not hold the test rows scaled with the training rows' mean and "
                "standard deviation."),
    ],
    "q111_pipeline": [
        require(lambda a: "ok" in a.pipe.calls[1] and "ok" in a.pipe.calls[2],
                "`pipe` fails on new rows with missing numbers or unseen categories: impute the "
                "numbers and use `OneHotEncoder(handle_unknown=\"ignore\")`."),
        require(lambda a: "ok" in a.pipe.calls[4],
                "`pipe` raised an error on census rows it has never seen."),
        require(lambda a: _hidden_accuracy(a.pipe) >= 0.83,
                "`pipe` gets fewer than 83% of unseen census rows right: use both the NUMERIC and the "
                "CATEGORICAL columns, prepared as asked, and fit on the training rows."),
    ],
    "q112_garbage_in": [
        require(lambda a: all(abs(damage_column(a.damage, c)[0] - _clean_accuracy) <= 0.01
                              for c in DAMAGE_COLUMNS),
                "The clean accuracy in `damage` (share 0) is not that of the model trained on the split "
                "given (`test_size=0.5, random_state=0, stratify=...`): keep that code as it is."),
        require(lambda a: damage_column(a.damage, "missing values")[-1] <= 0.85
                and damage_column(a.damage, "unit error")[-1] <= 0.75,
                "`damage` shows too little damage at a share of 0.8: blank the share of measurements "
                "asked for, and convert the masses of that share of birds to kilograms."),
    ],
}
