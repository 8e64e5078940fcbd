"""Module 03: the data, splits and models exactly as the notebook's setup cell makes them.

Public checks use them only to recognise a named mistake (a score on the training rows, a matrix
of the training rows); the exact answers are checked by the hidden checks at grading.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.data import load

CALL_AT = 0.1
COST_APPROVE_BAD = 5
COST_REFUSE_GOOD = 1
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)
RATE_COLUMNS = ("false_positive_rate", "false_negative_rate")
SEXES = ("female", "male")


@lru_cache(maxsize=None)
def caravan_split() -> tuple:
    """(X_train, X_test, y_train, y_test) of the Caravan customers, y = 1 for a buyer."""
    from sklearn.model_selection import train_test_split

    caravan = load("caravan")
    X = caravan.drop(columns="Purchase")
    y = (caravan["Purchase"] == "Yes").astype(int)
    return tuple(train_test_split(X, y, test_size=0.3, stratify=y, random_state=0))


@lru_cache(maxsize=None)
def caravan_model():
    """The setup cell's `caravan_model`, fitted on the training rows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, _, y_train, _ = caravan_split()
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)


@lru_cache(maxsize=None)
def credit_split() -> tuple:
    """(X_train, X_valid, X_test, y_train, y_valid, y_test) of German credit, y = 1 for a bad risk."""
    from sklearn.model_selection import train_test_split

    credit = load("german_credit")
    X = credit.drop(columns="credit_risk")
    y = (credit["credit_risk"] == 2).astype(int)
    X_train, X_rest, y_train, y_rest = train_test_split(X, y, test_size=0.4, stratify=y, random_state=4)
    X_valid, X_test, y_valid, y_test = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest,
                                                        random_state=4)
    return X_train, X_valid, X_test, y_train, y_valid, y_test


@lru_cache(maxsize=None)
def credit_model():
    """The setup cell's `credit_model`, fitted on the training rows."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X_train, *_, y_train, _, _ = credit_split()
    codes = list(X_train.select_dtypes(exclude="number").columns)
    return make_pipeline(
        make_column_transformer((OneHotEncoder(handle_unknown="ignore"), codes), remainder=StandardScaler()),
        LogisticRegression(max_iter=1000)).fit(X_train, y_train)


@lru_cache(maxsize=None)
def credit_groups_test() -> pd.DataFrame:
    """The sex and age band of each German credit test row, as in the setup cell."""
    credit = load("german_credit")
    index = credit_split()[2].index
    return pd.DataFrame({
        "sex": np.where(credit.loc[index, "personal_status_sex"] == "A92", "female", "male"),
        "age_band": np.where(credit.loc[index, "age_years"] < 25, "under 25", "25 and over"),
    }, index=index)

