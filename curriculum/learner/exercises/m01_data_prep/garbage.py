"""Module 01, Part 9: the "garbage in" experiment, a table of damage and its figure.

Split from data_prep_modelling.py; data_prep.py assembles the module's EXERCISES. The figure is
judged on its summary (curriculum/learner/checks/figures.py), so one plot or three panels, lines or dots,
an axes or a figure title and legend all count.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from curriculum.learner.checks import Exercise, FigureOf, Frame, Model, mistake, require
from curriculum.learner.data import load

DAMAGE_COLUMNS = ("missing values", "unit error", "label noise")
SHARES = (0.0, 0.2, 0.4, 0.6, 0.8)
MEASUREMENTS = ["Culmen Length (mm)", "Culmen Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
#: A model trained on the clean labels gets nearly every clean test bird right (0.99); one trained on
#: noisy labels, far fewer.
CLEAN_MODEL_MIN = 0.95


@lru_cache(maxsize=1)
def birds_split() -> tuple:
    """(birds_train, birds_test, species_train, species_test), as the exercise's given code splits them."""
    from sklearn.model_selection import train_test_split

    birds = load("penguins_raw").dropna(subset=MEASUREMENTS)
    return tuple(train_test_split(birds[MEASUREMENTS], birds["Species"], test_size=0.5, random_state=0,
                                  stratify=birds["Species"]))


def _clean_test_rows() -> list[tuple]:
    return [(birds_split()[1].copy(),)]


def clean_model_accuracy(a) -> float:
    """How many clean test birds `clean_model` gets right, as it is when the experiment is over."""
    predicted = np.asarray(a.clean_model.calls[0]["ok"]).astype(str)
    return float(np.mean(predicted == birds_split()[3].to_numpy().astype(str)))


# --- q112: the damage table and its figure -------------------------------------------------------

def as_share(values) -> np.ndarray:
    """Numbers given in % are brought back to shares between 0 and 1."""
    values = np.asarray(values, dtype=float)
    return values / 100 if np.nanmax(values) > 1.5 else values


def damage_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """One column of `damage`, as shares, in the order of increasing corruption."""
    order = np.argsort(as_share(frame.index.to_numpy()))
    return as_share(frame[column].to_numpy())[order]


#: q112: below this drop in accuracy per unit of share, the masses were multiplied by 1000, not
#: divided. Divided, they make the model call almost every corrupted bird a Chinstrap (right for 34
#: of the 171 test birds); multiplied, a Gentoo (right for 61). So the accuracy falls by about 0.78
#: per unit share when dividing (standard deviation 0.027 over random draws), 0.64 (0.025) when
#: multiplying. The notebook's draws give 0.75 and 0.62; over 100,000 other draws, dividing never
#: fell below 0.65.
UNIT_SLOPE_MIN = 0.65


def unit_error_slope(frame: pd.DataFrame) -> float:
    """How fast `damage['unit error']` falls: the least-squares drop per unit share, from share 0."""
    shares = np.sort(as_share(frame.index.to_numpy()))
    accuracy = damage_column(frame, "unit error")
    return float(((accuracy[0] - accuracy) * shares).sum() / (shares ** 2).sum())


def _all_axes(fig: dict) -> list[dict]:
    return fig["axes"]


def _has_units(label: str) -> bool:
    text = label.lower()
    return re.search(r"%|percent|share|fraction|proportion|0 ?(-|to) ?1", text) is not None


def _says_percent(label: str) -> bool:
    return re.search(r"%|percent", label.lower()) is not None


def _labels(fig: dict, axis: str) -> list[str]:
    return [ax[f"{axis}label"] for ax in _all_axes(fig) if ax[f"{axis}label"].strip()]


def _plots_three_series(fig: dict) -> bool:
    """Three lines over all the axes (one plot or one panel per column), or three series of dots."""
    lines = sum(ax["lines"] for ax in _all_axes(fig))
    points = sum(ax["points"] for ax in _all_axes(fig))
    return lines >= 3 or points >= 3 * len(SHARES)


def _has_title(fig: dict) -> bool:
    return bool(fig.get("suptitle", "").strip()) or any(ax["title"].strip() for ax in _all_axes(fig))


def _names_the_series(fig: dict) -> bool:
    """A legend with three entries (on the axes or the figure), or one titled panel per series."""
    entries = len(fig.get("legend", [])) + sum(len(ax["legend"]) for ax in _all_axes(fig))
    panels = [ax for ax in _all_axes(fig) if ax["title"].strip()]
    return entries >= 3 or len(panels) >= 3


def _labelled(fig: dict) -> bool:
    y_words = r"accura|correct|right|score|identif|predict|classif|success|hit"
    return (any(_has_units(x) for x in _labels(fig, "x"))
            and any(_has_units(y) and re.search(y_words, y.lower()) for y in _labels(fig, "y")))


def _max_plotted(fig: dict, axis: str) -> float | None:
    ends = [ax[f"{axis}_range"][1] for ax in _all_axes(fig) if ax.get(f"{axis}_range")]
    return max(ends) if ends else None


def _percent_label_on_shares(fig: dict) -> bool:
    """A label says % while the numbers plotted on that axis are shares between 0 and 1."""
    for axis in ("x", "y"):
        top = _max_plotted(fig, axis)
        if top is not None and top <= 1.0 and any(_says_percent(t) for t in _labels(fig, axis)):
            return True
    return False


EXERCISES = [
    Exercise(
        grade_id="q112_garbage_in",
        answers={"damage": Frame(columns=DAMAGE_COLUMNS), "fig_damage": FigureOf(),
                 "clean_model": Model(probes=_clean_test_rows)},
        hint="Fill each of the three gaps of the cell. Which model learned from "
             "which labels, and which rows is each one scored on? For the figure: one line per "
             "column of `damage`.",
        hints=(
            "Gap 1 changes only the rows `in_kg` of the `Body Mass (g)` column, through `X_units.loc[...]`. Gap 2 "
            "needs a fresh `new_model()` trained on the noisy labels, and every `.score(...)` judged against "
            "`species_test`. Gap 3 draws one line per column of `damage`.",
            "Gap 1: on the right of the `=`, take the same `.loc` selection and divide it by 1000. Gap 2: fit the new "
            "model on `birds_train` and `species_noisy`; score `clean_model` on `X_missing` and on `X_units`, and "
            "`noisy_model` on `birds_test`. Gap 3: create `fig_damage` and its `ax` with `plt.subplots()`, loop over "
            "`zip(damage.columns, PALETTE, MARKERS)` and call `ax.plot` with the share times 100 on x, the column "
            "times 100 on y, and `color`, `marker` and `label`; then add a title, both axis labels with (%), and "
            "`ax.legend()`.",
        ),
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
            # every point after share 0 depends on clean_model staying clean: judge the model itself
            mistake(lambda a: "ok" in a.clean_model.calls[0] and clean_model_accuracy(a) < CLEAN_MODEL_MIN,
                    "`clean_model` no longer predicts like a model trained on the clean labels: it was "
                    "fitted again during the experiment. scikit-learn's `fit` changes a model in place, so "
                    "`noisy_model = clean_model.fit(...)` turns `clean_model` into the noisy model, and "
                    "every later point of `damage` measured the wrong model. Make a new model for the "
                    "noisy labels with `new_model()`."),
            mistake(lambda a: damage_column(a.damage, "label noise")[2] < 0.85,
                    "`damage['label noise']` falls very fast: did you put the noise on the test labels, "
                    "or score on the noisy training labels? Label noise is a fault of the *training* "
                    "data: fit a new model on `species_noisy`, then judge it against the true test "
                    "labels `species_test`."),
            mistake(lambda a: np.ptp(damage_column(a.damage, "label noise")) < 1e-9,
                    "`damage['label noise']` is flat: the same accuracy at every share, so the model "
                    "you scored never learned from the noisy labels. At each share, fit a new model on "
                    "`species_noisy` (`noisy_model`) and score that one on the clean test rows."),
            mistake(lambda a: damage_column(a.damage, "missing values")[-1]
                    >= damage_column(a.damage, "missing values")[0] - 0.05,
                    "`damage['missing values']` hardly falls as more values go missing: score "
                    "`clean_model` on the corrupted copy `X_missing`, not on the clean test rows."),
            mistake(lambda a: damage_column(a.damage, "unit error")[-1]
                    >= damage_column(a.damage, "unit error")[0] - 0.05,
                    "`damage['unit error']` hardly falls as more birds are weighed in kilograms, so "
                    "`X_units` was probably never changed: a chained assignment such as "
                    "`X_units[\"Body Mass (g)\"][in_kg] = ...` changes a temporary copy, not `X_units`. "
                    "Use `X_units.loc[in_kg, \"Body Mass (g)\"] = ...` to put the masses in kilograms "
                    "(divide by 1000), and score `clean_model` on `X_units`."),
            mistake(lambda a: unit_error_slope(a.damage) < UNIT_SLOPE_MIN,
                    "`damage['unit error']` falls more slowly than masses in kilograms make it fall: "
                    "did you multiply the masses of the rows `in_kg` by 1000? A bird of 3700 g weighs "
                    "3.7 kg, so its mass should become a thousand times smaller."),
            # the table is the main answer: a weak figure costs part of the points, never all
            require(lambda a: _plots_three_series(a.fig_damage),
                    "`fig_damage` should show three lines, one per column of `damage` (the share on "
                    "x, the accuracy on y).", credit=0.5),
            require(lambda a: _has_title(a.fig_damage),
                    "`fig_damage` has no title: state what you find in it.", credit=0.125),
            require(lambda a: _labelled(a.fig_damage),
                    "Label both axes of `fig_damage` with their units: the share corrupted (%) on x, "
                    "the test accuracy (%) on y.", credit=0.125),
            require(lambda a: _names_the_series(a.fig_damage),
                    "`fig_damage` has no legend for its three lines: a reader cannot tell which kind of "
                    "garbage each one shows (`ax.legend()`).", credit=0.125),
            require(lambda a: not _percent_label_on_shares(a.fig_damage),
                    "An axis label of `fig_damage` says %, but the numbers on that axis are shares "
                    "between 0 and 1: multiply them by 100 (or say 'share' in the label).", credit=0.125),
        ],
    ),
]
