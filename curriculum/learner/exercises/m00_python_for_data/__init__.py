"""Module 00 · Python and pandas as a practical skill: public exercise definitions.

Public checks test type, shape (the `shape()` checks run before any misconception) and the common
misconceptions; whether the value is right, within the tolerance the exercise states, is decided by
the hidden checks at grading (source/00-python-for-data/hidden_checks.py).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from curriculum.learner.checks import (
    Choice,
    Exercise,
    FigureOf,
    Frame,
    Function,
    Integer,
    Number,
    SeriesOf,
    Text,
    close,
    mistake,
    require,
    shape,
)
from curriculum.learner.data import load

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
ISLANDS = ("Biscoe", "Dream", "Torgersen")
HEAVY_G = 4500  # q04: "more than 4500 g" (9 Adelie and Chinstrap weigh more too, so both conditions matter)
COLUMNS = ("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
           "body_mass_g", "sex", "year")


def _public_probes() -> list[tuple]:
    penguins = load("penguins")
    return [(penguins, "Adelie"), (penguins, "Gentoo")]


#: q07: the learner's mean turned NaN on data with a missing mass (public and hidden checks say it).
NAN_MEAN = ("`mean_mass_kg` returned NaN: a missing mass spoils a plain NumPy mean (`.values.mean()`, "
            "`np.mean`), while the pandas `.mean()` of a column skips missing values.")


def _results(calls: list[dict]) -> list[float]:
    return [c["ok"] for c in calls]


def _only_axes(fig: dict) -> dict:
    return fig["axes"][0]


def _xlabel(fig: dict) -> str:
    return _only_axes(fig)["xlabel"].lower()


def _ylabel(fig: dict) -> str:
    return _only_axes(fig)["ylabel"].lower()


#: q01 says "one decimal is enough": answers within half a unit of the first decimal are that value.
ONE_DECIMAL = 0.05

EXERCISES = [
    Exercise(
        grade_id="q01_predict_mean",  # "one decimal is enough"
        answers={"predicted_mean": Number()},
        hint="Does pandas count a missing value when it takes a mean?",
        hints=(
            "No: pandas' `.mean()` skips `NaN`. Which values of `s` are left, and how many of them are there?",
            "Add up the values of `s` that are not missing, then divide by the number of those values (not by "
            "`len(s)`, which counts the `NaN` too). Store the result as a number in `predicted_mean`.",
        ),
        checks=[
            # the exercise allows one decimal: a mistake rounded that way (4.7) is still this mistake
            mistake(lambda a: close(a.predicted_mean, 14 / 3, rel=0, abs_tol=ONE_DECIMAL),
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
        # "the same code must work on next year's data": at grading the answer cell runs again on every
        # other row and all columns but the last; numbers typed by hand stay the same
        follows={"penguins": lambda table: table.iloc[::2, :-1]},
        hint="Which attribute of a DataFrame gives its size, and which does it give first: rows or columns?",
        hints=(
            "`penguins.shape` is a pair of numbers, `(rows, columns)`, always rows first. Use it in your code instead "
            "of typing numbers you read on screen.",
            "Unpack the pair into two names in one assignment, rows first (as in `a, b = some_pair`), or take its "
            "items by position: index `0` holds the rows, index `1` the columns.",
        ),
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
        hint="`isna()` marks each missing value with True. How could you count the True values in each "
             "column? (Python counts True as 1.)",
        hints=(
            "`penguins.isna()` gives a table of the same shape, with True where a value is missing. Adding up "
            "True/False values counts the Trues.",
            "Call `.isna()` on `penguins`, then `.sum()` on the result: by default `.sum()` adds up each column, so "
            "you get one count per column, as a Series.",
        ),
        checks=[
            mistake(lambda a: int(a.missing_per_column.min()) > 300,
                    "`missing_per_column` holds the number of values that are *present* (as "
                    "`count()` gives), not the number that are missing."),
            mistake(lambda a: bool(a.missing_per_column.between(0, 1).all()
                                   and (a.missing_per_column % 1 != 0).any()),
                    "`missing_per_column` holds shares (between 0 and 1), as `mean()` gives: the "
                    "exercise asks for the *number* of missing values in each column."),
            shape(lambda a: len(a.missing_per_column) == len(COLUMNS),
                  lambda a: f"`missing_per_column` should have one entry per column of `penguins` "
                  f"({len(COLUMNS)}), but it has {len(a.missing_per_column)}."),
            require(lambda a: a.missing_per_column.notna().all(),
                    "`missing_per_column` has missing entries itself: every column needs a count "
                    "(0 when nothing is missing)."),
            require(lambda a: (a.missing_per_column >= 0).all(),
                    "`missing_per_column` should hold counts, which are never negative."),
        ],
    ),
    Exercise(
        grade_id="q04_filter",
        answers={"heavy_gentoo": Frame(columns=("species", "body_mass_g"))},
        hint="Is each condition in its own brackets, and are they joined so that a row must meet both?",
        hints=(
            "You need two True/False tests: one on the `species` column and one on the `body_mass_g` column. Each "
            "goes in its own round brackets, joined with `&` so that a row must pass both.",
            "Compare `penguins[\"species\"]` with `\"Gentoo\"` using `==`, and `penguins[\"body_mass_g\"]` with 4500 "
            "using `>` (not `>=`). Put `(first test) & (second test)` inside `penguins[...]`: that keeps the matching "
            "rows, with all their columns.",
        ),
        checks=[
            # an extra `index` column (from reset_index()) is harmless: the rows are right
            shape(lambda a: len(set(a.heavy_gentoo.columns) - {"index"}) == len(COLUMNS),
                  lambda a: f"`heavy_gentoo` should keep all {len(COLUMNS)} columns of `penguins`, but "
                  f"it has {len(a.heavy_gentoo.columns)}: filter rows only, do not select columns."),
            shape(lambda a: len(a.heavy_gentoo) > 0,
                  "`heavy_gentoo` has no rows: check both conditions against the data."),
            shape(lambda a: pd.api.types.is_numeric_dtype(a.heavy_gentoo["body_mass_g"]),
                  "the column `body_mass_g` of `heavy_gentoo` should hold numbers (grams), as in "
                  "`penguins`: keep the rows as they are."),
            mistake(lambda a: (a.heavy_gentoo["species"] != "Gentoo").any(),
                    "`heavy_gentoo` contains penguins that are not Gentoo: the species condition is "
                    "missing, or the conditions are joined with | (or), which keeps rows that meet "
                    "either one. Use & (and) to require both."),
            mistake(lambda a: (a.heavy_gentoo["body_mass_g"] < HEAVY_G).any()
                    or a.heavy_gentoo["body_mass_g"].isna().any(),
                    "`heavy_gentoo` contains Gentoo penguins that are not heavy: the mass condition is "
                    "missing, or the conditions are joined with | (or). Use & (and) to require both."),
            mistake(lambda a: (a.heavy_gentoo["body_mass_g"] == HEAVY_G).any(),
                    f"`heavy_gentoo` contains penguins of exactly {HEAVY_G} g: 'more than {HEAVY_G} g' "
                    f"means `> {HEAVY_G}`, not `>= {HEAVY_G}`."),
        ],
    ),
    Exercise(
        grade_id="q05_group",
        answers={"mean_mass_by_species": SeriesOf(index=SPECIES)},
        hint="Which column do you group by, which column do you average, and which method gives an average?",
        hints=(
            "Follow the `groupby` example above the exercise: group by one column, pick another column in square "
            "brackets, then call a method. Which column names the species, and which holds the mass in grams?",
            "Call `groupby` on `penguins` with `\"species\"`, select `[\"body_mass_g\"]`, then call `.mean()` (not "
            "`.median()` or `.count()`). The result is already a Series indexed by species.",
        ),
        checks=[
            shape(lambda a: len(a.mean_mass_by_species) == 3,
                  lambda a: "`mean_mass_by_species` should have exactly one value per species (3), "
                  f"but it has {len(a.mean_mass_by_species)}."),
            mistake(lambda a: 1 < a.mean_mass_by_species.max() < 10,
                    "`mean_mass_by_species` looks like kilograms: the exercise asks for the mean mass "
                    "in grams, as in `body_mass_g`."),
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
        hint="Read the script line by line: what is `share`, and what does `idxmax()` return?",
        hints=(
            "`idxmax()` returns one label, so `answer` holds a single island name: not a number, not a table. Rule "
            "out the options that describe a number or one value per island.",
            "Now read `share`: `(s == \"female\")` is True/False, and the mean of True/False values is a share, not a "
            "count; `dropna` keeps only the penguins whose sex is known. Nothing in the script counts the penguins of "
            "each island: rule out the option about the most penguins too.",
        ),
    ),
    Exercise(
        grade_id="q07_fix_bug",
        answers={"mean_mass_kg": Function(probes=_public_probes, returns=Number())},
        hint="How many grams are in a kilogram, and which way should the conversion go?",
        hints=(
            "The first two lines of the function are fine; the bug is on the `return` line. A mass in kilograms is a "
            "smaller number than the same mass in grams: does `* 1000` make it smaller?",
            "Change only the operator in front of `1000` on the `return` line, to the one that makes the mean 1000 "
            "times smaller. Keep `rows[\"body_mass_g\"].mean()` as it is: the pandas `.mean()` skips missing masses.",
        ),
        checks=[
            require(lambda a: all("ok" in c for c in a.mean_mass_kg),
                    lambda a: "`mean_mass_kg` did not give a number when called: "
                    + next(c["error"] for c in a.mean_mass_kg if "error" in c)),
            # the first two tables are the full `penguins` (public and hidden): one mass is missing
            mistake(lambda a: any(math.isnan(v) for v in _results(a.mean_mass_kg)[:2]), NAN_MEAN),
            mistake(lambda a: _results(a.mean_mass_kg)[0] > 1e5,
                    "`mean_mass_kg` still returns values in the millions: multiplying grams by 1000 "
                    "does not give kilograms. 1 kg = 1000 g, so divide."),
            mistake(lambda a: _results(a.mean_mass_kg)[0] > 1000,
                    "`mean_mass_kg` returns grams, not kilograms: 1 kg = 1000 g, so divide the mean "
                    "by 1000."),
            mistake(lambda a: 10 < _results(a.mean_mass_kg)[0] < 100,
                    "`mean_mass_kg` is 10 times too large: 1 kg is 1000 g, not 100 g."),
            require(lambda a: all(0 < v < 100 for v in _results(a.mean_mass_kg) if not math.isnan(v)),
                    "`mean_mass_kg` should give a few kilograms for a penguin, not grams or tonnes."),
        ],
    ),
    Exercise(
        grade_id="q08_change_line",
        answers={"deepest_bill_island": Text()},
        hint="Change what you group by and which column you average; keep idxmax.",
        hints=(
            "Only the first line changes, in two places: what you group by (the species becomes the island) and which "
            "column you average (the mass becomes the bill depth). The `idxmax()` line stays, apart from the names.",
            "In `groupby(...)` replace `\"species\"` by `\"island\"`, and in the square brackets replace "
            "`\"body_mass_g\"` by `\"bill_depth_mm\"`; keep `.mean()`. Then `idxmax()` on that result gives the "
            "island's name: store it in `deepest_bill_island`.",
        ),
        checks=[
            mistake(lambda a: a.deepest_bill_island in SPECIES,
                    "`deepest_bill_island` is a species name: group by `island`, not `species`."),
            require(lambda a: a.deepest_bill_island in ISLANDS,
                    "`deepest_bill_island` should be the name of one island, spelled as in the "
                    "data (Biscoe, Dream or Torgersen)."),
        ],
    ),
    Exercise(
        grade_id="q09_scatter",
        answers={"fig": FigureOf()},
        hint="Which values does `ax.scatter` take first, x or y? Does your figure have a title and both "
             "axis labels, with units?",
        hints=(
            "Start with `fig, ax = plt.subplots()`. `ax.scatter(x, y)` takes the x values first: here the "
            "`flipper_length_mm` column, then the `body_mass_g` column.",
            "After `ax.scatter(...)`, call `ax.set_title(...)` with a short sentence, `ax.set_xlabel(...)` with "
            "flipper length and `(mm)`, and `ax.set_ylabel(...)` with body mass and `(g)`. Keep the figure from "
            "`plt.subplots()` in `fig`.",
        ),
        checks=[
            shape(lambda a: len(a.fig["axes"]) == 1,
                  lambda a: f"`fig` should hold exactly one plot (one Axes), but it has {len(a.fig['axes'])}."),
            require(lambda a: _only_axes(a.fig)["points"] >= 300,
                    "`fig` has no scatter of the penguins: use `ax.scatter(...)` with one dot per penguin."),
            mistake(lambda a: "mass" in _xlabel(a.fig) and "flipper" in _ylabel(a.fig),
                    "The axes of `fig` are swapped: flipper length goes on x, body mass on y."),
            require(lambda a: (_only_axes(a.fig)["title"] or a.fig.get("suptitle", "")).strip() != "",
                    "`fig` has no title: a reader should know what the plot shows without you."),
            require(lambda a: "flipper" in _xlabel(a.fig) and re.search(r"mass|weight", _ylabel(a.fig)),
                    "Label the axes of `fig`: x should name flipper length and y body mass."),
            mistake(lambda a: re.search(r"\bkg\b|kilo", _ylabel(a.fig)) and (_only_axes(a.fig)["y_range"]
                                                                            or [0, 0])[1] > 1000,
                    "The y label of `fig` says kilograms, but the dots are in grams (`body_mass_g`): "
                    "a label must match the numbers it describes."),
            require(lambda a: re.search(r"mm|millimet", _xlabel(a.fig))
                    and re.search(r"(^|[^a-z])k?g\b|gram", _ylabel(a.fig)),
                    "The axis labels of `fig` need units: millimetres (mm) on x, grams (g) on y. "
                    "(Half the points: the plot is right, but a reader cannot tell its scale.)", credit=0.5),
        ],
    ),
]
