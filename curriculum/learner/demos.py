"""Computations that a notebook's demonstrations need but must not show as code.

A demonstration placed after an exercise must not repeat the exercise's answer as code a learner
could copy (tests/test_no_answer_shown.py checks the values; reviewers check the code). When a
demonstration needs the same kind of computation with other settings, it calls a helper from here.
"""
from __future__ import annotations

from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_squared_error


def sgd_training_losses(X, y, eta0: float, epochs: int = 20) -> list[float]:
    """The training loss (mean squared error) of an SGDRegressor after each epoch, first step size `eta0`."""
    model = SGDRegressor(eta0=eta0, random_state=0)
    curve = []
    for _ in range(epochs):
        model.partial_fit(X, y)
        curve.append(mean_squared_error(y, model.predict(X)))
    return curve
