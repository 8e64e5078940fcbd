# %% [markdown]
# # Module 01 · Preparing data
#
# **Time:** about 115 minutes. **Data:** the Adult census table, 32,561 adults from the 1994 US
# census as it comes in the original file (Becker and Kohavi 1996, UCI, CC BY 4.0), and the raw
# Palmer penguins table, as the researchers recorded it (Gorman et al. 2014, CC0).
#
# Real data is messy, and a model learns from whatever you give it, mess included. By the end of
# this notebook you will be able to:
#
# 1. **find** the made-up markers that stand for "missing", stray spaces and duplicate rows, and fix them;
# 2. **fix** column types (dates, yes/no answers);
# 3. **fill** missing values, and say *why* you chose that way;
# 4. **encode** categories as numbers a model can use;
# 5. **split before fitting anything**, and explain what leaks when you do not;
# 6. **build** a pipeline that prepares the columns and trains a model in one object;
# 7. **measure** how much damage bad data does to a model.
#
# ## How the exercises work
# As in Module 00: write your answer in the cell that says `YOUR CODE HERE`, then run the locked
# cell right after it, the one that starts with `check(`. It runs the *public checks*; when your answer has the right form it says
# **○ FORMAT OK, value checked at grading**. Every exercise starts from the tables loaded in the setup cell, so a slip
# in one exercise never breaks the next one.
#
# Exercise 8 asks for a written answer instead: double-click the cell that says YOUR ANSWER HERE,
# replace that text with your answer, then press Shift+Enter to show it as text again.
#
# Run the cells in order, from the top (menu **Run → Run All Above Selected Cell** helps).

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from curriculum.learner.notebook import check, hint, progress, summary
from curriculum.learner.data import load
from curriculum.learner.plotting import MARKERS, PALETTE, use_course_style

use_course_style()
adult_raw = load("adult_raw")
penguins_raw = load("penguins_raw")

# Column lists: NUMERIC and CATEGORICAL (census) for Parts 7 and 8, MEASUREMENTS (penguins) for
# Parts 4 and 9.
NUMERIC = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
CATEGORICAL = ["workclass", "marital_status", "occupation", "relationship", "race", "sex",
               "native_country"]
MEASUREMENTS = ["Culmen Length (mm)", "Culmen Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]
print(f"Loaded {len(adult_raw)} census rows and {len(penguins_raw)} penguin rows.")

# %% [markdown]
# ## 1. Look before you clean
#
# Each row of `adult_raw` is one person: age, work, education, family, hours worked per week, and
# whether they earned more than $50,000 a year (`income`). Look at the first rows, and at how Python
# shows one value when you ask for it with `repr` (the quotes show exactly what is stored):

# %%
display(adult_raw.head(3))
print(repr(adult_raw.loc[0, "workclass"]))
print(adult_raw["workclass"].value_counts().head(6))

# %% [markdown]
# Two problems hide in there:
#
# - every text value starts with a **space**: `' State-gov'`, not `'State-gov'`;
# - some values are `' ?'`. The people who made the file wrote `?` when they did not know the
#   answer. A made-up value that stands for "missing" is called a **sentinel** (elsewhere you will
#   meet `-999`, `0`, `"N/A"` or `"unknown"`).
#
# pandas cannot guess what a sentinel means, so for pandas nothing is missing at all:

# %%
print("missing values according to pandas:", adult_raw.isna().sum().sum())

# %% [markdown]
# ### Exercise 1
# Store in `question_marks` a **Series** with, for each column of `adult_raw`, the **number of
# values equal to the sentinel** `' ?'` (with its leading space).
#
# Tip: `adult_raw == " ?"` gives a table of `True`/`False` with the same shape as `adult_raw`.
# The counts must be exact.

# %% tags=["answer"] grade_id="q101_question_marks_answer"
### BEGIN SOLUTION
question_marks = (adult_raw == " ?").sum()
### END SOLUTION

# %% tags=["check"] grade_id="q101_question_marks"
check("q101_question_marks")

# %% [markdown]
# The stray space is not harmless. Count the men in the table the obvious way:

# %%
print("rows equal to 'Male':        ", (adult_raw["sex"] == "Male").sum())
print("rows equal to 'Male' stripped:", (adult_raw["sex"].str.strip() == "Male").sum())

# %% [markdown]
# A filter that silently finds nothing is one of the most common bugs in data work. The fix is to
# clean the table once, at the start:
#
# - `s.str.strip()` removes the spaces at both ends of every text value of a column `s`;
# - `adult_raw.select_dtypes("str").columns` lists the text columns (in pandas 3, text columns
#   have the dtype `str`);
# - `table.replace("?", np.nan)` turns every `"?"` into `NaN`, pandas' marker for a missing value.
#
# ### Exercise 2
# Store in `adult` a cleaned copy of `adult_raw`: **strip the spaces** from every text column and
# turn the sentinel into **`NaN`**. Keep every row and every column, and keep the number columns as
# numbers. (Do not drop anything yet: deciding what to do with missing values comes later.) Work on
# a copy (`adult_raw.copy()`): later exercises use `adult_raw` as it is.

# %% tags=["answer"] grade_id="q102_clean_adult_answer"
### BEGIN SOLUTION
adult = adult_raw.copy()
for column in adult.select_dtypes("str").columns:
    adult[column] = adult[column].str.strip()
adult = adult.replace("?", np.nan)
### END SOLUTION

# %% tags=["check"] grade_id="q102_clean_adult"
check("q102_clean_adult")

# %% [markdown]
# ## 2. Duplicates
#
# `table.duplicated()` marks with `True` each row that repeats an **earlier** row in every
# column; the first copy is marked `False`. (`duplicated(keep=False)` marks all the copies,
# the first one too.)
#
# `table.drop_duplicates()` removes the rows that `duplicated()` marks: it keeps the first copy of
# each row and drops the extra copies.
#
# ### Exercise 3
# Store in `n_duplicates` the number of rows of `adult_raw` that repeat an earlier row: the rows you
# would remove to keep one copy of each. Then store in `adult_unique` the table with those rows
# removed: one copy of each row, every column kept. The count must be exact.

# %% tags=["answer"] grade_id="q103_duplicates_answer"
### BEGIN SOLUTION
n_duplicates = int(adult_raw.duplicated().sum())
adult_unique = adult_raw.drop_duplicates()
### END SOLUTION

# %% tags=["check"] grade_id="q103_duplicates"
check("q103_duplicates")

# %% [markdown]
# Before deciding anything, look at them. These are all the copies, sorted so twins sit together.
# (`fnlwgt` is a survey weight: how many people in the population this row stands for.)

# %%
twins = adult_raw[adult_raw.duplicated(keep=False)].sort_values(list(adult_raw.columns))
display(twins.head(6))
print("different values of fnlwgt in the whole table:", adult_raw["fnlwgt"].nunique())

# %% [markdown]
# Twins agree in all 15 columns. Are they one person entered twice? The table cannot say: it has
# no person id, and `fnlwgt` is no fingerprint. It is a sampling weight that the census computes
# from a few facts about a person (such as age, sex and where they live), so similar people share
# it: without the copies, 17,197 of the 32,537 rows share their `fnlwgt` with at least one
# *different* row. Two people can give the same 15 answers. What we do know is what a copy does
# to an evaluation: one twin can land in the training rows and the other in the test rows, and the
# model is then tested on a row it has already seen.
#
# ### Exercise 4
# What should you do with them? Store one letter in `duplicate_decision`.
#
# - **a.** Keep them all: a few dozen rows out of 32,561 cannot change anything.
# - **b.** Delete every row that appears more than once, the first copies too, so that no doubtful
#   row is left.
# - **c.** Keep one copy of each row and drop the extra copies, *before* splitting into training and
#   test rows, and write down how many rows you dropped and why.
# - **d.** Split into training and test rows first, then drop the duplicates inside the test rows.

# %% tags=["answer"] grade_id="q104_duplicate_choice_answer"
### BEGIN SOLUTION
duplicate_decision = "c"
### END SOLUTION

# %% tags=["check"] grade_id="q104_duplicate_choice"
check("q104_duplicate_choice")

# %% [markdown]
# **From here on, every split of the census table starts from `adult_raw.drop_duplicates()`**, the
# table you built as `adult_unique`, so that no record can sit in the training rows and, as its
# twin, in the test rows. Each exercise writes `adult_raw.drop_duplicates()` itself rather than
# using your `adult_unique`, so a slip in Exercise 3 never breaks a later exercise. (Exercise 5
# only computes two shares, without splitting, and uses `adult_raw` as it is: the repeated rows
# move those shares by less than 0.001.)

# %% [markdown]
# ## 3. Missing values can carry information
#
# Is a missing value just a hole, or does it tell you something? Compare the people whose
# occupation is missing with the others.
#
# ### Exercise 5
# Using `adult_raw`, store in
#
# - `high_income_missing` the **share** (a number between 0 and 1) of people earning more than
#   $50K (`income` is `' >50K'`) among the rows whose `occupation` is missing (`' ?'`);
# - `high_income_known` the same share among the rows whose occupation is known.
#
# Tip: the mean of a column of `True`/`False` is the share of `True`. Keep at least 3 decimals: a
# share within 0.0006 of the exact one counts as right.

# %% tags=["answer"] grade_id="q105_missing_income_answer"
### BEGIN SOLUTION
is_high = adult_raw["income"].str.strip() == ">50K"
occupation_missing = adult_raw["occupation"].str.strip() == "?"
high_income_missing = is_high[occupation_missing].mean()
high_income_known = is_high[~occupation_missing].mean()
### END SOLUTION

# %% tags=["check"] grade_id="q105_missing_income"
check("q105_missing_income")

# %% [markdown]
# The same comparison as a picture (computed here from `adult_raw`, so it does not depend on your
# answer). Each bar has its own colour *and* its own hatching, so it reads in black and white too.

# %%
high = adult_raw["income"].str.strip() == ">50K"
missing_occupation = adult_raw["occupation"].str.strip() == "?"
shares = [100 * high[~missing_occupation].mean(), 100 * high[missing_occupation].mean()]
fig_missing, ax = plt.subplots()
bars = ax.barh(["Occupation known", "Occupation missing"], shares, color=PALETTE[:2])
for bar, hatch in zip(bars, ["", "//"]):
    bar.set_hatch(hatch)
ax.set_title("People with a missing occupation rarely earn over $50K")
ax.set_xlabel("People earning more than $50K a year (%)")
ax.set_ylabel("People in the census table (by occupation)")
plt.show()

# %% [markdown]
# Missing values here are **not random**. The 1,843 people with no occupation are more often very
# young or old: 35% are under 25 and 28% are 60 or older, against 16% and 7% of the others. They
# also work fewer hours: 32 a week on average, against 41. If you simply deleted those rows, your
# model would never see such people, and your data would suggest more high earners than the
# population has. For a category column, a safe choice is to keep "missing" as a category of its
# own, so the model can use it.

# %% [markdown]
# ## 4. Types and filling in missing values (penguins)
#
# Now the raw penguin table. Its columns keep the researchers' names: `Culmen Length (mm)` and
# `Culmen Depth (mm)` measure the bill (culmen = the ridge of the bill; Module 02 calls it bill).
# pandas guesses a type for each column when it reads a file, and often guesses "text":

# %%
display(penguins_raw[["Species", "Date Egg", "Clutch Completion", "Body Mass (g)", "Sex"]].head(3))
print(penguins_raw[["Date Egg", "Clutch Completion", "Body Mass (g)"]].dtypes)

# %% [markdown]
# - `Date Egg` is text, so you cannot compute with it: subtracting two dates fails.
#   `pd.to_datetime(column)` turns it into real dates.
# - `Clutch Completion` holds the text `"Yes"` or `"No"`. It should be `True`/`False`.
#   **The trap:** `column.astype(bool)` turns *any* non-empty text into `True`, `"No"` included.
#   Compare the text instead: `column == "Yes"`.
#
# ### Exercise 6
# Store in `penguins` a copy of `penguins_raw` where `Date Egg` holds **dates** and
# `Clutch Completion` holds **`True`/`False`** (`True` for `"Yes"`). Keep every row and column.

# %% tags=["answer"] grade_id="q106_fix_types_answer"
### BEGIN SOLUTION
penguins = penguins_raw.copy()
penguins["Date Egg"] = pd.to_datetime(penguins["Date Egg"])
penguins["Clutch Completion"] = penguins["Clutch Completion"] == "Yes"
### END SOLUTION

# %% tags=["check"] grade_id="q106_fix_types"
check("q106_fix_types")

# %% [markdown]
# ### Filling in (imputing) missing values
#
# Two penguins have no body mass. **Imputing** means filling a missing value with a reasonable
# guess. The usual choices:
#
# - **drop** the rows: simple, but you lose everything else you knew about them;
# - fill with **one value for everyone**, such as the mean or the median of the column;
# - fill with a value **from similar rows**, such as the median of the same species.
#
# The **median** is the middle value: unlike the mean, one very heavy bird does not pull it.
# `groupby("Species")["Body Mass (g)"].transform("median")` gives, on each row, the median mass of
# that row's species.
#
# ### Exercise 7
# Store in `body_mass_filled` a **Series** with the `Body Mass (g)` column of `penguins_raw`, where
# each missing mass is replaced by the **median mass of that penguin's species**. Keep all 344 rows.
# A filled mass counts as right within 2% of its species' median; the masses that were there must
# stay exactly as they are.

# %% tags=["answer"] grade_id="q107_impute_mass_answer"
### BEGIN SOLUTION
species_median = penguins_raw.groupby("Species")["Body Mass (g)"].transform("median")
body_mass_filled = penguins_raw["Body Mass (g)"].fillna(species_median)
### END SOLUTION

# %% tags=["check"] grade_id="q107_impute_mass"
check("q107_impute_mass")

# %% [markdown]
# Why by species? Each dot below is a penguin; the dashed line is the mean of *all* penguins, the
# value a single fill would give every missing bird.

# %%
fig_mass, ax = plt.subplots()
for i, (name, group) in enumerate(penguins_raw.groupby("Species")):
    jitter = np.random.default_rng(i).uniform(-0.15, 0.15, len(group))
    ax.scatter(i + jitter, group["Body Mass (g)"], s=14, alpha=0.6, color=PALETTE[i],
               marker=MARKERS[i], label=name.split()[0])
ax.axhline(penguins_raw["Body Mass (g)"].mean(), color=PALETTE[7], linestyle="--",
           label="Mean of all penguins")
ax.set_xticks(range(3), [name.split()[0] for name in sorted(penguins_raw["Species"].unique())])
ax.set_title("One mass for all would make a missing Adelie a heavy one")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
ax.legend(fontsize=9)
plt.show()
print(penguins_raw.loc[penguins_raw["Body Mass (g)"].isna(), ["Species", *MEASUREMENTS, "Sex"]])

# %% [markdown]
# Look at the table printed under the plot: the two birds with no mass have **no measurement at
# all**. Keep that in mind for the next exercise.
#
# ## 5. Say why (written answer, graded by a person)
#
# ### Exercise 8
# In **three to five sentences**, justify how you would handle the missing body masses of
# `penguins_raw` before using body mass in a summary or as a feature of a model. Say what you chose,
# why, and what could go wrong with it.
#
# **Rubric** (what a full answer contains):
# - **1 point**: the choice and its main reason, with evidence from the data (for example: masses
#   differ a lot between species, so the species median is much closer to the truth than one value
#   for all penguins; the median is not pulled by unusually heavy or light birds).
# - **1 point**: at least one other option and why you did not pick it (or, if you chose to drop the
#   rows, why dropping is acceptable here: only 2 of 344 rows, and they hold no measurement at all).
# - **1 point**: one risk or limit and how to handle it, for example: filled values look like real
#   measurements (keep a flag column or report it), they make the data look less spread out than it
#   is, or, in a model, the medians must be learned from the training rows only.

# %% [markdown] tags=["written"] grade_id="w108_imputation_reason"
# ### BEGIN SOLUTION
# I would fill each missing mass with the median mass of the penguin's species. Masses differ a lot
# between species (Gentoo penguins weigh about 5,000 g, Adelie penguins about 3,700 g), so the mean
# of all penguins (about 4,200 g) would make the missing Adelie 500 g too heavy; the median is not
# pulled by a few unusually heavy birds. Dropping the two rows would also be defensible, since they
# are only 2 of 344 and hold no measurement at all, so there is little to keep. The risk is that a
# filled value looks like a real measurement: I would keep a column that flags the filled rows. If
# body mass is a feature of a model, the medians must be learned on the training rows only, inside
# the pipeline; if it were the value to predict, I would drop the rows instead of inventing targets.
# ### END SOLUTION

# %% [markdown]
# ## 6. Encoding categories
#
# Models compute with numbers, so a category such as the island must become numbers. Tempting, but
# wrong: number the islands 0, 1 and 2. A model would then read Torgersen (2) as "twice" Dream (1),
# and Dream as lying "between" Biscoe and Torgersen, which means nothing.
#
# **One-hot encoding** gives each category its own column, holding 1 (or `True`) on the rows of that
# category and 0 elsewhere. `pd.get_dummies(column)` does it in pandas; scikit-learn's
# `OneHotEncoder` does the same inside a pipeline (Part 8).
#
# ### Exercise 9
# Store in `island_onehot` a **DataFrame** with the one-hot encoding of the `Island` column of
# `penguins_raw`: one column per island, one row per penguin.

# %% tags=["answer"] grade_id="q109_one_hot_answer"
### BEGIN SOLUTION
island_onehot = pd.get_dummies(penguins_raw["Island"])
### END SOLUTION

# %% tags=["check"] grade_id="q109_one_hot"
check("q109_one_hot")

# %% [markdown]
# ## 7. Split before fitting anything
#
# We keep some rows aside, the **test rows**, to check the model later on data it has never seen.
# That check is honest only if *nothing* was learned from the test rows. And "learning" is not only
# training the model: computing a mean to scale a column, a median to fill holes or the list of
# categories to encode is **fitting** too. If the test rows take part, they **leak** into the
# preparation, and the final score is too optimistic.
#
# The **standard deviation** of a column is the typical distance of its values from their mean.
# **Scaling** (standardising) turns each value into "how many standard deviations from the mean",
# so that columns in years and in dollars become comparable: `StandardScaler().fit(X_train)` learns
# the mean and standard deviation of each column, and `.transform(X)` applies them. After scaling,
# the training rows have mean 0 and standard deviation 1 in every column.
#
# The safe order is always: **split**, then **fit** on the training rows, then **transform** both.
#
# ### Exercise 10
# 1. Take the `NUMERIC` columns of `adult_raw.drop_duplicates()` (one copy of each row, as decided in
#    Exercise 4) and split them with
#    `train_test_split(..., test_size=0.25, random_state=0)`.
# 2. Fit a `StandardScaler` on the training rows only.
# 3. Store the scaled training rows in `X_train_scaled` and the scaled test rows in
#    `X_test_scaled`, both as NumPy arrays (`.to_numpy()` turns a DataFrame into one).
#
# Rounding is fine: each scaled value counts as right within 0.001 of the exact one (within 0.1%
# for values above 1), so 3 decimals, or `float16` (numbers stored with about 3 significant
# digits), are enough.

# %% tags=["answer"] grade_id="q110_split_then_scale_answer"
### BEGIN SOLUTION
X_train_num, X_test_num = train_test_split(adult_raw.drop_duplicates()[NUMERIC], test_size=0.25,
                                          random_state=0)
scaler = StandardScaler().fit(X_train_num)
X_train_scaled = scaler.transform(X_train_num)
X_test_scaled = scaler.transform(X_test_num)
### END SOLUTION

# %% tags=["check"] grade_id="q110_split_then_scale"
check("q110_split_then_scale")

# %% [markdown]
# ### How much does a leak matter?
# Here is what scaling *before* the split does to the training rows. This cell makes a split of its
# own, with another `random_state`, so its rows are not those of your answer. The means of the
# training rows should be 0, and they are off by a few thousandths.

# %%
unique_numbers = adult_raw.drop_duplicates()[NUMERIC]
rows_train, rows_test = train_test_split(unique_numbers, test_size=0.25, random_state=1)
honest = StandardScaler().fit(rows_train).transform(rows_train)
leaky = StandardScaler().fit(unique_numbers).transform(rows_train)
display(pd.DataFrame({"mean, scaler fitted on training rows": honest.mean(axis=0).round(4) + 0.0,
                      "mean, scaler fitted on all rows": leaky.mean(axis=0).round(4) + 0.0},
                     index=NUMERIC))

# %% [markdown]
# Tiny, because a mean over 24,000 rows hardly moves when 8,000 more join in. **Do not conclude
# that leaks are harmless**: a leak grows with how much a step learns from each row.
#
# Here is a step that learns a lot. It replaces each value of `fnlwgt` by the share of high
# earners among the rows with that value (this is called **target encoding**: a step that learns
# from the answer column itself). Most values of `fnlwgt` occur in one row only. A simple rule
# then guesses "earns more than $50K" when that share is above one half. We check the rule on the
# test rows twice: with the step fitted on the training rows only, and fitted on all rows.

# %%
unique_rows = adult_raw.drop_duplicates()
earns_more = unique_rows["income"].str.strip() == ">50K"
train_rows, test_rows = train_test_split(unique_rows, test_size=0.25, random_state=1)


def rule_accuracy(fitted_on):
    """Accuracy on the test rows of the rule, with the step fitted on the rows `fitted_on`."""
    share_by_value = earns_more[fitted_on.index].groupby(fitted_on["fnlwgt"]).mean()
    # a value the step never saw gets the share of high earners in the training rows
    learned = test_rows["fnlwgt"].map(share_by_value).fillna(earns_more[train_rows.index].mean())
    return ((learned > 0.5) == earns_more[test_rows.index]).mean()


display(pd.DataFrame({"accuracy on the test rows": [
    rule_accuracy(train_rows), rule_accuracy(unique_rows), 1 - earns_more[test_rows.index].mean()]},
    index=["step fitted on the training rows", "step fitted on all rows (leak)",
           "always saying 'no' (for comparison)"]).round(3))

# %% [markdown]
# Fitted honestly, the rule is useless: it does worse than always saying "no". Fitted on all rows,
# it looks like a model that is right 9 times out of 10. But what it "learned" about most test rows
# is their own answer, and new people will not bring their answer with them. That is leakage: a
# score that falls apart on new data. Split first, and let every step learn from the training rows
# only.

# %% [markdown]
# ## 8. A pipeline: preparation and model in one object
#
# This part trains a model for the first time, so first a few words (Module 02 comes back to them):
#
# - the **features** are the columns a model reads to make its guess (age, hours per week, ...);
#   their table is usually called `X`;
# - the **target** is the column it learns to guess (here: earns more than $50K or not); it is
#   usually called `y`;
# - `LogisticRegression` is a **linear model that answers yes/no, or which class**: it weighs each
#   feature and adds them up into a probability;
# - `model.fit(X_train, y_train)` **learns from the training rows**;
# - `model.predict(new_rows)` **answers for new rows**, with what `fit` learned.

# %% [markdown]
# Doing each step by hand is fragile: at prediction time you must repeat every step, in the same
# order, with the numbers learned from the training rows. A scikit-learn **pipeline** keeps them
# together:
#
# - a `ColumnTransformer` applies different steps to different columns, for example
#   `ColumnTransformer([("numbers", numeric_steps, NUMERIC), ("categories", category_steps, CATEGORICAL)])`;
# - `make_pipeline(step1, step2, ..., model)` chains steps; the last one is the model;
# - `pipe.fit(X_train, y_train)` fits every step **on the training rows only**;
#   `pipe.predict(new_rows)` applies the same steps to new rows, then predicts.
#
# Two things new rows will do to you: a number may be **missing** (fill it with
# `SimpleImputer(strategy="median")` before scaling), and a category may be one the training rows
# **never had** (`OneHotEncoder(handle_unknown="ignore")` encodes it as all zeros instead of
# failing). The sentinel `' ?'` can simply stay a category of its own, as Part 3 suggested.
#
# ### Exercise 11
# Build and fit `pipe`, a pipeline that predicts whether a person earns more than $50K:
#
# 1. Start from `adult_raw.drop_duplicates()` (one copy of each row). `X` is that table without the
#    `income` column; `y` is `True` when `income` is `' >50K'`.
# 2. Split with `train_test_split(X, y, test_size=0.25, random_state=0)`.
# 3. Prepare the `NUMERIC` columns with a median `SimpleImputer` then a `StandardScaler`, and the
#    `CATEGORICAL` columns with a `OneHotEncoder(handle_unknown="ignore")`, in a `ColumnTransformer`.
#    It drops the columns you do not list: here `fnlwgt` (the survey weight met in Part 2) and
#    `education` (already given as a number by `education_num`).
# 4. End with `LogisticRegression(max_iter=1000)`, and fit on the training rows.
#
# `pipe` is graded by its predictions on rows the grader gives it, in the same format as
# `adult_raw` (spaces and `' ?'` included), some with missing numbers or new categories. So train it
# on rows in that raw format (`adult_raw.drop_duplicates()`), not on your cleaned `adult`. It must
# get at least 83% of the rows it has never seen right (the pipeline described here gets about 85%).

# %% tags=["answer"] grade_id="q111_pipeline_answer"
### BEGIN SOLUTION
adult_unique = adult_raw.drop_duplicates()
X = adult_unique.drop(columns="income")
y = adult_unique["income"].str.strip() == ">50K"
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
numeric_steps = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
prepare = ColumnTransformer([
    ("numbers", numeric_steps, NUMERIC),
    ("categories", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
])
pipe = make_pipeline(prepare, LogisticRegression(max_iter=1000))
pipe.fit(X_train, y_train)
print(f"accuracy on the test rows: {pipe.score(X_test, y_test):.3f}")
print(f"always saying 'no':        {1 - y_test.mean():.3f}")
### END SOLUTION

# %% tags=["check"] grade_id="q111_pipeline"
check("q111_pipeline")

# %% [markdown]
# ## 9. Garbage in, garbage out: measure the damage
#
# How much does bad data hurt a model? Measure it. We use the penguins, because their species is
# easy to predict from the four measurements (a clean model gets almost every bird right), so any
# damage shows. The table is small, so the experiment runs in a second.
#
# Three kinds of garbage, each at a growing **share** (0, 20%, 40%, 60%, 80%):
#
# 1. **missing values** in the new rows the model predicts for: a share of the measurements is blank;
# 2. a **unit error** in the new rows: a share of the birds were weighed in **kilograms**, not grams;
# 3. **label noise** in the training rows: a share of the species labels is replaced at random
#    (the model is retrained on them, then judged on the true labels of the clean test rows).
#
# `model.score(X, y)` gives the **accuracy**: the share of rows of `X` whose prediction is right.
#
# ### Exercise 12
# The answer cell holds the experiment. It splits the birds in two halves
# (`stratify=birds["Species"]` keeps the species mix the same in both halves), trains
# `clean_model`, then corrupts the data at each share. Fill each of its three gaps (where it says
# `YOUR CODE HERE`) with your code:
#
# - **Gap 1**: give the birds weighed in kilograms (the rows `in_kg`) their masses in kilograms;
# - **Gap 2**: fit `noisy_model`, a new model (`new_model()`), on the noisy labels, and compute the
#   three accuracies, each judged against the true labels `species_test`;
# - **Gap 3**: plot the three columns of `damage` in a figure stored in `fig_damage`: one line per
#   kind of garbage, each with its own marker (`MARKERS`) and colour (`PALETTE`), the share on the
#   x axis and the accuracy on the y axis, both **in %** (multiply by 100), a legend, axis labels
#   with their units, and a title that states what you find.
#
# The random draws decide the exact numbers, so the grader does not expect yours to the last
# decimal: at share 0 the three columns must match the clean model's accuracy within 0.01, and at
# share 0.8 the accuracy must have fallen to 0.85 or less with missing values, and to 0.75 or less
# with the unit error.

# %% tags=["answer"] grade_id="q112_garbage_in_answer"
birds = penguins_raw.dropna(subset=MEASUREMENTS)
birds_train, birds_test, species_train, species_test = train_test_split(
    birds[MEASUREMENTS], birds["Species"], test_size=0.5, random_state=0, stratify=birds["Species"])


def new_model():
    return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                         LogisticRegression(max_iter=1000))


clean_model = new_model().fit(birds_train, species_train)
rng = np.random.default_rng(0)
rows = []
for share in [0, 0.2, 0.4, 0.6, 0.8]:
    # 1. missing values in the new rows: blank `share` of the measurements
    X_missing = birds_test.mask(rng.random(birds_test.shape) < share)
    # 2. a unit error in the new rows: `share` of the birds weighed in kilograms
    X_units = birds_test.copy()
    in_kg = rng.random(len(X_units)) < share
    # Gap 1: give the rows `in_kg` of X_units the same masses, in kilograms (3700 g becomes 3.7).
    # Use X_units.loc[in_kg, "Body Mass (g)"] = ...; X_units["Body Mass (g)"][in_kg] = ... changes
    # nothing (it writes into a temporary copy).
    ### BEGIN SOLUTION
    X_units.loc[in_kg, "Body Mass (g)"] = X_units.loc[in_kg, "Body Mass (g)"] / 1000
    ### END SOLUTION
    # 3. label noise in the training rows: `share` of the labels replaced at random
    species_noisy = species_train.copy()
    relabel = rng.random(len(species_noisy)) < share
    species_noisy[relabel] = rng.choice(np.array(species_train.unique()), relabel.sum())
    # Gap 2: noisy_model, a new model fitted on the noisy labels; then the accuracy of clean_model
    # on X_missing, of clean_model on X_units and of noisy_model on the clean test rows, stored as
    # accuracy_missing, accuracy_units and accuracy_noise (the next line puts them in `rows`)
    accuracy_missing = accuracy_units = accuracy_noise = None  # placeholders until you fill gap 2
    ### BEGIN SOLUTION
    noisy_model = new_model().fit(birds_train, species_noisy)
    accuracy_missing = clean_model.score(X_missing, species_test)
    accuracy_units = clean_model.score(X_units, species_test)
    accuracy_noise = noisy_model.score(birds_test, species_test)
    ### END SOLUTION
    rows.append({"share": share, "missing values": accuracy_missing,
                 "unit error": accuracy_units, "label noise": accuracy_noise})
damage = pd.DataFrame(rows).set_index("share")

# Gap 3: the figure fig_damage
### BEGIN SOLUTION
fig_damage, ax = plt.subplots()
for column, colour, marker in zip(damage.columns, PALETTE, MARKERS):
    ax.plot(100 * damage.index, 100 * damage[column], color=colour, marker=marker, label=column)
ax.set_title("A unit error in new rows does the most damage")
ax.set_xlabel("Share of the data corrupted (%)")
ax.set_ylabel("Test accuracy (%)")
ax.legend(title="Kind of garbage")
plt.show()
### END SOLUTION

# %% tags=["check"] grade_id="q112_garbage_in"
check("q112_garbage_in")

# %% [markdown]
# What the experiment shows (check it against your plot):
#
# - a **unit error** in the rows you predict for is the most harmful: a bird "weighing 3.7" looks
#   impossibly light, and the model confidently picks the wrong species. Nothing crashes, no
#   warning appears: only a check of the inputs (is the mass in a plausible range?) catches it;
# - **missing values** hurt steadily: the imputer fills them with typical values, which hide what
#   made each bird different;
# - **label noise** hurts least here, because random errors partly cancel out when a simple model
#   averages over many rows. It still costs accuracy as it grows, and errors that are *not* random
#   (one species always mislabelled as another) do much more damage.
#
# ## What you practised
# - finding sentinels, stray spaces and duplicates, and fixing them with a reason;
# - fixing types (dates, yes/no) and avoiding the `astype(bool)` trap;
# - filling missing values, and writing down why;
# - one-hot encoding categories;
# - splitting before fitting anything, so the test rows never leak into the preparation;
# - a `ColumnTransformer` pipeline that prepares new rows the same way as the training rows;
# - measuring how bad inputs damage a model.
#
# Next: **Module 02 · How models learn**.

# %%
summary("01-data-prep")
