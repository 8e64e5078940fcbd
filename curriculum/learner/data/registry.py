"""What each dataset is: its files, how pandas reads them, and the shape a lesson can rely on.

One entry per dataset name that notebooks pass to ``load()``. The shape and dtypes here are the
documented contract: tests load every dataset and compare, so a datasheet can never drift from
the data.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field

ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation",
    "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week",
    "native_country", "income",
]
GERMAN_COLUMNS = [
    "checking_status", "duration_months", "credit_history", "purpose", "credit_amount",
    "savings", "employment_since", "installment_rate", "personal_status_sex", "other_debtors",
    "residence_since", "property", "age_years", "other_installment_plans", "housing",
    "existing_credits", "job", "people_liable", "telephone", "foreign_worker", "credit_risk",
]
ACS_FEATURES = [
    "AGEP", "SCHL", "MAR", "RELP", "DIS", "ESP", "CIT", "MIG", "MIL", "ANC", "NATIVITY", "DEAR",
    "DEYE", "DREM", "SEX", "RAC1P",
]


@dataclass(frozen=True)
class Dataset:
    """One loadable dataset: files under datasets/, reader options and its documented shape."""

    name: str
    files: tuple[str, ...]
    shape: tuple[int, int]
    dtypes: dict[str, str]
    datasheet: str
    licence: str
    read_csv: dict = field(default_factory=dict)
    #: dtype of every column not named in ``dtypes`` (Caravan's 85 numeric columns)
    other_dtype: str | None = None

    def expected_dtypes(self, columns: list[str]) -> dict[str, str]:
        """The documented dtype of each column, in the file's order."""
        return {c: self.dtypes.get(c, self.other_dtype) for c in columns}


def _same(kind: str, names: list[str]) -> dict[str, str]:
    return {name: kind for name in names}


PENGUINS_RAW_DTYPES = {
    "studyName": "str", "Sample Number": "int64", "Species": "str", "Region": "str",
    "Island": "str", "Stage": "str", "Individual ID": "str", "Clutch Completion": "str",
    "Date Egg": "str", "Culmen Length (mm)": "float64", "Culmen Depth (mm)": "float64",
    "Flipper Length (mm)": "float64", "Body Mass (g)": "float64", "Sex": "str",
    "Delta 15 N (o/oo)": "float64", "Delta 13 C (o/oo)": "float64", "Comments": "str",
}

DATASETS: dict[str, Dataset] = {d.name: d for d in [
    Dataset(
        "penguins", ("penguins.csv",), (344, 8),
        {"species": "str", "island": "str", "bill_length_mm": "float64",
         "bill_depth_mm": "float64", "flipper_length_mm": "float64", "body_mass_g": "float64",
         "sex": "str", "year": "int64"},
        "penguins.md", "CC0",
    ),
    Dataset(
        "penguins_raw", ("penguins-raw.csv",), (344, 17), PENGUINS_RAW_DTYPES,
        "penguins.md", "CC0",
    ),
    Dataset(
        "adult_raw", ("adult-raw.csv.gz",), (32561, 15),
        {**{c: "str" for c in ADULT_COLUMNS},
         **_same("int64", ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss",
                           "hours_per_week"])},
        "adult.md", "CC BY 4.0",
        {"header": None, "names": ADULT_COLUMNS},
    ),
    Dataset(
        "german_credit", ("german-credit.data",), (1000, 21),
        {**{c: "str" for c in GERMAN_COLUMNS},
         **_same("int64", ["duration_months", "credit_amount", "installment_rate",
                           "residence_since", "age_years", "existing_credits", "people_liable",
                           "credit_risk"])},
        "german-credit.md", "CC BY 4.0",
        {"header": None, "names": GERMAN_COLUMNS, "sep": " "},
    ),
    Dataset(
        "caravan", ("caravan.csv.gz",), (5822, 86),
        {"Purchase": "str"},
        "caravan.md", "CC BY 4.0", other_dtype="int64",
    ),
    Dataset(
        "bikeshare", ("bikeshare.csv.gz",), (8645, 15),
        {"season": "int64", "mnth": "str", "day": "int64", "hr": "int64", "holiday": "int64",
         "weekday": "int64", "workingday": "int64", "weathersit": "str", "temp": "float64",
         "atemp": "float64", "hum": "float64", "windspeed": "float64", "casual": "int64",
         "registered": "int64", "bikers": "int64"},
        "bikeshare.md", "CC BY 4.0",
    ),
    Dataset(
        "sms_spam", ("sms-spam.tsv.gz",), (4862, 2), {"label": "str", "text": "str"},
        "sms-spam.md", "CC BY 4.0",
        {"sep": "\t", "header": None, "names": ["label", "text"], "quoting": csv.QUOTE_NONE},
    ),
    Dataset(
        "flights", ("flights.csv.zip",), (336776, 19),
        {"year": "int64", "month": "int64", "day": "int64", "dep_time": "float64",
         "sched_dep_time": "int64", "dep_delay": "float64", "arr_time": "float64",
         "sched_arr_time": "int64", "arr_delay": "float64", "carrier": "str", "flight": "int64",
         "tailnum": "str", "origin": "str", "dest": "str", "air_time": "float64",
         "distance": "int64", "hour": "int64", "minute": "int64", "time_hour": "str"},
        "flights.md", "CC0",
    ),
    Dataset(
        "acs_employment_ma",
        ("acs-employment-ma-reference.pq", "acs-employment-ma-analysis.pq",
         "acs-employment-ma-analysis-target.pq"), (277677, 21),
        {"id": "int64", "AGEP": "float64", **_same("category", ACS_FEATURES[1:]),
         "employed": "int64", "year": "int64", "prediction": "int64",
         "predicted_probability": "float64"},
        "acs-employment-ma.md", "public domain",
    ),
    Dataset(
        "scoring_stream", ("scoring-stream.csv.gz",), (48000, 19),
        {"month": "str", "id": "int64", "AGEP": "float64",
         **_same("str", ACS_FEATURES[1:]), "employed": "int64"},
        "scoring-stream.md", "public domain",
        {"dtype": _same("str", ACS_FEATURES[1:])},
    ),
    Dataset(
        "scoring_stream_log", ("scoring-stream-log.csv",), (6, 6),
        {"event": "str", "kind": "str", "column": "str", "first_month": "str",
         "last_month": "str", "detail": "str"},
        "scoring-stream-log.md", "public domain",
    ),
]}

