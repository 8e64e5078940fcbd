"""Hidden checks for module 00, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-00: tests prove this line never reaches a learner or a feedback file.
"""
import math

import pandas as pd

from curriculum.checks import mistake, require
from curriculum.datasets import load

_penguins = load("penguins")


def _close(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def _probe_frame():
    """A small table the learner has never seen: a missing mass, and a species with one row."""
    return pd.DataFrame({
        "species": ["Adelie", "Adelie", "Gentoo", "Gentoo", "Emperor"],
        "body_mass_g": [3000.0, None, 5000.0, 6000.0, 22000.0],
    })


#: Inputs for function answers at grading (replacing the public probes).
PROBES = {
    "q07_fix_bug": {
        "mean_mass_kg": lambda: [(_penguins, "Adelie"), (_penguins, "Chinstrap"),
                                 (_probe_frame(), "Adelie"), (_probe_frame(), "Emperor")],
    },
}

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
        require(lambda a: _close(a.predicted_mean, 7.0),
                "`predicted_mean` is not what the code prints. Work through it again: which values "
                "does the mean use, and how many of them are there?"),
    ],
    "q02_shape": [
        require(lambda a: (a.n_rows, a.n_columns) == _penguins.shape,
                "`n_rows` and `n_columns` do not match the size of `penguins`: read them from "
                "`penguins.shape` rather than typing numbers."),
    ],
    "q03_missing": [
        require(lambda a: a.missing_per_column.reindex(_penguins.columns).astype(int).tolist()
                == _penguins.isna().sum().astype(int).tolist(),
                "`missing_per_column` has the right columns but wrong counts for some of them: count "
                "the missing values of each column with `isna().sum()`."),
    ],
    "q04_filter": [
        require(lambda a: len(a.heavy_gentoo) == int(((_penguins.species == "Gentoo")
                                                      & (_penguins.body_mass_g > 5000)).sum()),
                "`heavy_gentoo` misses some of the Gentoo penguins above 5000 g: filter the whole "
                "`penguins` table with both conditions."),
    ],
    "q05_group": [
        require(lambda a: all(_close(a.mean_mass_by_species[s], m)
                              for s, m in _penguins.groupby("species")["body_mass_g"].mean().items()),
                "`mean_mass_by_species` does not hold the mean mass of each species over all the "
                "penguins: group the whole table and average `body_mass_g`."),
    ],
    "q06_read_script": [
        mistake(lambda a: a.script_reading == "a", _choice_feedback["a"]),
        mistake(lambda a: a.script_reading == "c", _choice_feedback["c"]),
        mistake(lambda a: a.script_reading == "d", _choice_feedback["d"]),
        require(lambda a: a.script_reading == "b", "`script_reading` is not the right choice."),
    ],
    "q07_fix_bug": [
        require(lambda a: all("ok" in c for c in a.mean_mass_kg),
                "`mean_mass_kg` raised an error on a table you have not seen: it must work for any "
                "table with the columns `species` and `body_mass_g`."),
        mistake(lambda a: any(math.isnan(c["ok"]) for c in a.mean_mass_kg),
                "`mean_mass_kg` returned NaN for a species that is in the table it was given: it must "
                "use only the `df` it is given, not the global `penguins`."),
        mistake(lambda a: _close(a.mean_mass_kg[2]["ok"], 1.5),
                "`mean_mass_kg` treats missing masses as 0. Let `mean()` skip them."),
        require(lambda a: all(_close(c["ok"], e) for c, e in zip(a.mean_mass_kg, _expected_kg)),
                "`mean_mass_kg` gives wrong results on tables you have not seen: it must use only the "
                "rows of the species asked for, and only the `df` it is given."),
    ],
    "q08_change_line": [
        mistake(lambda a: a.longest_flipper_island
                == _penguins.groupby("island")["flipper_length_mm"].mean().idxmin(),
                "`longest_flipper_island` is the island with the *shortest* mean flippers: use "
                "`idxmax()`."),
        require(lambda a: a.longest_flipper_island
                == _penguins.groupby("island")["flipper_length_mm"].mean().idxmax(),
                "`longest_flipper_island` is not the island with the longest mean flipper length: "
                "average `flipper_length_mm`, grouped by `island`."),
    ],
    "q09_scatter": [
        require(lambda a: a.fig["axes"][0]["points"] >= int(_penguins[["flipper_length_mm", "body_mass_g"]]
                                                             .dropna().shape[0]),
                "`fig` shows fewer dots than there are penguins with both measurements: plot the whole "
                "table."),
    ],
}
