# %% [markdown]
# # Module 02 · How models learn
#
# **Time:** about 90 minutes. **Data:** the Palmer penguins (Gorman et al. 2014, CC0) and the
# Capital Bikeshare hours of 2011 in Washington, D.C. (Fanaee-T and Gama 2013, via the ISLP package,
# CC BY 4.0): how many bikes were rented in each hour, with the weather.
#
# By the end of this notebook you will be able to:
#
# 1. **start from a baseline**, the score of a rule that ignores the inputs, before you trust a model;
# 2. **fit** a decision tree and a linear model, and score them on rows they have not seen;
# 3. **read** why a model says what it says: a tree's rules, and a linear model's coefficients, with
#    their signs and scale;
# 4. **watch a model learn** from its errors, epoch by epoch, on a loss curve;
# 5. **spot underfitting and overfitting** on a validation curve, and choose a model's size with it.
#
# ## How the exercises work
# As in modules 00 and 01. The last exercise is a written answer. Run the cells in order.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data, and splits the data (locked).
import warnings

warnings.filterwarnings("ignore")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.linear_model import LinearRegression, SGDRegressor
from sklearn.metrics import accuracy_score, mean_absolute_error, mean_squared_error
from sklearn.model_selection import train_test_split, validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

from curriculum.learner.demos import sgd_training_losses
from curriculum.learner.notebook import check, hint, progress, ready, summary
from curriculum.learner.data import load
from curriculum.learner.plotting import MARKERS, PALETTE, use_course_style

use_course_style()

# Penguins: predict the species from four body measurements.
PENGUIN_FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
penguins = load("penguins").dropna(subset=PENGUIN_FEATURES)
penguin_X_train, penguin_X_test, penguin_y_train, penguin_y_test = train_test_split(
    penguins[PENGUIN_FEATURES], penguins["species"], test_size=0.25,
    stratify=penguins["species"], random_state=0)

# Bikeshare: predict the number of bikers in one hour. First, back to real units.
bikes = load("bikeshare")
bikes["temp_c"] = bikes["temp"] * 47 - 8          # degrees Celsius (stored as (t + 8) / 47)
bikes["hum_pct"] = bikes["hum"] * 100             # relative humidity, % (stored divided by 100)
bikes["windspeed_kmh"] = bikes["windspeed"] * 67  # km/h (stored divided by 67)
BIKE_FEATURES = ["hr", "temp_c", "hum_pct", "windspeed_kmh", "workingday", "holiday"]
bike_X_train, bike_X_test, bike_y_train, bike_y_test = train_test_split(
    bikes[BIKE_FEATURES], bikes["bikers"], test_size=0.25, random_state=0)

print(f"Penguins: {len(penguin_X_train)} training rows, {len(penguin_X_test)} test rows.")
print(f"Bikeshare hours: {len(bike_X_train)} training rows, {len(bike_X_test)} test rows.")

# %% [markdown]
# ## 1. Start from a baseline
#
# A **model** learns a pattern from examples, the **training rows**, and is judged on rows it has
# never seen, the **test rows**. The setup cell has already split both tables, as you did in
# module 01: `penguin_X_train` holds the measurements (the *features*, `X`) and `penguin_y_train` the
# answer to learn (the *target*, `y`, here the species).
#
# Before any real model, compute a **baseline**: the score of a rule that ignores the features. For
# a classifier, the simplest is "always guess the most common species". Any model worth keeping must
# beat it; one that does not has learned nothing useful.

# %%
print(penguin_y_train.value_counts())

# %% [markdown]
# Every scikit-learn model works the same way: create it, `fit` it on training rows, then `predict`
# or `score` on other rows. `DummyClassifier(strategy="most_frequent")` is the baseline as a model:
# `fit` only counts the species in `y`, and `predict` always returns the most common one.
# `model.score(X, y)` gives the **accuracy**: the fraction of rows predicted right, between 0 and 1.
#
# ### Exercise 1
# Fit a `DummyClassifier(strategy="most_frequent")` on the penguin training rows and store its
# accuracy **on the test rows** in `baseline_accuracy`, as a fraction between 0 and 1. Rounding
# is fine if you keep at least 3 decimals.

# %% tags=["answer"] grade_id="q201_baseline_accuracy_answer"
### BEGIN SOLUTION
baseline = DummyClassifier(strategy="most_frequent").fit(penguin_X_train, penguin_y_train)
baseline_accuracy = baseline.score(penguin_X_test, penguin_y_test)
### END SOLUTION

# %% tags=["check"] grade_id="q201_baseline_accuracy"
check("q201_baseline_accuracy")

# %% [markdown]
# ## 2. A first real model: a decision tree
#
# A **decision tree** predicts by asking yes/no questions about the features, one after the other,
# until it reaches an answer. `fit` *learns the questions* from the training rows: at each step it picks the
# feature and the threshold that best separate the species. `max_depth` limits how many questions
# it may ask in a row.
#
# ```python
# model = DecisionTreeClassifier(max_depth=1, random_state=0)   # create
# model.fit(X, y)                                               # learn from the training rows
# model.predict(X_new)                                          # predict new rows
# ```
#
# `random_state=0` fixes the randomness scikit-learn uses to break ties, so you get the same tree
# every time.
#
# ### Exercise 2
# Create a `DecisionTreeClassifier` with `max_depth=2` and `random_state=0`, fit it on
# `penguin_X_train` and `penguin_y_train`, and store the **fitted** model in `tree`. It is checked by
# its predictions on penguins you have not seen.

# %% tags=["answer"] grade_id="q202_penguin_tree_answer"
### BEGIN SOLUTION
tree = DecisionTreeClassifier(max_depth=2, random_state=0)
tree.fit(penguin_X_train, penguin_y_train)
### END SOLUTION

# %% tags=["check"] grade_id="q202_penguin_tree"
check("q202_penguin_tree")

# %% [markdown]
# ## 3. Why does the tree say what it says? Read its rules
#
# A tree is easy to explain: its questions *are* its reasons. `export_text` prints them. Once your
# `tree` of Exercise 2 passes its check, this cell prints its rules:

# %%
if ready("q202_penguin_tree"):
    print(f"Test accuracy of your tree: {tree.score(penguin_X_test, penguin_y_test):.2f}\n")
    print(export_text(tree, feature_names=PENGUIN_FEATURES))

# %% [markdown]
# How to read it: start at the top. Each question appears as two `|---` lines, one per answer: for
# example `flipper_length_mm <= 206.50` and `flipper_length_mm >  206.50`. The lines indented under a
# line apply only to the penguins for which that line is true. For a penguin, follow the `<=` line if
# its value is smaller than or equal to the threshold, and the `>` line otherwise. Repeat until you
# reach a `class:` line: that is the prediction.
#
# ### Exercise 3
# A new penguin has a flipper of **210 mm**, a bill **41.0 mm** long and **18.0 mm** deep, and weighs
# **4300 g**. Follow the rules above by hand: which species does the tree predict? Store its name (a
# string, spelled as in the data) in `rule_species`.

# %% tags=["answer"] grade_id="q203_read_rules_answer"
### BEGIN SOLUTION
rule_species = "Chinstrap"
### END SOLUTION

# %% tags=["check"] grade_id="q203_read_rules"
check("q203_read_rules")

# %% [markdown]
# The tree never asks about body mass: two questions about the flipper and the bill are enough for
# it. And its rules can surprise you: a short bill usually means an Adelie, but this tree only
# looks at the bill's *length* for penguins with short flippers. A model's reasons are the patterns
# in its training rows, not biology.
#
# ## 4. Predicting a number: bikes per hour
#
# Each row of `bikes` is one hour of 2011 in Washington, D.C. The target, `bikers`, is the number of
# bikes rented in that hour. Predicting a number is called **regression**. The features:

# %%
display(bikes[BIKE_FEATURES + ["bikers"]].head())

# %% [markdown]
# `hr` is the hour of the day (0 to 23), `workingday` and `holiday` are 1 for yes and 0 for no.
#
# A regression's error is often measured by the **mean absolute error** (MAE): the average distance
# between prediction and truth, in the unit of the target (here, bikers).
# `mean_absolute_error(y_true, y_pred)` computes it. The baseline is `DummyRegressor()`, which
# always predicts the mean of the training target.
#
# A **linear model** predicts with one number per feature, its **coefficient**:
# prediction = intercept + coefficient₁ × feature₁ + coefficient₂ × feature₂ + …
# The **intercept** is the prediction when every feature is 0.
# `LinearRegression().fit(X, y)` learns the intercept and coefficients that fit the training rows best.
#
# ### Exercise 4
# Fit a `DummyRegressor()` and a `LinearRegression()` on `bike_X_train` and `bike_y_train`. Store
# their mean absolute errors **on the test rows** in `baseline_mae` and `linear_mae`. Rounding to
# 1 decimal is fine.

# %% tags=["answer"] grade_id="q204_linear_mae_answer"
### BEGIN SOLUTION
dummy = DummyRegressor().fit(bike_X_train, bike_y_train)
linear = LinearRegression().fit(bike_X_train, bike_y_train)
baseline_mae = mean_absolute_error(bike_y_test, dummy.predict(bike_X_test))
linear_mae = mean_absolute_error(bike_y_test, linear.predict(bike_X_test))
### END SOLUTION

# %% tags=["check"] grade_id="q204_linear_mae"
check("q204_linear_mae")

# %% [markdown]
# ## 5. Why does the linear model say what it says? Its coefficients
#
# A coefficient says how the prediction moves when its feature goes up by one unit, the others held
# fixed. Its **sign** gives the direction (up or down), its **size** the strength. Here are the
# coefficients of a linear model fitted on the raw features:

# %%
raw_model = LinearRegression().fit(bike_X_train, bike_y_train)
display(pd.DataFrame({
    "coefficient (bikers)": raw_model.coef_.round(2),
    "for one more...": ["hour of the day", "°C", "% of humidity", "km/h of wind",
                        "working day (0 → 1)", "holiday (0 → 1)"],
}, index=BIKE_FEATURES))

# %% [markdown]
# **The trap:** these numbers are in different units. One more degree is a small change; a holiday
# is a big, rare one. Comparing raw coefficients compares things measured in different units.
#
# The fix is to **standardise** the features first (module 01): subtract each feature's mean and
# divide by its standard deviation, with a `StandardScaler` fitted on the training rows. A feature's
# standard deviation is its typical spread (for temperature, about 9 °C). Then each coefficient
# says how many bikers the prediction moves for **one typical change** (one standard deviation) of
# its feature, and the coefficients can be compared.
#
# ### Exercise 5
# Standardise the bike features (fit a `StandardScaler` on `bike_X_train`), fit a `LinearRegression`
# on the standardised training rows, and store its coefficients in `std_coefs`: a Series **indexed
# by the feature names** in `BIKE_FEATURES`. Rounding to 1 decimal is fine; rounding to whole
# bikers is not.

# %% tags=["answer"] grade_id="q205_std_coefs_answer"
### BEGIN SOLUTION
scaler = StandardScaler().fit(bike_X_train)
std_model = LinearRegression().fit(scaler.transform(bike_X_train), bike_y_train)
std_coefs = pd.Series(std_model.coef_, index=BIKE_FEATURES)
### END SOLUTION

# %% tags=["check"] grade_id="q205_std_coefs"
check("q205_std_coefs")

# %% [markdown]
# ### Exercise 6
# Read your standardised coefficients. Which feature, moved by one typical change (one standard
# deviation), **pulls the predicted number of bikers down the most**? Store its name, spelled as in
# `BIKE_FEATURES`, in `pulls_down_most`.

# %% tags=["answer"] grade_id="q206_pulls_down_most_answer"
### BEGIN SOLUTION
pulls_down_most = "hum_pct"
### END SOLUTION

# %% tags=["check"] grade_id="q206_pulls_down_most"
check("q206_pulls_down_most")

# %% [markdown]
# A coefficient is a **pattern in the data, not a cause**. It describes how the prediction moves
# when the feature changes *with the other features held fixed*, among the hours the model has seen.
# Whatever travels with a feature in the data (rain with humidity, say) can hide behind its coefficient.
#
# ## 6. The data decides what the model can learn
#
# The linear model has a single coefficient for `hr`: it believes that every hour adds the same
# number of bikers, from midnight to 11 pm. The data disagree:

# %%
hours = np.arange(24)
mean_by_hour = bikes.groupby("hr")["bikers"].mean()
typical_hours = pd.DataFrame({f: [bike_X_train[f].mean()] * 24 for f in BIKE_FEATURES})
typical_hours["hr"] = hours
fig_hours, ax = plt.subplots()
ax.plot(hours, mean_by_hour.values, color=PALETTE[0], marker=MARKERS[0], linestyle="-",
        label="mean of the data")
ax.plot(hours, raw_model.predict(typical_hours), color=PALETTE[1], marker=MARKERS[1], linestyle="--",
        label="linear model, hr as a number")
ax.set_title("Rentals peak at 8 am and 5 pm: a straight line in the hour misses both")
ax.set_xlabel("Hour of the day (h)")
ax.set_ylabel("Bikers per hour (count)")
ax.legend()
plt.show()

# %% [markdown]
# The fix is not a cleverer model but a better **representation of the data**: treat `hr` as 24
# categories, so the model learns one number *per hour*: **one-hot encoding** (module 01) does
# this. A **pipeline** (`make_pipeline`) chains the steps, so that `fit` and `predict`
# run the encoder first, then the model. For example:
#
# ```python
# encode_hour = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["hr"]),
#                                       remainder="passthrough")   # keep the other features as they are
# model = make_pipeline(encode_hour, LinearRegression())
# ```
#
# ### Exercise 7
# Fit a linear model on the training rows with `hr` **one-hot encoded** and the five other features
# kept as they are. Store its mean absolute error **on the test rows** in `hour_mae` (rounding to
# 1 decimal is fine). Compare it with your `linear_mae`.

# %% tags=["answer"] grade_id="q207_hour_categories_answer"
### BEGIN SOLUTION
encode_hour = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["hr"]),
                                      remainder="passthrough")
hour_model = make_pipeline(encode_hour, LinearRegression()).fit(bike_X_train, bike_y_train)
hour_mae = mean_absolute_error(bike_y_test, hour_model.predict(bike_X_test))
### END SOLUTION

# %% tags=["check"] grade_id="q207_hour_categories"
check("q207_hour_categories")

# %% [markdown]
# ## 7. Learning as feedback: the loss curve
#
# `LinearRegression` solves for its coefficients in one go. Many models, neural networks above all,
# instead **learn step by step**: predict the training rows, measure how wrong the predictions are,
# nudge the coefficients to be a little less wrong, and repeat. The error is the feedback.
#
# The number that measures how wrong the predictions are is the **loss**: the lower, the better.

# %% [markdown]
# Here the loss is the **mean squared error** (MSE): square each distance between prediction and
# truth, then take the average. Squaring makes every error positive and punishes one big miss more
# than several small ones. Its unit is bikers² (bikers squared), so its numbers look big: an MSE of
# 10,000 bikers² means a typical miss of about 100 bikers (its square root).

# %%
truth = np.array([10, 20, 30])       # bikers in three hours
prediction = np.array([12, 20, 25])  # what a model predicted for them
print("errors:", prediction - truth)
print(f"MSE: (2² + 0² + 5²) / 3 = {mean_squared_error(truth, prediction):.2f} bikers²")

# %% [markdown]
# `SGDRegressor` learns a linear model step by step, by **stochastic gradient descent** (SGD): it
# nudges each coefficient a little in the direction that lowers the loss, one row at a time, in a
# shuffled order (*stochastic* means random). `eta0` sets the size of its first steps, the **step
# size**; scikit-learn then shrinks the steps as it goes.

# %% [markdown]
# One pass of SGD over all the training rows is an **epoch**. `sgd.partial_fit(X, y)` runs exactly
# one more epoch and keeps what the model has learned so far.
#
# **The trap:** `fit` starts again from scratch, and so does a model created inside your loop.
# Create the model once, before the loop, then call `partial_fit` once per epoch.

# %% [markdown]
# **The second trap: SGD needs standardised features.** It uses one step size for every
# coefficient, and each nudge is multiplied by its feature's value: humidity runs from 0 to 100,
# while `holiday` is only 0 or 1. On the raw features, the default step (`eta0=0.01`) overshoots
# further at every step and the loss explodes; a step ten times smaller learns slowly. With
# standardised features and the small step, it reaches the lowest loss a straight line can reach:
# Exercise 8 measures how fast, and the cells after it compare all three.

# %% [markdown]
# ### Exercise 8
# 1. Standardise the bike features: fit a `StandardScaler` on `bike_X_train`, transform
#    `bike_X_train` with it, and call the result `X_train_std`.
# 2. Create the model once: `sgd = SGDRegressor(eta0=0.001, random_state=0)`.
# 3. For each of **20 epochs**: call `partial_fit` on the standardised training rows, then append the
#    mean squared error **on the training rows** to a list.
# 4. Store the 20 losses in `losses`, and draw them against the epoch in a figure `fig_loss`: start
#    it with `fig_loss, ax = plt.subplots()` and draw with `ax.plot(...)`; give it a title that says
#    what you see, the x axis labelled with the epoch, the y axis with the loss and its unit (bikers²).
#
# How close counts: each loss is compared with the exact one (within 5% for the first epoch, 1% for
# the last), so keep them as the code gives them; rounding to whole bikers² is fine.
#
# A skeleton:
#
# ```python
# losses = []
# for epoch in range(20):
#     sgd.partial_fit(..., ...)
#     losses.append(mean_squared_error(..., sgd.predict(...)))
#
# fig_loss, ax = plt.subplots()
# ax.plot(..., ...)
# ```

# %% tags=["answer"] grade_id="q208_loss_curve_answer"
### BEGIN SOLUTION
scaler = StandardScaler().fit(bike_X_train)
X_train_std = scaler.transform(bike_X_train)
sgd = SGDRegressor(eta0=0.001, random_state=0)
losses = []
for epoch in range(20):
    sgd.partial_fit(X_train_std, bike_y_train)
    losses.append(mean_squared_error(bike_y_train, sgd.predict(X_train_std)))

fig_loss, ax = plt.subplots()
ax.plot(range(1, 21), losses, marker="o")
ax.set_title("The training loss falls fast, then levels off after about 5 epochs")
ax.set_xticks(range(2, 21, 2))
ax.set_xlabel("Epoch (passes over the training rows)")
ax.set_ylabel("Training loss: mean squared error (bikers²)")
plt.show()
### END SOLUTION

# %% tags=["check"] grade_id="q208_loss_curve"
check("q208_loss_curve")

# %% [markdown]
# The second trap, measured: the same model on raw features, 20 epochs each, next to your losses on
# standardised features and the training loss of `LinearRegression`, the lowest a straight line can
# reach. (`sgd_training_losses` runs the loop of Exercise 8 with other settings; it comes with the
# course.)

# %%
straight_line = LinearRegression().fit(bike_X_train, bike_y_train)
floor = mean_squared_error(bike_y_train, straight_line.predict(bike_X_train))
print(f"raw features, eta0=0.01:           {sgd_training_losses(bike_X_train, bike_y_train, 0.01)[-1]:.1e} bikers²")
print(f"raw features, eta0=0.001:          "
      f"{sgd_training_losses(bike_X_train, bike_y_train, 0.001)[-1]:,.0f} bikers²")
if ready("q208_loss_curve"):
    print(f"standardised features, eta0=0.001: {losses[-1]:,.0f} bikers² (your losses)")
    print(f"LinearRegression (the floor):      {floor:,.0f} bikers²")

# %% [markdown]
# The size of the steps matters too. Here is the model on standardised features with steps ten
# times smaller and ten times larger than in the exercise, next to your losses:

# %%
demo_std = StandardScaler().fit(bike_X_train).transform(bike_X_train)
fig_steps, ax = plt.subplots()
for (eta0, colour, marker, style) in zip([0.0001, 0.01], PALETTE[::2], MARKERS[::2], ["-", ":"]):
    ax.plot(range(1, 21), sgd_training_losses(demo_std, bike_y_train, eta0), color=colour, marker=marker,
            linestyle=style, label=f"eta0 = {eta0}")
if ready("q208_loss_curve"):
    ax.plot(range(1, 21), losses, color=PALETTE[1], marker=MARKERS[1], linestyle="--",
            label="eta0 = 0.001 (your losses)")
ax.axhline(floor, color=PALETTE[7], linestyle="-.", label="lowest loss of a straight line")
ax.set_title("Small steps learn slowly; eta0 = 0.01 reaches the floor in one epoch")
ax.set_xticks(range(2, 21, 2))
ax.set_xlabel("Epoch (passes over the training rows)")
ax.set_ylabel("Training loss: mean squared error (bikers²)")
ax.legend(title="Step size")
plt.show()

# %% [markdown]
# So is a bigger step always better? No. A step too big jumps past the lowest point of the loss,
# then back past it, further each time: with `eta0 = 2` the loss leaps above 10²² bikers² and never
# settles. Choose the step by watching the loss curve. The curves that settle all head for the same
# floor, which only a better model or better features can lower (Exercise 7).

# %% [markdown]
# ## 8. Too simple or too complex? The validation curve
#
# A tree's `max_depth` sets how complex it can be. Too shallow, and it **underfits**: it is too
# simple to follow the pattern, and its error is high everywhere. Too deep, and it **overfits**: it
# memorises the quirks of its training rows, so its training error keeps falling while its error on
# new rows stops improving or gets worse.
#
# To choose the depth without touching the test rows, use **cross-validation** on the training rows:
# split them into 5 equal parts, the **folds**; train on 4 and measure the error on the 5th, the
# **validation fold**; do it five times, so that each fold is the validation fold once.
# `validation_curve` does this for each value of a parameter:
#
# ```python
# train_scores, valid_scores = validation_curve(
#     DecisionTreeRegressor(random_state=0), bike_X_train, bike_y_train,
#     param_name="max_depth", param_range=range(1, 16), cv=5, scoring="neg_mean_absolute_error")
# ```
#
# Both results have one row per depth and one column per fold. scikit-learn always treats a bigger
# score as better, so it returns the error with a minus sign (`neg_`).
#
# ### Exercise 9
# Run `validation_curve` as above. Store in `train_mae` and `valid_mae` the mean absolute error for
# each depth from 1 to 15 (15 positive values each, averaged over the 5 folds), on the training folds
# and on the validation folds. Store in `best_depth` the depth (an integer) with the lowest validation
# error.
#
# How close counts: the errors are compared within 0.1% of the exact values, so do not round them
# (2 decimals is the most rounding that still passes). `best_depth` must be exact.

# %% tags=["answer"] grade_id="q209_validation_curve_answer"
### BEGIN SOLUTION
depths = np.arange(1, 16)
train_scores, valid_scores = validation_curve(
    DecisionTreeRegressor(random_state=0), bike_X_train, bike_y_train,
    param_name="max_depth", param_range=depths, cv=5, scoring="neg_mean_absolute_error")
train_mae = -train_scores.mean(axis=1)
valid_mae = -valid_scores.mean(axis=1)
best_depth = int(depths[np.argmin(valid_mae)])
### END SOLUTION

# %% tags=["check"] grade_id="q209_validation_curve"
check("q209_validation_curve")

# %% [markdown]
# The picture of your numbers, once they pass their check:

# %%
if ready("q209_validation_curve"):
    fig_depth, ax = plt.subplots()
    ax.plot(range(1, 16), train_mae, color=PALETTE[0], marker=MARKERS[0], linestyle="-",
            label="training folds")
    ax.plot(range(1, 16), valid_mae, color=PALETTE[1], marker=MARKERS[1], linestyle="--",
            label="validation folds")
    ax.axvline(best_depth, color=PALETTE[7], linestyle=":", label="your best depth")
    ax.set_title("Deeper trees keep improving on the training rows, not on new rows")
    ax.set_xlabel("Tree depth (max_depth, number of questions)")
    ax.set_ylabel("Mean absolute error (bikers per hour)")
    ax.legend()
    plt.show()

# %% [markdown]
# ### Exercise 10
# Look at the curves past the best depth: the training error keeps falling, while the validation
# error stops falling and creeps up. Which statement explains it? Store one letter in
# `fit_diagnosis`.
#
# - **a.** The deeper trees underfit: they are too simple to follow the rush hours.
# - **b.** The deeper trees overfit: they learn quirks of the training rows that do not repeat in
#   rows they have not seen.
# - **c.** Depth 15 is the best choice, because its training error is the lowest.
# - **d.** The validation folds must be faulty: a model that does better on its training rows always
#   does better on new rows.

# %% tags=["answer"] grade_id="q210_diagnose_fit_answer"
### BEGIN SOLUTION
fit_diagnosis = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q210_diagnose_fit"
check("q210_diagnose_fit")

# %% [markdown]
# ## 9. Explain a model to a colleague (written answer, graded by a person)
#
# ### Exercise 11
# A colleague sends you two claims about the bikeshare models:
#
# > "The humidity coefficient is negative, so if the city could make the air drier, more people
# > would rent bikes. And our depth-15 tree is our best model: its mean absolute error is only about
# > 8 bikers."
#
# In **three to five sentences**, say what is wrong with each claim and what you would report
# instead. Use numbers from this notebook, with their units.
#
# **Rubric** (what a full answer contains):
# - **1 point**: the coefficient describes a pattern among the observed hours with the other features
#   held fixed, not a cause (humid hours are often rainy or misty hours, and nobody changed the
#   humidity). An answer may also say that the coefficient's size depends on the unit (per
#   percentage point of humidity for the raw feature, per standard deviation, about 20 points, after
#   standardising), but the point does not require it.
# - **1 point**: about 8 bikers is the error on the rows the tree was trained on; the depth-15 tree
#   overfits, and its validation error (about 37 bikers) is higher than that of a shallower tree.
# - **1 point**: what to report instead, with numbers and units: the validation error of the depth
#   chosen by the validation curve (your `valid_mae` at `best_depth`, in bikers per hour), compared
#   with the baseline's error (your `baseline_mae`), and a final check on the untouched test rows.

# %% [markdown] tags=["written"] grade_id="w211_explain_model"
# ### BEGIN SOLUTION
# The negative humidity coefficient only says that, among the hours we observed and with temperature,
# hour and the other features held fixed, humid hours had fewer riders; humid hours are often rainy
# or misty, so the rain, not the humidity, may keep people away, and nobody changed the humidity to
# find out. The 8 bikers is the depth-15 tree's error on its own training rows: it has memorised
# them, and on the validation folds its error is about 37 bikers per hour, worse than at its best
# depth. I would report the validation error at the best depth (about 35 bikers per hour), next to
# the baseline's 110 bikers per hour, and then confirm it once on the untouched test rows.
# ### END SOLUTION

# %% [markdown]
# ## What you practised
# Baselines first; a tree and a linear model, fitted and scored on rows they have not seen; their
# reasons (rules and standardised coefficients); the data's representation as a limit; loss curves
# and step sizes; and choosing a model's size on a validation curve.
#
# Next: **Module 03 · Checking results**, where accuracy alone can mislead.

# %%
summary("02-training")
