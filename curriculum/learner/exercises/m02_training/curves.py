"""Module 02, Parts 7 and 8: learning as feedback (a loss curve) and a validation curve.

Split from training.py, which assembles the module's EXERCISES.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from curriculum.learner.checks import Array, Choice, Exercise, FigureOf, Integer, mistake, require, shape

N_EPOCHS = 20
DEPTHS = tuple(range(1, 16))


@lru_cache(maxsize=None)
def bikers_variance() -> float:
    """The mean squared error of always guessing the mean number of bikers (about 17,300 bikers²)."""
    from curriculum.learner.exercises.m02_training.models import bike_split

    return float(bike_split()[2].var())


# --- figures -------------------------------------------------------------------------------------

def _axes(fig: dict) -> dict:
    return fig["axes"][0]


def _text(fig: dict, key: str) -> str:
    return _axes(fig)[key].lower()


def _curve(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


def _no_line_message(a) -> str:
    if not a.fig_loss["axes"]:
        return ("`fig_loss` is an empty figure, with nothing drawn on it. The likely cause: you drew with "
                "`plt.plot(...)`, then `plt.show()` closed that figure, and `plt.gcf()` after it made a new, "
                "empty one. Create the figure with `fig_loss, ax = plt.subplots()` and draw the losses "
                "with `ax.plot(...)`.")
    return ("`fig_loss` has no line: draw the losses on it with `ax.plot(...)`, where `ax` comes from "
            "`fig_loss, ax = plt.subplots()`.")


EXERCISES = [
    Exercise(
        grade_id="q208_loss_curve",
        answers={"losses": Array(numeric=True), "fig_loss": FigureOf()},
        hint="Is the model created once, before the loop, and does each epoch continue its learning "
             "(`partial_fit`, not `fit`)? Is the loss measured on the same standardised rows it learns from?",
        hints=(
            "Before the loop: fit a `StandardScaler` on `bike_X_train`, transform `bike_X_train` into `X_train_std`, "
            "create `sgd` once, and start `losses` as an empty list. Each pass of the loop trains once and records "
            "one loss.",
            "In the loop, pass `X_train_std` and `bike_y_train` to `sgd.partial_fit`, then append the "
            "`mean_squared_error` between `bike_y_train` and `sgd.predict` on `X_train_std`. Then `ax.plot` the "
            "epochs 1 to 20 against `losses`, and add `ax.set_title`, an x label with the epoch and a y label with "
            "the loss in bikers².",
        ),
        checks=[
            shape(lambda a: _curve(a.losses).ndim == 1 and len(a.losses) == N_EPOCHS,
                  lambda a: f"`losses` should hold one value per epoch ({N_EPOCHS} values in a flat list or "
                  f"array), but it has shape {np.shape(a.losses)}."),
            mistake(lambda a: not np.isfinite(_curve(a.losses)).all() or _curve(a.losses).max() > 1e7,
                    "`losses` explodes to huge values: stochastic gradient descent on raw features takes "
                    "steps that are far too big. Standardise the features first (StandardScaler fitted on "
                    "`bike_X_train`)."),
            mistake(lambda a: np.ptp(_curve(a.losses)) <= 1e-9 * _curve(a.losses).max(),
                    "`losses` is flat: every epoch gives the same loss, so the model starts from scratch "
                    "each time. Create the `SGDRegressor` once, before the loop, and call `partial_fit` "
                    "(not `fit`) inside it: one more pass over the data per epoch."),
            mistake(lambda a: _curve(a.losses).min() > 5 * bikers_variance(),
                    "`losses` is many times larger than the error of always guessing the mean: the model "
                    "is scored on other rows than it learns from. Predict on the same standardised "
                    "training rows you pass to `partial_fit`."),
            mistake(lambda a: _curve(a.losses).max() < 1000,
                    "`losses` holds small values (under 1,000): that looks like a mean *absolute* error, "
                    "its square root, or a score from `sgd.score()` (a fraction, where higher is better). "
                    "Record `mean_squared_error(...)` on the training rows, in bikers², the loss the model "
                    "minimises."),
            require(lambda a: a.losses[-1] < a.losses[0],
                    "`losses` does not go down: the last epoch's loss should be lower than the first's, "
                    "since the model learns from its errors at every pass."),
            require(lambda a: len(a.fig_loss["axes"]) >= 1 and (_axes(a.fig_loss)["lines"] >= 1
                                                                or _axes(a.fig_loss)["points"] >= N_EPOCHS),
                    _no_line_message),
            require(lambda a: (_axes(a.fig_loss)["title"] or a.fig_loss.get("suptitle", "")).strip() != "",
                    "`fig_loss` has no title: say in the title what the curve shows."),
            require(lambda a: "epoch" in _text(a.fig_loss, "xlabel"),
                    "The x axis of `fig_loss` should be labelled with the epoch (one pass over the "
                    "training rows)."),
            require(lambda a: "bikers" in _text(a.fig_loss, "ylabel"),
                    "The y axis label of `fig_loss` needs the loss and its unit: a mean squared error is "
                    "in bikers² (write 'bikers²' or 'bikers^2')."),
        ],
    ),
    Exercise(
        grade_id="q209_validation_curve",
        answers={"train_mae": Array(numeric=True), "valid_mae": Array(numeric=True), "best_depth": Integer()},
        hint="`validation_curve` gives one row per depth and one column per fold, as errors with a minus "
             "sign: how do you get one positive error per depth? Is `best_depth` a depth or a position?",
        hints=(
            "Run the `validation_curve` call shown above the exercise. Each of its two results has one row per depth "
            "and one column per fold: average over the folds, and flip the sign to get positive errors.",
            "Call `.mean(axis=1)` on each result and put a minus sign in front: that gives `train_mae` and "
            "`valid_mae`. `np.argmin(valid_mae)` gives the *position* of the lowest error, counting from 0: turn it "
            "into a depth (depths start at 1) and store it with `int(...)`.",
        ),
        checks=[
            shape(lambda a: all(np.shape(v)[1:] != (5,) for v in (a.train_mae, a.valid_mae)),
                  "`train_mae` or `valid_mae` has one column per fold: average the 5 folds with "
                  "`.mean(axis=1)` to get one value per depth."),
            shape(lambda a: _curve(a.train_mae).shape == (len(DEPTHS),) and _curve(a.valid_mae).shape == (len(DEPTHS),),
                  lambda a: f"`train_mae` and `valid_mae` should each hold one value per depth from 1 to 15 "
                  f"(a flat array of shape ({len(DEPTHS)},)), but they have shapes {np.shape(a.train_mae)} "
                  f"and {np.shape(a.valid_mae)}."),
            mistake(lambda a: np.abs(np.r_[_curve(a.train_mae), _curve(a.valid_mae)]).max() <= 1,
                    "`train_mae` and `valid_mae` look like R² scores, the default of `validation_curve` "
                    "for a regressor: pass `scoring='neg_mean_absolute_error'`, then flip the sign."),
            mistake(lambda a: (_curve(a.valid_mae) < 0).any() or (_curve(a.train_mae) < 0).any(),
                    "`train_mae` or `valid_mae` is negative: scikit-learn's `neg_mean_absolute_error` is "
                    "*minus* the error (so that bigger is better). Flip the sign."),
            mistake(lambda a: _curve(a.train_mae).mean() > _curve(a.valid_mae).mean(),
                    "`train_mae` is above `valid_mae`: did you swap them? A tree is usually better on the "
                    "rows it learned from than on rows it has not seen."),
            mistake(lambda a: a.best_depth == int(np.argmin(_curve(a.valid_mae))),
                    "`best_depth` is the position of the lowest validation error in the array, not the "
                    "depth: positions start at 0 but depths start at 1."),
            mistake(lambda a: a.best_depth == DEPTHS[int(np.argmin(_curve(a.train_mae)))]
                    and a.best_depth != DEPTHS[int(np.argmin(_curve(a.valid_mae)))],
                    "`best_depth` is the depth with the lowest *training* error: that always favours the "
                    "deepest tree, which memorises the training rows. Choose by the validation error."),
            require(lambda a: a.best_depth == DEPTHS[int(np.argmin(_curve(a.valid_mae)))],
                    "`best_depth` should be the depth (1 to 15) with the lowest value in `valid_mae`."),
        ],
    ),
    Exercise(
        grade_id="q210_diagnose_fit",
        answers={"fit_diagnosis": Choice(options="abcd")},
        hint="Compare the two curves past the best depth: which one still goes down, and which one does not?",
        hints=(
            "A model is judged by its error on rows it has not seen, and a lower training error does not promise a "
            "lower error on new rows. Rule out the options that go against that.",
            "That leaves underfitting (too simple: the error stays high on the training rows too) and overfitting "
            "(the training error keeps falling while the error on new rows does not). Check which one your curves "
            "show past the best depth.",
        ),
    ),
]
