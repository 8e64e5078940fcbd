# %% [markdown]
# # Module 00 · Python and pandas as a practical skill
#
# **Time:** about 65 minutes. **Data:** the Palmer penguins, real penguins measured on three
# islands in Antarctica (Gorman et al. 2014, CC0).
#
# By the end of this notebook you will be able to:
#
# 1. **predict** what a short piece of code prints before you run it;
# 2. **load and inspect** a real table: its size, its columns, its missing values;
# 3. **select, filter and group** rows to answer a question;
# 4. **read** someone else's script and say what it computes;
# 5. **fix** a small bug and **change one line** to answer a new question;
# 6. **draw** a first plot that a reader can understand without you.
#
# ## How the exercises work
# Each exercise asks for a *value*. Write it in the cell that says `YOUR CODE HERE` and run it. The
# grey cell after it is **locked**: it runs the *public checks* and says what to fix (✗ NOT YET), or
# **○ FORMAT OK, value checked at grading**: the value itself is checked later, so get it
# right. Stuck? `hint("q01")` reveals hints, one at a time. The last cell sums up where you stand.
#
# Run the cells in order, from the top.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from curriculum.learner.notebook import check, hint, progress, ready, summary
from curriculum.learner.data import load
from curriculum.learner.plotting import use_course_style

use_course_style()
penguins = load("penguins")
print("Loaded the table `penguins`: one row per penguin.")

# %% [markdown]
# ## 1. Read code before you run it
#
# Reading code and predicting what it does is the most useful programming skill there is: it is how
# you catch mistakes in your own work and in the work of others.
#
# A pandas **Series** is one column of values with labels. `None` inside it becomes `NaN`
# ("not a number"), pandas' marker for a **missing value**.
#
# ```python
# s = pd.Series([4.0, None, 10.0])
# print(s.mean())
# ```
#
# ### Exercise 1
# Without running that code, what does it print? Store your prediction as a number in
# `predicted_mean` (one decimal is enough). Then run the code yourself in a new cell to see whether
# you were right.

# %% tags=["answer"] grade_id="q01_predict_mean_answer"
### BEGIN SOLUTION
predicted_mean = 7.0
### END SOLUTION

# %% tags=["check"] grade_id="q01_predict_mean"
check("q01_predict_mean")

# %% [markdown]
# ## 2. A first look at a real table
#
# A **DataFrame** is a table: rows are observations (here, one penguin each) and columns are
# variables. Three things to look at first, every time: its size, its columns, and what is missing.

# %%
display(penguins.head())
print(penguins.dtypes)

# %% [markdown]
# `head()` shows the first five rows. `dtypes` lists each column's **dtype**: the kind of values it
# holds. `str` is text, `float64` is numbers with decimals, `int64` is whole numbers. A column of
# numbers stored as `str` cannot be averaged, so check the dtypes before you compute anything.
#
# The size of a table is its `shape`: a pair of numbers, (rows, columns).

# %% [markdown]
# ### Exercise 2
# Store the number of rows of `penguins` in `n_rows` and its number of columns in `n_columns`.
# Compute them from `penguins` in the answer cell, not as numbers typed by hand: the same code
# must work on next year's data (grading runs it again on a changed table). Counts must be exact.

# %% tags=["answer"] grade_id="q02_shape_answer"
### BEGIN SOLUTION
n_rows, n_columns = penguins.shape
### END SOLUTION

# %% tags=["check"] grade_id="q02_shape"
check("q02_shape")

# %% [markdown]
# ### Exercise 3
# Real data has holes. `penguins.isna()` gives a table of `True` where a value is missing.
# Store in `missing_per_column` a **Series** with, for each column, the **number of missing values**
# (exact counts).

# %% tags=["answer"] grade_id="q03_missing_answer"
### BEGIN SOLUTION
missing_per_column = penguins.isna().sum()
### END SOLUTION

# %% tags=["check"] grade_id="q03_missing"
check("q03_missing")

# %% [markdown]
# ## 3. Select, filter, group
#
# - `penguins["species"]` **selects** one column;
# - `penguins[penguins["island"] == "Dream"]` **filters** rows with a condition;
# - combine conditions with `&` (and) and `|` (or), each condition in its own brackets:
#   `penguins[(cond1) & (cond2)]`.

# %%
dream = penguins[penguins["island"] == "Dream"]
print(len(dream), "penguins live on Dream island")

# %% [markdown]
# ### Exercise 4
# Store in `heavy_gentoo` the rows (all columns) of the **Gentoo** penguins that weigh **more than
# 4500 g** (`body_mass_g`).

# %% tags=["answer"] grade_id="q04_filter_answer"
### BEGIN SOLUTION
heavy_gentoo = penguins[(penguins["species"] == "Gentoo") & (penguins["body_mass_g"] > 4500)]
### END SOLUTION

# %% tags=["check"] grade_id="q04_filter"
check("q04_filter")

# %% [markdown]
# **Grouping** splits the table by the values of one column, computes something per group, and
# combines the results: `penguins.groupby("island")["bill_length_mm"].max()` gives the longest bill
# on each island, as a Series indexed by island.
#
# ### Exercise 5
# Store in `mean_mass_by_species` a Series with the **mean** body mass (in grams) of each species,
# indexed by species name. Rounding is fine: means within 1 g of the exact value count as right.

# %% tags=["answer"] grade_id="q05_group_answer"
### BEGIN SOLUTION
mean_mass_by_species = penguins.groupby("species")["body_mass_g"].mean()
### END SOLUTION

# %% tags=["check"] grade_id="q05_group"
check("q05_group")

# %% [markdown]
# Once your answer passes its check, this cell draws it. Every course figure has a title, axes
# labelled with units, and colours safe for colour-blind readers.

# %%
if ready("q05_group"):
    fig_bar, ax = plt.subplots()
    means = mean_mass_by_species.sort_values()
    ax.barh(means.index, means.values, color="#0072B2")
    ax.set_title("Your answer: the mean body mass of each species")
    ax.set_xlabel("Mean body mass (g)")
    ax.set_ylabel("Species")
    plt.show()

# %% [markdown]
# ## 4. Read someone else's script
#
# A colleague sends you this script. Read it; do not run it yet.
#
# ```python
# df = load("penguins")
# df = df.dropna(subset=["sex"])
# share = df.groupby("island")["sex"].apply(lambda s: (s == "female").mean())
# answer = share.idxmax()
# ```
#
# Words you may not know yet:
#
# - `dropna(subset=["sex"])` drops the rows whose `sex` is missing;
# - `.apply(...)` runs a function on each island's group, one island at a time;
# - `lambda s: ...` is a one-line function; here `s` is the sex column of one island;
# - `idxmax()` returns the *label* of the largest value, not the value itself.
#
# ### Exercise 6
# What does `answer` hold? Store one letter in `script_reading`.
#
# - **a.** The island with the most penguins.
# - **b.** The island with the highest share of female penguins, among penguins whose sex is known.
# - **c.** The share of female penguins on the island with the most penguins.
# - **d.** The number of female penguins on each island.

# %% tags=["answer"] grade_id="q06_read_script_answer"
### BEGIN SOLUTION
script_reading = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q06_read_script"
check("q06_read_script")

# %% [markdown]
# ## 5. Fix a bug
#
# This function is meant to return the mean body mass **in kilograms** of one species. It runs
# without an error, yet its answer is wrong:
#
# ```python
# def mean_mass_kg(df, species):
#     """Mean body mass, in kilograms, of the penguins of one species."""
#     rows = df[df["species"] == species]
#     return rows["body_mass_g"].mean() * 1000
# ```
#
# ### Exercise 7
# Define a fixed `mean_mass_kg(df, species)` below. It is checked on tables you have not seen, so
# it must work for any table with the columns `species` and `body_mass_g`. Rounding is fine: results
# within 0.01 kg of the exact value count as right.

# %% tags=["answer"] grade_id="q07_fix_bug_answer"
### BEGIN SOLUTION
def mean_mass_kg(df, species):
    """Mean body mass, in kilograms, of the penguins of one species."""
    rows = df[df["species"] == species]
    return rows["body_mass_g"].mean() / 1000
### END SOLUTION

# %% tags=["check"] grade_id="q07_fix_bug"
check("q07_fix_bug")

# %% [markdown]
# ## 6. Change one line to answer a new question
#
# This code finds the species with the heaviest penguins on average:
#
# ```python
# by_species = penguins.groupby("species")["body_mass_g"].mean()
# heaviest_species = by_species.idxmax()
# ```
#
# ### Exercise 8
# A researcher asks a new question: **on which island do penguins have the deepest bills on
# average** (the mean of `bill_depth_mm`)? Copy the code, change what you need, and store the
# island's name (a string) in `deepest_bill_island`.

# %% tags=["answer"] grade_id="q08_change_line_answer"
### BEGIN SOLUTION
by_island = penguins.groupby("island")["bill_depth_mm"].mean()
deepest_bill_island = by_island.idxmax()
### END SOLUTION

# %% tags=["check"] grade_id="q08_change_line"
check("q08_change_line")

# %% [markdown]
# ## 7. Your first plot
#
# A **scatter plot** shows one dot per row, placing it by two numeric columns. It is the quickest
# way to see whether two measurements move together.
#
# ### Exercise 9
# Draw a scatter plot with **flipper length on the x axis** and **body mass on the y axis**. Give it a
# title and label both axes **with their units** (mm and g). Store the figure in `fig`.
#
# Start from `fig, ax = plt.subplots()`: `fig` is the whole picture, `ax` the plot area inside it
# where you draw. Then use `ax.scatter(...)`, `ax.set_title(...)`, `ax.set_xlabel(...)` and
# `ax.set_ylabel(...)`.

# %% tags=["answer"] grade_id="q09_scatter_answer"
### BEGIN SOLUTION
fig, ax = plt.subplots()
ax.scatter(penguins["flipper_length_mm"], penguins["body_mass_g"], alpha=0.6)
ax.set_title("Penguins with longer flippers tend to be heavier")
ax.set_xlabel("Flipper length (mm)")
ax.set_ylabel("Body mass (g)")
plt.show()
### END SOLUTION

# %% tags=["check"] grade_id="q09_scatter"
check("q09_scatter")

# %% [markdown]
# A pattern over all penguins can hide what happens in each group. The **bills**, one marker shape
# *and* colour per species: over all penguins, longer bills look *shallower*; within each species,
# they are *deeper*. A third factor, the species, reverses the pattern.

# %%
fig_species, ax = plt.subplots()
for (name, group), colour, marker in zip(penguins.groupby("species"), ["#0072B2", "#E69F00", "#009E73"], "os^"):
    ax.scatter(group["bill_length_mm"], group["bill_depth_mm"], label=name, color=colour, marker=marker, alpha=0.7)
ax.set_title("Bill length and depth: the species tell another story")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
ax.legend(title="Species")
plt.show()

# %% [markdown]
# ## 8. Say what you see (written answer, graded by a person)
#
# ### Exercise 10
# Look at your scatter plot, and at the bills above. In **three to five sentences**:
#
# 1. describe the relationship between flipper length and body mass: its direction and how strong
#    it is;
# 2. give one reason why this plot alone does **not** show that longer flippers *cause* a heavier
#    body;
# 3. name one limit of the data or of the plot, and point to what you see that shows it.
#
# **Rubric** (what a full answer contains):
# - **1 point**: the direction and strength of the relationship, in plain words (for example "heavier
#   penguins tend to have longer flippers; the pattern is strong").
# - **1 point**: a reason why it is not cause and effect, such as a third factor behind both (species,
#   overall body size, age) or that the data only observe penguins, nobody changed their flippers.
# - **1 point**: one concrete limit of the data or the plot, with evidence (for example that rows with
#   missing measurements are left out, or that the species form separate clusters).

# %% [markdown] tags=["written"] grade_id="w10_interpret_scatter"
# ### BEGIN SOLUTION
# Heavier penguins tend to have longer flippers: the dots rise from left to right in a tight band,
# so the relationship is strong and positive. It does not show cause and effect, because a third
# factor drives both: bigger species such as Gentoo have both longer flippers and heavier bodies,
# and the bills show how a species can even reverse a pattern seen over all penguins. Two penguins
# with no measurements are also left out of the plot.
# ### END SOLUTION

# %% [markdown]
# ## What you practised
# Reading code before running it; a table's size, columns and holes first; selecting, filtering and
# grouping; fixing a bug; and a plot with a title, units and a colour-blind-safe palette.
#
# Next: **Module 01 · Preparing data**, where the data is messier.

# %%
summary("00-python-for-data")
