# %% [markdown]
# # Module 07 · Models in production
#
# **Time:** about 90 minutes. **Data:** the American Community Survey, Massachusetts 2015 (US Census
# Bureau, public domain, via `folktables` and `nannyml`), and a two-year **scoring stream** made from
# it: 2,000 people a month, January 2025 to December 2026, with changes planted in it like those
# of real traffic.
#
# By the end of this notebook you will be able to:
#
# 1. **save and load** a fitted pipeline safely with `skops`;
# 2. write a **predict function** that refuses bad input with a clear message;
# 3. **watch** a model's accuracy month by month, and **test features for drift** (PSI, KS);
# 4. find **data-quality incidents** and say what drift tests cannot see;
# 5. **retrain** on recent data and compare the models honestly.
#
# ## How the exercises work
# As before: write your answer in the cell under each exercise, run it, then run the check cell.
# The last exercise is a written answer. Run the cells in order.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the data and fits the model now in production (locked).
import warnings

warnings.filterwarnings("ignore")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import skops.io as sio
from scipy.stats import ks_2samp
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from curriculum.learner.data import load
from curriculum.learner.notebook import check, hint, progress, ready, summary
from curriculum.learner.plotting import MARKERS, PALETTE, use_course_style

use_course_style()

CODES = ["SCHL", "MAR", "RELP", "DIS", "ESP", "CIT", "MIG", "MIL", "ANC", "NATIVITY", "DEAR", "DEYE",
         "DREM", "SEX", "RAC1P"]  # census codes, read as text
FEATURES = ["AGEP", *CODES]      # AGEP: age in years

# The model: trained on 20,000 people of the 2015 survey, to predict `employed` (1 or 0).
acs = load("acs_employment_ma")
acs_2015 = acs[acs["year"] == 2015].astype({c: str for c in CODES})
train = acs_2015.sample(20_000, random_state=0)
model = make_pipeline(
    make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), CODES),
        (StandardScaler(), ["AGEP"])),
    LogisticRegression(max_iter=1000))
model.fit(train[FEATURES], train["employed"])
KNOWN_CODES = {c: sorted(acs_2015[c].unique()) for c in CODES}  # the codes of each column in 2015

# The scoring stream: the people the model scored, month by month, with their outcome.
stream = load("scoring_stream")
MONTHS = sorted(stream["month"].unique())
REFERENCE_MONTHS = MONTHS[:6]                        # 2025-01 to 2025-06: what "normal" looks like
reference = stream[stream["month"].isin(REFERENCE_MONTHS)]
AGE_EDGES = [-0.5, 15.5, 24.5, 34.5, 44.5, 54.5, 64.5, 74.5, np.inf]  # age bins for PSI
RECENT = ("2026-09", "2026-10")                      # the retraining window
NEWEST = ("2026-11", "2026-12")                      # the newest outcomes

# %% [markdown]
# ## 1. Save and load a model
#
# An application does not retrain a model each time it starts: it **loads** a saved one. Python's
# `pickle` can save anything, but loading a pickle *runs* instructions stored in the file: a file
# from a stranger can call any function, for example delete files or send your data away. Never
# `pickle.load` a file you do not trust.
#
# `skops.io` saves scikit-learn models in a format that holds data, not instructions. On loading, it
# rebuilds only types it trusts (scikit-learn estimators, NumPy arrays) and refuses any other type
# unless you name it. `sio.get_untrusted_types(file=path)` lists such types, so you can read them first.
#
# ### Exercise 1
# Save `model` to a file with `sio.dump` (any name ending in `.skops`, for example
# `employment-model.skops`). Store in `untrusted` the list that `sio.get_untrusted_types(file=...)`
# returns for that file (read it: is each type one you expect in a scikit-learn model?). Load the file
# with `sio.load(..., trusted=untrusted)` into `loaded_model`.

# %% tags=["answer"] grade_id="q701_save_load_answer"
### BEGIN SOLUTION
sio.dump(model, "employment-model.skops")
untrusted = sio.get_untrusted_types(file="employment-model.skops")
loaded_model = sio.load("employment-model.skops", trusted=untrusted)
### END SOLUTION

# %% tags=["check"] grade_id="q701_save_load"
check("q701_save_load")

# %% [markdown]
# ## 2. A predict function that refuses bad input
#
# The application calls one function with a table of people. A model fed bad input still answers:
# ages in months, a blank school code, a code it never saw. The answer is silently wrong. A guard
# should **refuse** such input with a message saying what to fix.
#
# ### Exercise 2
# Write `predict_employment(rows)`. It raises a `ValueError` whose message **names the column at
# fault** when:
# - a column of `FEATURES` is missing;
# - `AGEP` is not numeric (`pd.api.types.is_numeric_dtype`);
# - a feature has a missing value;
# - an age is outside 0 to 120 years (ages in months are);
# - a code is not in `KNOWN_CODES` for its column.
#
# Otherwise it returns `model.predict(rows[FEATURES])`. Extra columns are fine. Never change `rows`,
# and never repair bad input (filling, converting): that hides the problem.

# %% tags=["answer"] grade_id="q702_predict_answer"
### BEGIN SOLUTION
def predict_employment(rows):
    missing = [c for c in FEATURES if c not in rows.columns]
    if missing:
        raise ValueError(f"missing columns: {missing}")
    if not pd.api.types.is_numeric_dtype(rows["AGEP"]):
        raise ValueError(f"AGEP must be a number of years, got {rows['AGEP'].dtype}")
    for column in FEATURES:
        if rows[column].isna().any():
            raise ValueError(f"{column} has {rows[column].isna().sum()} missing values")
    if not rows["AGEP"].between(0, 120).all():
        raise ValueError("AGEP must be an age in years, between 0 and 120")
    for column in CODES:
        unseen = set(rows[column]) - set(KNOWN_CODES[column])
        if unseen:
            raise ValueError(f"{column} has codes never seen in training: {sorted(unseen)}")
    return model.predict(rows[FEATURES])
### END SOLUTION

# %% tags=["check"] grade_id="q702_predict"
check("q702_predict")

# %% [markdown]
# ## 3. Accuracy month by month
#
# Once people's outcomes are known, the accuracy of each month shows whether the model still works.
#
# ### Exercise 3
# Store in `accuracy_by_month` the accuracy of `model` on each month of `stream` (a Series indexed by
# month, 3 decimals are enough). The **baseline** is its mean over `REFERENCE_MONTHS`. Store in
# `drop_months` the list of months whose accuracy is more than 0.10 below the baseline. Compute both
# in the answer cell.

# %% tags=["answer"] grade_id="q703_accuracy_by_month_answer"
### BEGIN SOLUTION
accuracy_by_month = stream.groupby("month").apply(
    lambda g: accuracy_score(g["employed"], model.predict(g[FEATURES])))
baseline = accuracy_by_month.loc[REFERENCE_MONTHS].mean()
drop_months = list(accuracy_by_month[accuracy_by_month < baseline - 0.10].index)
### END SOLUTION

# %% tags=["check"] grade_id="q703_accuracy_by_month"
check("q703_accuracy_by_month")

# %%
if ready("q703_accuracy_by_month"):
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(MONTHS, accuracy_by_month, color=PALETTE[0], marker=MARKERS[0], linestyle="-", label="accuracy")
    ax.axhline(accuracy_by_month.loc[REFERENCE_MONTHS].mean() - 0.10, color=PALETTE[1], linestyle="--", label="baseline minus 0.10")
    ax.set_title("Accuracy falls twice: a short dip, then a lasting drop")
    ax.set_xlabel("Month of scoring (YYYY-MM)")
    ax.set_ylabel("Accuracy (share of right predictions)")
    ax.tick_params(axis="x", rotation=90)
    ax.legend()
    plt.show()

# %% [markdown]
# ## 4. Drift tests on a feature
#
# Outcomes arrive late, but the inputs arrive at once. **Drift** is a change in the inputs'
# distribution. Two measures compare a month with `reference`:
#
# - the **Population Stability Index** (PSI). Cut the values into bins; in each bin take the share
#   of the reference (`e`) and of the month (`a`);
#   PSI = sum over bins of (a - e) × ln(a / e). 0 means no change; by a common rule of thumb, above
#   0.1 is worth a look and above 0.25 is a real shift;
# - the **Kolmogorov-Smirnov** (KS) statistic, `scipy.stats.ks_2samp(x, y).statistic`: the largest
#   gap between the two cumulative distributions (0 to 1).
#
# ### Exercise 4
# Write `psi(expected, actual, edges)`: the shares per bin of each sample (`np.histogram(values,
# bins=edges)` counts; divide by the number of values), then the formula. **Empty bins:** a share of 0
# makes ln(a / e) a division by zero or log(0); replace every share below 0.0001 by 0.0001 in both
# samples before the formula. Return a number. It must accept lists or arrays.

# %% tags=["answer"] grade_id="q704_psi_answer"
### BEGIN SOLUTION
def psi(expected, actual, edges):
    e = np.histogram(expected, bins=edges)[0] / len(expected)
    a = np.histogram(actual, bins=edges)[0] / len(actual)
    e = np.clip(e, 0.0001, None)
    a = np.clip(a, 0.0001, None)
    return float(np.sum((a - e) * np.log(a / e)))
### END SOLUTION

# %% tags=["check"] grade_id="q704_psi"
check("q704_psi")

# %% [markdown]
# ### Exercise 5
# For each month, compare its ages (`AGEP`) with those of `reference`. Store in `age_psi` the PSI
# (your `psi` with `AGE_EDGES`) and in `age_ks` the KS statistic: two Series indexed by month,
# 3 decimals are enough.

# %% tags=["answer"] grade_id="q705_age_drift_answer"
### BEGIN SOLUTION
def shares(ages):
    return np.clip(np.histogram(ages, bins=AGE_EDGES)[0] / len(ages), 0.0001, None)


expected = shares(reference["AGEP"])
by_month = stream.groupby("month")["AGEP"]
age_psi = by_month.apply(lambda ages: float(np.sum((shares(ages) - expected) * np.log(shares(ages) / expected))))
age_ks = by_month.apply(lambda ages: ks_2samp(reference["AGEP"], ages).statistic)
### END SOLUTION

# %% tags=["check"] grade_id="q705_age_drift"
check("q705_age_drift")

# %%
if ready("q705_age_drift"):
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(MONTHS, age_psi, color=PALETTE[0], marker=MARKERS[0], linestyle="-", label="PSI")
    ax.plot(MONTHS, age_ks, color=PALETTE[2], marker=MARKERS[1], linestyle=":", label="KS statistic")
    ax.axhline(0.1, color=PALETTE[1], linestyle="--", label="PSI 0.1: worth a look")
    ax.set_yscale("symlog", linthresh=0.01)
    ax.set_ylim(bottom=0)
    ax.set_title("Age drift: quiet, then a spike, then a lasting shift")
    ax.set_xlabel("Month of scoring (YYYY-MM)")
    ax.set_ylabel("Drift from the reference (PSI, KS; no unit)")
    ax.tick_params(axis="x", rotation=90)
    ax.legend()
    plt.show()

# %% [markdown]
# Drift is not always a fault. In the Bikeshare data (hourly bike rentals in Washington DC in
# 2011), temperatures drift with the seasons. A monitoring team expects such drift and plans for it
# (compare a month with the same month a year before, or train on every season):

# %%
bikes = load("bikeshare")
bikes["temp_c"] = bikes["temp"] * 47 - 8  # degrees Celsius (stored as (t + 8) / 47)
seasons = bikes.groupby("mnth", sort=False)["temp_c"]  # the months in the data's order, January first
months_2011 = list(seasons.groups)
fig_seasons, ax = plt.subplots()
ax.fill_between(months_2011, seasons.quantile(0.25), seasons.quantile(0.75), color=PALETTE[0], alpha=0.3,
                label="middle half of the hours")
ax.plot(months_2011, seasons.median(), color=PALETTE[0], marker=MARKERS[0], linestyle="-", label="median hour")
ax.set_title("Temperatures drift with the seasons: expected drift, not a fault")
ax.set_xlabel("Month of 2011")
ax.set_ylabel("Temperature (°C)")
ax.legend()
plt.show()

# %% [markdown]
# Once your `psi` passes its check, this cell measures that drift against January:

# %%
if ready("q704_psi"):
    january = bikes.loc[bikes["mnth"] == "Jan", "temp"]
    temp_psi = bikes.groupby("mnth", sort=False)["temp"].apply(lambda t: psi(january, t, np.linspace(0, 1, 11)))
    print("PSI of the temperature of each month against January:")
    print(temp_psi.round(2).to_string())

# %% [markdown]
# ### Exercise 6
# Be the monitoring team: choose a rule on `age_psi` or `age_ks` and store the months it flags in
# `alarm_months` (a list of months). The grader scores it against the log of the age incidents
# planted in the stream, which you cannot see. An incident is caught when your rule flags one of its
# months within six months of its start (a month that another incident explains does not count for
# it); a month before any incident started is quiet, and an alarm there is a false alarm. A rule that
# flags every month means nothing.

# %% tags=["answer"] grade_id="q706_alarms_answer"
### BEGIN SOLUTION
ks_by_month = stream.groupby("month")["AGEP"].apply(lambda ages: ks_2samp(reference["AGEP"], ages).statistic)
alarm_months = list(ks_by_month[ks_by_month > 0.05].index)
### END SOLUTION

# %% tags=["check"] grade_id="q706_alarms"
check("q706_alarms")

# %% [markdown]
# ## 5. Data-quality incidents
#
# Some changes are not the world changing but the **data breaking**: a unit switch, a burst of
# blanks, a code the model never saw. The model's encoder ignores unseen codes and the imputer fills
# blanks, so the model answers anyway.
#
# ### Exercise 7
# Find the three incidents, computing them in the answer cell:
# - `unit_switch_months`: the months in which some age is above 120 (ages sent in months), a list;
# - `missing_burst_month`: the month in which more than 10% of a column is missing, as text;
# - `new_relp_code`: the `RELP` code of the stream that is not in `KNOWN_CODES["RELP"]`, as text.

# %% tags=["answer"] grade_id="q707_quality_answer"
### BEGIN SOLUTION
oldest = stream.groupby("month")["AGEP"].max()
unit_switch_months = list(oldest[oldest > 120].index)
missing_share = stream.groupby("month")[FEATURES].apply(lambda g: g.isna().mean()).max(axis=1)
missing_burst_month = missing_share.idxmax()
new_relp_code = sorted(set(stream["RELP"].dropna()) - set(KNOWN_CODES["RELP"]))[0]
### END SOLUTION

# %% tags=["check"] grade_id="q707_quality"
check("q707_quality")

# %% [markdown]
# ## 6. Label delay
#
# Outcomes arrive late: whether a person scored in March is employed may be known months later.
# Until then, accuracy cannot be measured; drift on the inputs is the early warning. Drift says the
# inputs changed, not whether the model is now wrong.
#
# ### Exercise 8
# Which change would a drift test on the features **never** show? Store the letter in `blind_spot`.
#
# - (a) ages sent in months instead of years
# - (b) a burst of blank school codes
# - (c) people with the same features are now employed more often than before
# - (d) a new relationship code

# %% tags=["answer"] grade_id="q708_label_delay_answer"
### BEGIN SOLUTION
blind_spot = "c"
### END SOLUTION

# %% tags=["check"] grade_id="q708_label_delay"
check("q708_label_delay")

# %% [markdown]
# ## 7. Retrain and compare
#
# A model trained on old data can be refreshed on a recent window. Judge it on data it did **not**
# learn from: the newest months.
#
# ### Exercise 9
# Fit a fresh copy of `model` (`clone(model)`) on the stream's `RECENT` months. Store in
# `old_accuracy` and `new_accuracy` the accuracy of `model` and of the new model on the `NEWEST`
# months (3 decimals are enough).

# %% tags=["answer"] grade_id="q709_retrain_answer"
### BEGIN SOLUTION
recent = stream[stream["month"].between(*RECENT)]
newest = stream[stream["month"].between(*NEWEST)]
new_model = clone(model).fit(recent[FEATURES], recent["employed"])
old_accuracy = accuracy_score(newest["employed"], model.predict(newest[FEATURES]))
new_accuracy = accuracy_score(newest["employed"], new_model.predict(newest[FEATURES]))
### END SOLUTION

# %% tags=["check"] grade_id="q709_retrain"
check("q709_retrain")

# %% [markdown]
# ## 8. The decision (written answer, graded by a person)
#
# ### Exercise 10
# In **four to six sentences**, tell the team whether to replace `model` with the retrained one.
#
# **Rubric** (1 point each):
# - **The numbers:** both accuracies on the newest months, and why they are fair (neither model
#   learned from those months).
# - **Why performance dropped:** at least two changes you found (drift, quality incidents, the label
#   changing for the same inputs) and which of them retraining can fix.
# - **The limits:** a short window (two months of outcomes), outcomes that arrive late, and what
#   drift cannot tell.
# - **The decision and what comes next:** replace or not, with a condition, and a plan (fix the data
#   pipeline, monitor, retrain on a schedule).

# %% [markdown] tags=["written"] grade_id="w710_decision"
# ### BEGIN SOLUTION
# On November and December 2026, which neither model learned from, the old model is right for about
# 64% of people and the retrained one for about 67%. The old model's accuracy fell from about 81% in
# early 2025: applicants got older, the share employed fell, and since September people of 60 and
# over work more with the same inputs, a change no drift test on the features could show. Retraining
# on recent months fixes what it can learn: the new mix and the new label; it cannot fix data-quality
# incidents (ages in months, blank schooling, the new code), which belong to the data pipeline and the
# input checks. The gain rests on two months of outcomes, which arrive late, so it is small evidence.
# I would replace the model, keep the old one ready to roll back, check it month by month as outcomes
# arrive, and retrain on a schedule with the input checks in front of it.
# ### END SOLUTION

# %% [markdown]
# ## Where you stand

# %%
summary("07-monitoring")
