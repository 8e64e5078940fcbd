"""Module 02, Parts 7 and 8: learning as feedback (a loss curve) and a validation curve.

Split from training.py, which assembles the module's EXERCISES.
"""
from __future__ import annotations

import numpy as np

from ..checks import Array, Choice, Exercise, FigureOf, Integer, mistake, require

N_EPOCHS = 20
DEPTHS = tuple(range(1, 16))


# --- figures -------------------------------------------------------------------------------------

def _axes(fig: dict) -> dict:
    return fig["axes"][0]


def _text(fig: dict, key: str) -> str:
    return _axes(fig)[key].lower()


def _curve(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


EXERCISES = [
    Exercise(
        grade_id="q208_loss_curve",
        answers={"losses": Array(), "fig_loss": FigureOf()},
        outcomes=("O5",),
        hint="For each of the 20 epochs: sgd.partial_fit(X_train_std, bike_y_train), then append "
             "mean_squared_error(bike_y_train, sgd.predict(X_train_std)). Plot losses against the epoch.",
        checks=[
            require(lambda a: _curve(a.losses).ndim == 1 and len(a.losses) == N_EPOCHS,
                    lambda a: f"`losses` should hold one value per epoch ({N_EPOCHS} values), but it has "
                    f"shape {np.shape(a.losses)}."),
            mistake(lambda a: not np.isfinite(_curve(a.losses)).all() or _curve(a.losses).max() > 1e7,
                    "`losses` explodes to huge values: stochastic gradient descent on raw features takes "
                    "steps that are far too big. Standardise the features first (StandardScaler fitted on "
                    "`bike_X_train`)."),
            mistake(lambda a: np.ptp(_curve(a.losses)) <= 1e-9 * _curve(a.losses).max(),
                    "`losses` is flat: every epoch gives the same loss. `fit` starts again from scratch "
                    "each time; use `partial_fit` to take one more pass over the data per epoch."),
            mistake(lambda a: _curve(a.losses).max() < 1000,
                    "`losses` holds values in the tens of bikers: that looks like a mean *absolute* error "
                    "(or its square root). Record the mean *squared* error, the loss the model minimises."),
            require(lambda a: a.losses[-1] < a.losses[0],
                    "`losses` does not go down: the last epoch's loss should be lower than the first's, "
                    "since the model learns from its errors at every pass."),
            require(lambda a: len(a.fig_loss["axes"]) >= 1 and _axes(a.fig_loss)["lines"] >= 1,
                    "`fig_loss` has no line: draw the losses with `ax.plot(...)`."),
            require(lambda a: _axes(a.fig_loss)["title"].strip() != "",
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
        answers={"train_mae": Array(), "valid_mae": Array(), "best_depth": Integer()},
        outcomes=("O5",),
        hint="validation_curve(..., param_name='max_depth', param_range=range(1, 16), cv=5, "
             "scoring='neg_mean_absolute_error') returns scores of shape (15, 5): flip the sign, average "
             "each row.",
        checks=[
            mistake(lambda a: _curve(a.valid_mae).ndim == 2,
                    "`valid_mae` has one column per fold: average the 5 folds with `.mean(axis=1)` to get "
                    "one value per depth."),
            require(lambda a: _curve(a.train_mae).shape == (len(DEPTHS),) and _curve(a.valid_mae).shape == (len(DEPTHS),),
                    lambda a: f"`train_mae` and `valid_mae` should each hold one value per depth from 1 to 15 "
                    f"(shape ({len(DEPTHS)},)), but they have shapes {np.shape(a.train_mae)} and "
                    f"{np.shape(a.valid_mae)}."),
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
        outcomes=("O5",),
        hint="Compare the two curves past the best depth: which one still goes down, and which one does not?",
    ),
]
