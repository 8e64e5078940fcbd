"""Hidden checks for module 01, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-01: tests prove this line never reaches a learner or a feedback file.
"""
import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.data import load
from curriculum.learner.exercises.m01_data_prep import (DAMAGE_COLUMNS, NUMERIC, SCALED_TOL, SHARE_TOL,
                                            adult_test_rows, cleaned_rows, damage_column,
                                            fitted_scaler_rows, high_income, missing_number_rows,
                                            new_category_rows)

_adult_raw = load("adult_raw")
_adult_unique = _adult_raw.drop_duplicates()
_penguins_raw = load("penguins_raw")


def _share_close(a, b):
    """q105, as the notebook states: keep at least 3 decimals (within 0.0006 of the exact share)."""
    return close(a, b, rel=0, abs_tol=SHARE_TOL)


def _scaled_close(found, expected):
    """q110, as the notebook states: each value within 0.001, or within 0.1% for values above 1."""
    found = np.asarray(found, dtype=float)
    return found.shape == expected.shape and bool(
        (np.abs(found - expected) <= np.maximum(SCALED_TOL, SCALED_TOL * np.abs(expected))).all())


def _naive(dates: pd.Series) -> pd.Series:
    """Dates without a time zone (`pd.to_datetime(..., utc=True)` keeps the written day)."""
    dates = pd.to_datetime(dates)
    return dates.dt.tz_localize(None) if dates.dt.tz is not None else dates


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

#: q111: how many rows the pipeline's StandardScaler learned from, for the split asked for and for
#: the usual slips (computed from the data, so they follow the file).
_train_rows, _test_rows = (len(part) for part in train_test_split(_adult_unique, test_size=0.25,
                                                                   random_state=0))
_train_rows_dup, _test_rows_dup = (len(part) for part in train_test_split(_adult_raw, test_size=0.25,
                                                                           random_state=0))
_all_rows = {len(_adult_unique), len(_adult_raw)}


def _scaler_rows(answer):
    counts = fitted_scaler_rows(answer.info)
    return counts[0] if counts else None


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
    "a": "`duplicate_decision`: (a) is not it. A few dozen rows are few, but a copy can land in the training "
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
    "q104_duplicate_choice": choice_checks("duplicate_decision", "c", _choice_feedback),
    "q105_missing_income": [
        mistake(lambda a: _share_close(a.high_income_missing, _high_known)
                and _share_close(a.high_income_known, _high_missing),
                "`high_income_missing` and `high_income_known` are swapped: the first is about the "
                "rows whose occupation is missing."),
        mistake(lambda a: _share_close(a.high_income_known, float(_high.mean())),
                "`high_income_known` is the share over all rows: keep only the rows whose occupation "
                "is known."),
        require(lambda a: _share_close(a.high_income_missing, _high_missing)
                and _share_close(a.high_income_known, _high_known),
                "`high_income_missing` or `high_income_known` is not the share of people earning more "
                "than $50K in its group, to 3 decimals: check which rows each one keeps, and keep at "
                "least 3 decimals."),
    ],
    "q106_fix_types": [
        require(lambda a: np.array_equal(a.penguins["Clutch Completion"].to_numpy(dtype=bool), _clutch),
                "`Clutch Completion` in `penguins` is not True exactly on the rows where "
                "`penguins_raw` answers yes."),
        require(lambda a: (_naive(a.penguins["Date Egg"]).dt.normalize().reset_index(drop=True)
                           == _dates.dt.normalize().reset_index(drop=True)).all(),
                "`Date Egg` in `penguins` holds dates, but not the dates of `penguins_raw`: "
                "`pd.to_datetime` reads them as they are written (year-month-day)."),
    ],
    "q107_impute_mass": [
        require(lambda a: all(abs(a.body_mass_filled.iloc[i] - _species_median.iloc[i])
                              <= 0.02 * _species_median.iloc[i] for i in _mass_missing),
                "`body_mass_filled` does not fill each missing mass with the median mass of that "
                "penguin's species: group by `Species`."),
        # as the notebook states: within 2% of the species median for a filled mass, and the
        # masses that were there exactly as they are
        require(lambda a: np.array_equal(a.body_mass_filled.to_numpy(dtype=float)[_mass.notna().to_numpy()],
                                         _mass.dropna().to_numpy(dtype=float)),
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
        require(lambda a: _scaled_close(a.X_train_scaled, _train_scaled),
                "`X_train_scaled` does not hold the scaled training rows of the split asked for: use "
                "`test_size=0.25, random_state=0` on the NUMERIC columns of "
                "`adult_raw.drop_duplicates()`, in that order."),
        require(lambda a: _scaled_close(a.X_test_scaled, _test_scaled),
                "`X_test_scaled` does not hold the test rows scaled with the training rows' mean and "
                "standard deviation."),
    ],
    "q111_pipeline": [
        mistake(lambda a: _scaler_rows(a.pipe) in _all_rows,
                "`pipe` was fitted on all rows, the test rows too: its StandardScaler learned from "
                "every row of the table, so the test rows leaked into the preparation. Split first, "
                "then fit on the training rows only (`X_train`, `y_train`)."),
        mistake(lambda a: _scaler_rows(a.pipe) in {_test_rows, _test_rows_dup},
                "`pipe` was fitted on the test rows: its StandardScaler learned from as many rows as "
                "the test part holds. Fit on the training rows (`X_train`, `y_train`) and keep the "
                "test rows for checking."),
        mistake(lambda a: _scaler_rows(a.pipe) == _train_rows_dup,
                "`pipe` was fitted on a split of `adult_raw` with its duplicate rows kept: a copy can "
                "sit in the training rows and its twin in the test rows (Exercise 4). Split "
                "`adult_raw.drop_duplicates()`."),
        require(lambda a: _scaler_rows(a.pipe) == _train_rows,
                lambda a: f"`pipe`'s StandardScaler learned from {_scaler_rows(a.pipe)} rows, not from "
                "the training rows of the split asked for: split `adult_raw.drop_duplicates()` with "
                "`test_size=0.25, random_state=0`, then fit on `X_train`, `y_train`."),
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
