"""Hidden checks for module 00, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-00: tests prove this line never reaches a learner or a feedback file.
"""
import math

import pandas as pd

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.data import load
from curriculum.learner.exercises.m00_python_for_data import HEAVY_G, NAN_MEAN, ONE_DECIMAL

_penguins = load("penguins")

#: Tolerances stated in the notebook: means within 1 g (q05), kilograms within 0.01 kg (q07).
MASS_TOL_G = 1.0
MASS_TOL_KG = 0.01

#: The data range q09's scatter must cover: flipper length on x, body mass on y.
_X = (float(_penguins.flipper_length_mm.min()), float(_penguins.flipper_length_mm.max()))
_Y = (float(_penguins.body_mass_g.min()), float(_penguins.body_mass_g.max()))


def _spans(observed, expected, share=0.02):
    """True when a plotted [min, max] matches `expected` within `share` of its width at each end."""
    slack = share * (expected[1] - expected[0])
    return (observed is not None and abs(observed[0] - expected[0]) <= slack
            and abs(observed[1] - expected[1]) <= slack)


def _probe_frame():
    """A small table the learner has never seen: a missing mass, and a species with one row."""
    return pd.DataFrame({
        "species": ["Adelie", "Adelie", "Gentoo", "Gentoo", "Emperor"],
        "body_mass_g": [3000.0, None, 5000.0, 6000.0, 22000.0],
    })


#: Inputs for function answers at grading (replacing the public probes).
PROBES = {
    "q07_fix_bug": {
        # a fresh table per call: a learner's function that changes its input cannot spoil the next
        "mean_mass_kg": lambda: [(load("penguins"), "Adelie"), (load("penguins"), "Chinstrap"),
                                 (_probe_frame(), "Adelie"), (_probe_frame(), "Emperor")],
    },
}

_by_island = _penguins.groupby("island")[["bill_depth_mm", "body_mass_g"]].mean()
#: q09: how strongly flipper length and body mass go together; sorted or shuffled columns lose it.
_R = float(_penguins[["flipper_length_mm", "body_mass_g"]].corr().iloc[0, 1])

_expected_kg = [
    _penguins.loc[_penguins.species == "Adelie", "body_mass_g"].mean() / 1000,
    _penguins.loc[_penguins.species == "Chinstrap", "body_mass_g"].mean() / 1000,
    3.0,
    22.0,
]
_choice_feedback = {
    "a": "`script_reading`: (a) is not it. The script never counts penguins per island: it computes, "
         "per island, the mean of (sex == 'female'), which is a share.",
    "c": "`script_reading`: (c) is not it. `idxmax()` returns a label (an island name), not a share.",
    "d": "`script_reading`: (d) is not it. `answer` is a single label; the per-island values are in "
         "`share`, and they are shares, not counts.",
}

HIDDEN = {
    "q01_predict_mean": [
        require(lambda a: close(a.predicted_mean, 7.0, rel=0, abs_tol=ONE_DECIMAL),  # "one decimal is enough"
                "`predicted_mean` is not what the code prints. Work through it again: which values "
                "does the mean use, and how many of them are there?"),
    ],
    "q02_shape": [
        require(lambda a: a.n_rows == _penguins.shape[0],
                "`n_rows` is not the number of rows of `penguins` (all of them, with or without "
                "missing values): read it from `penguins.shape`."),
        require(lambda a: a.n_columns == _penguins.shape[1],
                "`n_columns` is not the number of columns of `penguins`: read it from "
                "`penguins.shape`."),
    ],
    "q03_missing": [
        # exact numbers: a count of 2.5 is not 2 (no astype(int), which would truncate it)
        require(lambda a: [float(v) for v in a.missing_per_column.reindex(_penguins.columns)]
                == [float(v) for v in _penguins.isna().sum()],
                "`missing_per_column` has the right columns but wrong counts for some of them: count "
                "the missing values of each column with `isna().sum()`."),
    ],
    "q04_filter": [
        # the rows themselves, not just how many: the masses of exactly the heavy Gentoo penguins
        require(lambda a: sorted(a.heavy_gentoo["body_mass_g"].astype(float)) == sorted(
                    _penguins.loc[(_penguins.species == "Gentoo") & (_penguins.body_mass_g > HEAVY_G),
                                  "body_mass_g"].astype(float)),
                f"`heavy_gentoo` misses some of the Gentoo penguins above {HEAVY_G} g: filter the whole "
                "`penguins` table with both conditions."),
    ],
    "q05_group": [
        require(lambda a: all(close(a.mean_mass_by_species[s], m, rel=0, abs_tol=MASS_TOL_G)
                              for s, m in _penguins.groupby("species")["body_mass_g"].mean().items()),
                "`mean_mass_by_species` does not hold the mean mass of each species over all the "
                "penguins: group the whole table and average `body_mass_g`."),
    ],
    "q06_read_script": choice_checks("script_reading", "b", _choice_feedback),
    "q07_fix_bug": [
        require(lambda a: all("ok" in c for c in a.mean_mass_kg),
                "`mean_mass_kg` raised an error on a table you have not seen: it must work for any "
                "table with the columns `species` and `body_mass_g`."),
        # the Emperor exists only in the unseen table: NaN there means the global `penguins` was used
        mistake(lambda a: math.isnan(a.mean_mass_kg[3]["ok"]) and not math.isnan(a.mean_mass_kg[2]["ok"]),
                "`mean_mass_kg` returned NaN for a species that is in the table it was given: it must "
                "use only the `df` it is given, not the global `penguins`."),
        mistake(lambda a: any(math.isnan(c["ok"]) for c in a.mean_mass_kg), NAN_MEAN),
        mistake(lambda a: close(a.mean_mass_kg[2]["ok"], 1.5),
                "`mean_mass_kg` treats missing masses as 0. Let `mean()` skip them."),
        mistake(lambda a: all(close(c["ok"], e, rel=0, abs_tol=10 * MASS_TOL_KG)
                              for c, e in zip(a.mean_mass_kg, _expected_kg))
                and not all(close(c["ok"], e, rel=0, abs_tol=MASS_TOL_KG)
                            for c, e in zip(a.mean_mass_kg, _expected_kg)),
                f"`mean_mass_kg` is close, but not within {MASS_TOL_KG} kg on every table: round to "
                "2 decimals at most (or not at all), and divide, rather than floor-divide, by 1000."),
        require(lambda a: all(close(c["ok"], e, rel=0, abs_tol=MASS_TOL_KG)
                              for c, e in zip(a.mean_mass_kg, _expected_kg)),
                "`mean_mass_kg` gives wrong results on tables you have not seen: it must use only the "
                "rows of the species asked for, and only the `df` it is given."),
    ],
    "q08_change_line": [
        # the shallowest bills and the heaviest penguins are on the same island
        mistake(lambda a: a.deepest_bill_island in (_by_island["bill_depth_mm"].idxmin(),
                                                    _by_island["body_mass_g"].idxmax()),
                "`deepest_bill_island` is the island with the *shallowest* bills, which is also the "
                "island with the heaviest penguins: average `bill_depth_mm` (not `body_mass_g`), "
                "grouped by `island`, and keep `idxmax()`."),
        require(lambda a: a.deepest_bill_island == _by_island["bill_depth_mm"].idxmax(),
                "`deepest_bill_island` is not the island with the deepest mean bill: average "
                "`bill_depth_mm`, grouped by `island`."),
    ],
    "q09_scatter": [
        mistake(lambda a: _spans(a.fig["axes"][0]["x_range"], _Y) and _spans(a.fig["axes"][0]["y_range"], _X),
                "The dots of `fig` are swapped: the labels say flipper length on x, but the data on x "
                "are body masses. `ax.scatter(x, y)` takes the x values first: pass "
                "`penguins[\"flipper_length_mm\"]` first, then `penguins[\"body_mass_g\"]`."),
        require(lambda a: _spans(a.fig["axes"][0]["x_range"], _X) and _spans(a.fig["axes"][0]["y_range"], _Y),
                f"The dots of `fig` do not span the penguins' measurements: x should run over the "
                f"flipper lengths (about {_X[0]:.0f} to {_X[1]:.0f} mm) and y over the body masses "
                f"(about {_Y[0]:.0f} to {_Y[1]:.0f} g). Plot the columns `flipper_length_mm` and "
                "`body_mass_g` of `penguins`, not other or made-up numbers."),
        require(lambda a: a.fig["axes"][0].get("corr") is not None and abs(a.fig["axes"][0]["corr"] - _R) < 0.05,
                "The dots of `fig` do not pair each penguin's flipper length with its own body mass: "
                "pass the two columns of the same table, unsorted, so that row i gives dot i."),
        require(lambda a: a.fig["axes"][0]["points"] >= int(_penguins[["flipper_length_mm", "body_mass_g"]]
                                                             .dropna().shape[0]),
                "`fig` shows fewer dots than there are penguins with both measurements: plot the whole "
                "table."),
    ],
}
