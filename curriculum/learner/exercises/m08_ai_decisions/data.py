"""Module 08: the loan models and the monthly drift table exactly as the notebook's setup cell makes them.

Public checks use them only to recognise a named mistake; the exact answers are checked by the hidden
checks at grading (source/08-ai-decisions/hidden_checks.py).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.data import load

#: What each error costs the bank, in euros (the ratio 5 to 1 is the publishers' cost matrix).
COST_BAD_APPROVED = 2500
COST_GOOD_REFUSED = 500
#: The thresholds the explorer's slider offers: 0.05, 0.10, ..., 0.95.
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)
#: The proposal of Part 1 (customer-support escalations): its numbers, as the notebook states them.
TICKETS, ESCALATED = 60_000, 1_200
FLAGGED_RIGHT, FLAGGED_WRONG = 150, 150
#: The risks of the checklist in Part 4, spelled as the notebook spells them.
RISKS = ("bias", "leakage", "misuse", "over-trust", "drift")
#: The stream's codes and the drift model's features (as in the setup cell).
CODES = ["SCHL", "MAR", "RELP", "DIS", "ESP", "CIT", "MIG", "MIL", "ANC", "NATIVITY", "DEAR", "DEYE",
         "DREM", "SEX", "RAC1P"]


@lru_cache(maxsize=None)
def credit_split() -> tuple:
    """(learn_X, review_X, learn_y, review_y) of German credit; y = 1 for a loan that went bad."""
    from sklearn.model_selection import train_test_split

    credit = load("german_credit")
    applicant = credit.drop(columns="credit_risk")
    went_bad = (credit["credit_risk"] == 2).astype(int)
    return tuple(train_test_split(applicant, went_bad, test_size=0.4, stratify=went_bad, random_state=8))


@lru_cache(maxsize=None)
def loan_models() -> tuple:
    """(model_a, model_b) as the setup cell fits them on the learning rows."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    learn_X, _, learn_y, _ = credit_split()
    codes = list(learn_X.select_dtypes(exclude="number").columns)

    def prepare():
        return make_column_transformer((OneHotEncoder(handle_unknown="ignore"), codes), remainder=StandardScaler())

    model_a = make_pipeline(prepare(), LogisticRegression(max_iter=1000)).fit(learn_X, learn_y)
    model_b = make_pipeline(prepare(), LogisticRegression(max_iter=1000, class_weight="balanced", C=0.1)
                            ).fit(learn_X, learn_y)
    return model_a, model_b


@lru_cache(maxsize=None)
def review_chances() -> dict[str, np.ndarray]:
    """Each model's chance that a review applicant's loan goes bad (column 1 of `predict_proba`)."""
    review_X = credit_split()[1]
    model_a, model_b = loan_models()
    return {"A": model_a.predict_proba(review_X)[:, 1], "B": model_b.predict_proba(review_X)[:, 1]}


def review_groups() -> pd.DataFrame:
    """The sex of each review applicant (A92 is the only code for women), as in the setup cell."""
    credit = load("german_credit")
    index = credit_split()[1].index
    return pd.DataFrame({"sex": np.where(credit.loc[index, "personal_status_sex"] == "A92", "women", "men")},
                        index=index)
