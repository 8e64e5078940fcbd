"""Module 00 · Python and pandas as a practical skill: public exercise definitions.

Public checks test type, shape (the `shape()` checks run before any misconception) and the common
misconceptions; whether the value is right, within the tolerance the exercise states, is decided by
the hidden checks at grading (source/00-python-for-data/hidden_checks.py).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from ..checks import (Choice, Exercise, FigureOf, Frame, Function, Integer, Number, SeriesOf, Text,
                      close, mistake, require, shape)
from ..datasets import load

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
COLUMNS = ("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
           "body_mass_g", "sex", "year")


def _public_probes() -> list[tuple]:
    penguins = load("penguins")
    return [(penguins, "Adelie"), (penguins, "Gentoo")]


def _results(calls: list[dict]) -> list[float]:
    return [c["ok"] for c in calls]


def _only_axes(fig: dict) -> dict:
    return fig["axes"][0]


EXERCISES = [
    Exercise(
        grade_id="q01_predict_mean",
        answers={"predicted_mean": Number()},
        outcomes=("O8",),
        hint="Does pandas count a missing value when it takes a mean?",
        checks=[
            mistake(lambda a: close(a.predicted_mean, 14 / 3),
                    "`predicted_mean` treats the missing value as 0 (14 / 3). pandas skips NaN when "
                    "it computes a mean: it averages only the values that are there."),
            mistake(lambda a: math.isnan(a.predicted_mean),
                    "`predicted_mean` is NaN. In plain NumPy one NaN spoils a mean, but pandas skips "
                    "missing values by default."),
        ],
    ),
    Exercise(
        grade_id="q02_shape",
        answers={"n_rows": Integer(), "n_columns": Integer()},
        outcomes=("O7",),
        hint="`penguins.shape` is a pair: (rows, columns).",
        checks=[
            mistake(lambda a: a.n_rows < a.n_columns,
                    "`n_rows` is smaller than `n_columns`: did you swap them? `shape` gives "
                    "(rows, columns), rows first."),
            require(lambda a: a.n_rows > 0 and a.n_columns > 0,
                    "`n_rows` and `n_columns` must both be positive counts."),
        ],
    ),
    Exercise(
        grade_id="q03_missing",
        answers={"missing_per_column": SeriesOf(index=COLUMNS)},
        outcomes=("O7",),
        hint="`isna()` marks missing values with True; summing True values counts them.",
        checks=[
            mistake(lambda a: int(a.missing_per_column.min()) > 300,
                    "`missing_per_column` holds the number of values that are *present* (as "
                    "`count()` gives), not the number that are missing."),
            shape(lambda a: len(a.missing_per_column) == len(COLUMNS),
                  lambda a: f"`missing_per_column` should have one entry per column of `penguins` "
                  f"({len(COLUMNS)}), but it has {len(a.missing_per_column)}."),
            require(lambda a: (a.missing_per_column >= 0).all(),
                    "`missing_per_column` should hold counts, which are never negative."),
        ],
    ),
    Exercise(
        grade_id="q04_filter",
        answers={"heavy_gentoo": Frame(columns=("species", "body_mass_g"))},
        outcomes=("O7", "O8"),
        hint="Two conditions in brackets, joined with &.",
        checks=[
            shape(lambda a: len(a.heavy_gentoo.columns) == len(COLUMNS),
                  lambda a: f"`heavy_gentoo` should keep all {len(COLUMNS)} columns of `penguins`, but "
                  f"it has {len(a.heavy_gentoo.columns)}: filter rows only, do not select columns."),
            shape(lambda a: len(a.heavy_gentoo) > 0,
                  "`heavy_gentoo` has no rows: check both conditions against the data."),
            mistake(lambda a: (a.heavy_gentoo["species"] != "Gentoo").any(),
                    "`heavy_gentoo` contains penguins that are not Gentoo. Conditions joined with | "
                    "(or) keep rows that meet either one: use & (and) to require both."),
            mistake(lambda a: (a.heavy_gentoo["body_mass_g"] < 5000).any(),
                    "`heavy_gentoo` contains light penguins too. Conditions joined with | (or) keep rows "
                    "that meet either one: use & (and) to require both."),
            mistake(lambda a: (a.heavy_gentoo["body_mass_g"] == 5000).any(),
                    "`heavy_gentoo` contains penguins of exactly 5000 g: 'more than 5000 g' means "
                    "`> 5000`, not `>= 5000`."),
        ],
    ),
    Exercise(
        grade_id="q05_group",
        answers={"mean_mass_by_species": SeriesOf(index=SPECIES)},
        outcomes=("O7",),
        hint="groupby the species, select body_mass_g, then take the mean.",
        checks=[
            shape(lambda a: len(a.mean_mass_by_species) == 3,
                  lambda a: "`mean_mass_by_species` should have exactly one value per species (3), "
                  f"but it has {len(a.mean_mass_by_species)}."),
            mistake(lambda a: a.mean_mass_by_species.max() < 500,
                    "`mean_mass_by_species` looks like counts, not masses: did you use `count()` or "
                    "`size()` instead of `mean()`?"),
            mistake(lambda a: close(a.mean_mass_by_species["Adelie"], 3700.0, 1e-9)
                    and close(a.mean_mass_by_species["Gentoo"], 5000.0, 1e-9),
                    "`mean_mass_by_species` holds medians (the middle value), not means. Use `mean()`."),
        ],
    ),
    Exercise(
        grade_id="q06_read_script",
        answers={"script_reading": Choice(options="abcd")},
        outcomes=("O8",),
        hint="Read the script line by line: what is `share`, and what does `idxmax()` return?",
    ),
    Exercise(
        grade_id="q07_fix_bug",
        answers={"mean_mass_kg": Function(probes=_public_probes, returns=Number())},
        outcomes=("O9",),
        hint="How many grams are in a kilogram, and which way should the conversion go?",
        checks=[
            require(lambda a: all("ok" in c for c in a.mean_mass_kg),
                    lambda a: "`mean_mass_kg` raised an error when called: "
                    + next(c["error"] for c in a.mean_mass_kg if "error" in c)),
            mistake(lambda a: _results(a.mean_mass_kg)[0] > 1000,
                    "`mean_mass_kg` still returns values in the millions: multiplying grams by 1000 "
                    "does not give kilograms. 1 kg = 1000 g, so divide."),
            mistake(lambda a: 10 < _results(a.mean_mass_kg)[0] < 100,
                    "`mean_mass_kg` is 10 times too large: 1 kg is 1000 g, not 100 g."),
            require(lambda a: all(0 < v < 100 for v in _results(a.mean_mass_kg) if not math.isnan(v)),
                    "`mean_mass_kg` should give a few kilograms for a penguin, not grams or tonnes."),
        ],
    ),
    Exercise(
        grade_id="q08_change_line",
        answers={"longest_flipper_island": Text()},
        outcomes=("O9",),
        hint="Change what you group by and which column you average; keep idxmax.",
        checks=[
            mistake(lambda a: a.longest_flipper_island in SPECIES,
                    "`longest_flipper_island` is a species name: group by `island`, not `species`."),
            require(lambda a: a.longest_flipper_island in ("Biscoe", "Dream", "Torgersen"),
                    "`longest_flipper_island` should be the name of one island, spelled as in the "
                    "data (Biscoe, Dream or Torgersen)."),
        ],
    ),
    Exercise(
        grade_id="q09_scatter",
        answers={"fig": FigureOf()},
        outcomes=("O7",),
        hint="fig, ax = plt.subplots(); ax.scatter(x, y); then set the title and both labels.",
        checks=[
            shape(lambda a: len(a.fig["axes"]) == 1,
                  lambda a: f"`fig` should hold exactly one plot (one Axes), but it has {len(a.fig['axes'])}."),
            require(lambda a: _only_axes(a.fig)["points"] >= 300,
                    "`fig` has no scatter of the penguins: use `ax.scatter(...)` with one dot per penguin."),
            mistake(lambda a: "mass" in _only_axes(a.fig)["xlabel"].lower()
                    and "flipper" in _only_axes(a.fig)["ylabel"].lower(),
                    "The axes of `fig` are swapped: flipper length goes on x, body mass on y."),
            require(lambda a: _only_axes(a.fig)["title"].strip() != "",
                    "`fig` has no title: a reader should know what the plot shows without you."),
            require(lambda a: "flipper" in _only_axes(a.fig)["xlabel"].lower()
                    and "mass" in _only_axes(a.fig)["ylabel"].lower(),
                    "Label the axes of `fig`: x should name flipper length and y body mass."),
            require(lambda a: "mm" in _only_axes(a.fig)["xlabel"].lower()
                    and re.search(r"\bk?g\b|gram", _only_axes(a.fig)["ylabel"].lower()) is not None,
                    "The axis labels of `fig` need units: millimetres (mm) on x, grams (g) on y. "
                    "(Half the points: the plot is right, but a reader cannot tell its scale.)", credit=0.5),
        ],
    ),
]
