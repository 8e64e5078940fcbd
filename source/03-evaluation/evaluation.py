# %% [markdown]
# # Module 03 · Checking results
#
# **Time:** about 80 minutes. **Data:** the Caravan insurance customers (van der Putten 2000, via
# the ISLP package, CC BY 4.0): 5,822 customers, of whom only 6% bought a caravan policy; and the
# German credit applicants (Hofmann 1994, UCI, CC BY 4.0): 1,000 loans rated good or bad risks.
#
# By the end of this notebook you will be able to:
#
# 1. **compare a model with a dummy baseline**, and say why a high accuracy can mean nothing;
# 2. **read a confusion matrix**, precision and recall as what happens to people;
# 3. **choose a decision threshold** from the stated costs of the two errors, on validation rows;
# 4. **read ROC and precision-recall curves**, and say when each one misleads;
# 5. **cross-validate** with stratified folds and report the spread of the scores;
# 6. **compare error rates between groups** with fairlearn's `MetricFrame`, and say what to ask next.
#
# ## How the exercises work
# As in the modules before: write your answer in the cell under each exercise, run it, then run
# the check cell below it. The last exercise is a written answer. Run the cells in order.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the data, splits it and fits two models (locked).
import warnings

warnings.filterwarnings("ignore")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate
from IPython.display import display
from ipywidgets import FloatSlider, interact
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, precision_recall_curve,
                             precision_score, recall_score, roc_auc_score, roc_curve)
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from curriculum.learner.data import load
from curriculum.learner.notebook import check, hint, progress, ready, summary
from curriculum.learner.plotting import MARKERS, PALETTE, use_course_style

use_course_style()

# Caravan: who buys a caravan policy? The target is 1 for a buyer, 0 otherwise.
caravan = load("caravan")
caravan_X = caravan.drop(columns="Purchase")
caravan_y = (caravan["Purchase"] == "Yes").astype(int)
caravan_X_train, caravan_X_test, caravan_y_train, caravan_y_test = train_test_split(
    caravan_X, caravan_y, test_size=0.3, stratify=caravan_y, random_state=0)
caravan_model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
caravan_model.fit(caravan_X_train, caravan_y_train)
CALL_AT = 0.1  # the sales team calls a customer whose predicted chance of buying is at least 10%

# German credit: the target is 1 for a bad risk (a borrower who did not repay), 0 for a good one.
credit = load("german_credit")
credit_X = credit.drop(columns="credit_risk")
credit_y = (credit["credit_risk"] == 2).astype(int)
credit_X_train, credit_X_rest, credit_y_train, credit_y_rest = train_test_split(
    credit_X, credit_y, test_size=0.4, stratify=credit_y, random_state=4)
credit_X_valid, credit_X_test, credit_y_valid, credit_y_test = train_test_split(
    credit_X_rest, credit_y_rest, test_size=0.5, stratify=credit_y_rest, random_state=4)
CREDIT_CODES = list(credit_X.select_dtypes(exclude="number").columns)
credit_model = make_pipeline(
    make_column_transformer((OneHotEncoder(handle_unknown="ignore"), CREDIT_CODES), remainder=StandardScaler()),
    LogisticRegression(max_iter=1000))
credit_model.fit(credit_X_train, credit_y_train)
COST_APPROVE_BAD = 5   # approving a bad risk costs 5 units (the publishers' cost matrix)
COST_REFUSE_GOOD = 1   # refusing a good risk costs 1 unit
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)  # 0.05, 0.10, ..., 0.95

# The groups of the German credit test rows: sex (A92 is the only code for women) and an age band.
credit_groups_test = pd.DataFrame({
    "sex": np.where(credit.loc[credit_X_test.index, "personal_status_sex"] == "A92", "female", "male"),
    "age_band": np.where(credit.loc[credit_X_test.index, "age_years"] < 25, "under 25", "25 and over"),
}, index=credit_X_test.index)

print(f"Caravan: {len(caravan_X_train)} training rows, {len(caravan_X_test)} test rows.")
print(f"German credit: {len(credit_X_train)} training, {len(credit_X_valid)} validation, "
      f"{len(credit_X_test)} test rows.")

# %% [markdown]
# ## 1. The accuracy paradox
#
# An insurer wants to know which customers will buy a caravan policy, so that its sales team calls
# them. The setup cell split the customers into training and test rows (stratified: both keep the
# same share of buyers) and fitted `caravan_model`, a logistic regression, on the training rows.
# The target `caravan_y` is 1 for a buyer and 0 otherwise:

# %%
print(caravan_y_train.value_counts())

# %% [markdown]
# Only about 6 customers in 100 bought. A rule that says "nobody buys" is right for the other 94:
# its **accuracy** (the fraction of rows predicted right) is about 94%, and it finds no buyer at all.
#
# ### Exercise 1
# Fit a `DummyClassifier(strategy="most_frequent")` on the Caravan training rows. Store its accuracy
# **on the test rows** in `dummy_accuracy`, and the accuracy of `caravan_model` on the test rows in
# `model_accuracy`, both as fractions between 0 and 1. Keep at least 4 decimals (the two are close).

# %% tags=["answer"] grade_id="q301_accuracy_paradox_answer"
### BEGIN SOLUTION
dummy = DummyClassifier(strategy="most_frequent").fit(caravan_X_train, caravan_y_train)
dummy_accuracy = dummy.score(caravan_X_test, caravan_y_test)
model_accuracy = caravan_model.score(caravan_X_test, caravan_y_test)
### END SOLUTION

# %% tags=["check"] grade_id="q301_accuracy_paradox"
check("q301_accuracy_paradox")

# %% [markdown]
# ### Exercise 2
# A colleague reports: "our model is 94% accurate on the test rows, so it is ready for the sales
# team." Compare your two accuracies. Which reading is right? Store one letter in `paradox_reading`.
#
# - **a.** The model is ready: 94% of its predictions are right.
# - **b.** The accuracy says almost nothing here: a rule that never predicts a buyer scores about the
#   same (here even a little higher), so we must look at how many buyers the model finds and how many
#   calls it wastes.
# - **c.** The model must be overfitting, because its accuracy is close to 100%.
# - **d.** Accuracy is fine, but the model should be scored on its training rows, where it has more
#   buyers to find.

# %% tags=["answer"] grade_id="q302_what_94_means_answer"
### BEGIN SOLUTION
paradox_reading = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q302_what_94_means"
check("q302_what_94_means")

# %% [markdown]
# ## 2. The confusion matrix: what happens to people
#
# A model gives each customer a **probability** of buying (`predict_proba`; its column 1 is the
# chance of class 1, a buyer). The sales team turns it into a decision with a **threshold**: call
# every customer whose chance is at least `CALL_AT` (10%). Each customer then lands in one of four
# boxes:
#
# | | not called | called |
# |---|---|---|
# | **did not buy (0)** | true negative: left alone, rightly | false positive: a **wasted call** |
# | **bought (1)** | false negative: a **missed buyer** | true positive: a buyer reached |
#
# `confusion_matrix(y_true, y_pred)` counts the four boxes in this layout: one row per true class,
# one column per decision, in the order 0, 1. For example, with three customers:

# %%
print(confusion_matrix([0, 1, 1], [0, 0, 1]))

# %% [markdown]
# ### Exercise 3
# Compute the sales team's decisions for the Caravan **test** rows (1 = call, when the chance of
# buying is at least `CALL_AT`), and store their confusion matrix in `calls_cm`: a 2 × 2 array of
# counts, with the true classes as rows and the decisions as columns, as `confusion_matrix` gives it.

# %% tags=["answer"] grade_id="q303_confusion_matrix_answer"
### BEGIN SOLUTION
buy_chance = caravan_model.predict_proba(caravan_X_test)[:, 1]
calls = (buy_chance >= CALL_AT).astype(int)
calls_cm = confusion_matrix(caravan_y_test, calls)
### END SOLUTION

# %% tags=["check"] grade_id="q303_confusion_matrix"
check("q303_confusion_matrix")

# %% [markdown]
# Two numbers sum up the calls:
#
# - **precision**: of the customers called, the fraction who bought. Low precision means wasted calls.
# - **recall**: of the buyers, the fraction who were called. Low recall means missed buyers.
#
# Both count one class as the **positive** one, here the buyers (1). `precision_score(y_true,
# y_pred)` and `recall_score(y_true, y_pred)` take class 1 as positive unless told otherwise with
# `pos_label`.
#
# ### Exercise 4
# Store the precision and the recall of the calls of Exercise 3 (test rows, threshold `CALL_AT`) in
# `call_precision` and `call_recall`, as fractions between 0 and 1. Keep at least 3 decimals.

# %% tags=["answer"] grade_id="q304_precision_recall_answer"
### BEGIN SOLUTION
calls = (caravan_model.predict_proba(caravan_X_test)[:, 1] >= CALL_AT).astype(int)
call_precision = precision_score(caravan_y_test, calls)
call_recall = recall_score(caravan_y_test, calls)
### END SOLUTION

# %% tags=["check"] grade_id="q304_precision_recall"
check("q304_precision_recall")

# %% [markdown]
# Read them as people: out of every 100 calls, how many reach a buyer? Out of every 100 buyers, how
# many does the sales team never call? Move `CALL_AT` up and there are fewer wasted calls but more
# missed buyers; move it down and the reverse. No threshold removes both errors.
#
# ## 3. Every threshold at once: ROC and precision-recall curves
#
# A curve shows all the thresholds at once. The **ROC curve** plots the recall (also called the
# true-positive rate) against the **false-positive rate**: the fraction of *non-buyers* who are
# called. The **precision-recall (PR) curve** plots the precision against the recall. Each has a
# line for a model that guesses at random: the diagonal for ROC, the share of buyers (6%) for PR.

# %%
demo_chance = caravan_model.predict_proba(caravan_X_test)[:, 1]
fpr, tpr, _ = roc_curve(caravan_y_test, demo_chance)
precision, recall, _ = precision_recall_curve(caravan_y_test, demo_chance)
fig_curves, (ax_roc, ax_pr) = plt.subplots(1, 2, figsize=(11, 4.5))
ax_roc.plot(fpr, tpr, color=PALETTE[0], linestyle="-", label="caravan_model")
ax_roc.plot([0, 1], [0, 1], color=PALETTE[7], linestyle=":", label="random guessing")
ax_roc.set_title("ROC: the model sits well above random guessing")
ax_roc.set_xlabel("False-positive rate (fraction of non-buyers called)")
ax_roc.set_ylabel("Recall (fraction of buyers called)")
ax_roc.legend()
ax_pr.plot(recall, precision, color=PALETTE[1], linestyle="--", label="caravan_model")
ax_pr.axhline(caravan_y_test.mean(), color=PALETTE[7], linestyle=":", label="random guessing (share of buyers)")
ax_pr.set_title("Precision-recall: most calls still reach no buyer")
ax_pr.set_xlabel("Recall (fraction of buyers called)")
ax_pr.set_ylabel("Precision (fraction of calls that reach a buyer)")
ax_pr.legend()
plt.show()

# %% [markdown]
# Each curve is summed up by one number: the **area under the ROC curve** (`roc_auc_score`, 0.5 for
# random guessing, 1 for perfect) and the **average precision** (`average_precision_score`, about the
# area under the PR curve; the share of buyers for random guessing). Both take the probabilities, not
# the 0/1 decisions: they judge the ranking of the customers over all thresholds.
#
# ### Exercise 5
# Store in `roc_auc` and `avg_precision` the area under the ROC curve and the average precision of
# `caravan_model` on the Caravan **test** rows. Keep at least 3 decimals.

# %% tags=["answer"] grade_id="q305_curve_areas_answer"
### BEGIN SOLUTION
chance_test = caravan_model.predict_proba(caravan_X_test)[:, 1]
roc_auc = roc_auc_score(caravan_y_test, chance_test)
avg_precision = average_precision_score(caravan_y_test, chance_test)
### END SOLUTION

# %% tags=["check"] grade_id="q305_curve_areas"
check("q305_curve_areas")

# %% [markdown]
# ### Exercise 6
# The sales manager asks which curve to look at when deciding how many customers to call. Which
# answer is right? Store one letter in `curve_choice`.
#
# - **a.** The ROC curve, because its area is larger, so it is the more accurate measure.
# - **b.** The precision-recall curve: with 6% buyers, the false-positive rate divides the wasted calls
#   by the many non-buyers, so hundreds of wasted calls look small on the ROC curve, while precision
#   counts them against the calls made.
# - **c.** Either: the two curves always tell the same story, whatever the share of buyers.
# - **d.** Neither: accuracy at the threshold 0.5 is the number to decide with.

# %% tags=["answer"] grade_id="q306_which_curve_answer"
### BEGIN SOLUTION
curve_choice = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q306_which_curve"
check("q306_which_curve")

# %% [markdown]
# ## 4. One split can mislead: stratified cross-validation
#
# A score measured on one test set depends on which customers landed in it. With 6% buyers, a
# different split can hold noticeably more or fewer of them, and the score moves. **Cross-validation**
# (module 02) scores the model on several folds instead. **Stratified** folds keep the share of
# buyers the same in every fold: `StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`. Pass it
# to `cross_val_score` as `cv=`, with `scoring="average_precision"`.
#
# ### Exercise 7
# Cross-validate a **fresh** copy of the Caravan model,
# `make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))`, on the Caravan **training**
# rows with 5 stratified folds as above, scored by average precision. Store the 5 scores, in fold
# order, in `fold_scores`, and the spread between the best and the worst fold (the largest score
# minus the smallest) in `fold_spread`. Keep at least 3 decimals.

# %% tags=["answer"] grade_id="q307_stratified_cv_answer"
### BEGIN SOLUTION
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
fresh_model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
fold_scores = cross_val_score(fresh_model, caravan_X_train, caravan_y_train, cv=folds,
                              scoring="average_precision")
fold_spread = fold_scores.max() - fold_scores.min()
### END SOLUTION

# %% tags=["check"] grade_id="q307_stratified_cv"
check("q307_stratified_cv")

# %% [markdown]
# Compare the spread with the scores themselves: a report of one split's average precision could
# have been any of your five numbers. Report the mean **and** the spread of the folds.
#
# ## 5. A threshold from the costs of the two errors
#
# Now the German credit data. The bank refuses a loan when the model's chance of a **bad risk**
# (class 1) is at least a threshold. The two errors do not cost the same: the publishers of the data say
# that **approving a bad risk costs 5** (a loan not repaid) and **refusing a good risk costs 1** (a
# lost customer). So the total cost of a threshold is
#
# `COST_APPROVE_BAD × (bad risks approved) + COST_REFUSE_GOOD × (good risks refused)`.
#
# The setup cell split the applicants three ways: `credit_model` learned from the training rows; you
# **choose** the threshold on the validation rows; the test rows stay untouched until you report the
# cost of your choice. Choosing on the test rows would make the reported cost look better than it
# will be on new applicants.
#
# Explore first. Move the slider: the table shows the decisions on the **validation** rows at that
# threshold, and the total cost.

# %%
valid_bad_chance = credit_model.predict_proba(credit_X_valid)[:, 1]


def show_costs(threshold=0.5):
    refuse = valid_bad_chance >= threshold
    table = pd.DataFrame(confusion_matrix(credit_y_valid, refuse.astype(int), labels=[0, 1]),
                         index=["good risk (0)", "bad risk (1)"], columns=["approved", "refused"])
    display(table)
    cost = COST_APPROVE_BAD * table.loc["bad risk (1)", "approved"] + COST_REFUSE_GOOD * table.loc[
        "good risk (0)", "refused"]
    print(f"At the threshold {threshold:.2f}, the total cost on the validation rows is {cost} units.")


slider = FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="threshold", readout_format=".2f")
_ = interact(show_costs, threshold=slider)

# %% [markdown]
# ### Exercise 8
# The slider only shows one threshold at a time. Now compute it: for each threshold in `THRESHOLDS`,
# the total cost on the **validation** rows. Store in `best_threshold` the threshold with the lowest
# cost (the smallest one, if several tie), and in `test_cost` the total cost on the **test** rows
# when the bank uses `best_threshold` (a whole number of units). Compute both in the answer cell.

# %% tags=["answer"] grade_id="q308_cost_threshold_answer"
### BEGIN SOLUTION
def total_cost(y_true, bad_chance, threshold):
    refuse = bad_chance >= threshold
    bad_approved = ((y_true == 1) & ~refuse).sum()
    good_refused = ((y_true == 0) & refuse).sum()
    return COST_APPROVE_BAD * bad_approved + COST_REFUSE_GOOD * good_refused


valid_chance = credit_model.predict_proba(credit_X_valid)[:, 1]
valid_costs = [total_cost(credit_y_valid.to_numpy(), valid_chance, t) for t in THRESHOLDS]
best_threshold = float(THRESHOLDS[int(np.argmin(valid_costs))])
test_chance = credit_model.predict_proba(credit_X_test)[:, 1]
test_cost = int(total_cost(credit_y_test.to_numpy(), test_chance, best_threshold))
### END SOLUTION

# %% tags=["check"] grade_id="q308_cost_threshold"
check("q308_cost_threshold")

# %% [markdown]
# The cost of every threshold on the validation rows, with your choice marked, once it passes:

# %%
if ready("q308_cost_threshold"):
    bad = credit_y_valid.to_numpy() == 1
    approve_bad = [COST_APPROVE_BAD * (bad & (valid_bad_chance < t)).sum() for t in THRESHOLDS]
    refuse_good = [COST_REFUSE_GOOD * (~bad & (valid_bad_chance >= t)).sum() for t in THRESHOLDS]
    fig_cost, ax = plt.subplots()
    ax.plot(THRESHOLDS, np.add(approve_bad, refuse_good), color=PALETTE[0], marker=MARKERS[0],
            linestyle="-", label="total cost")
    ax.plot(THRESHOLDS, approve_bad, color=PALETTE[1], marker=MARKERS[1], linestyle="--",
            label="bad risks approved (5 each)")
    ax.plot(THRESHOLDS, refuse_good, color=PALETTE[2], marker=MARKERS[2], linestyle=":",
            label="good risks refused (1 each)")
    ax.axvline(best_threshold, color=PALETTE[7], linestyle="-.", label="your threshold")
    ax.set_title("A costly miss pushes the best threshold far below 0.5")
    ax.set_xlabel("Threshold: refuse when the chance of a bad risk is at least this")
    ax.set_ylabel("Cost on the validation rows (units)")
    ax.legend()
    plt.show()

# %% [markdown]
# ## 6. Errors by group
#
# A model can make more mistakes for some people than for others. Here the positive class is a bad
# risk, so a **false positive** is a good borrower refused, and a **false negative** is a bad borrower
# approved. fairlearn's `MetricFrame` computes metrics for each group:
#
# ```python
# frame = MetricFrame(metrics={"false_positive_rate": false_positive_rate,
#                              "false_negative_rate": false_negative_rate},
#                     y_true=..., y_pred=..., sensitive_features=...)
# frame.by_group      # one row per group, one column per metric
# frame.difference()  # for each metric, the largest gap between two groups
# ```
#
# `credit_groups_test` holds the sex and the age band of each test applicant (same rows, same order as
# `credit_X_test`). Use the bank's current rule, `credit_model.predict(...)` (refuse at a chance of 0.5).
#
# ### Exercise 9
# Store in `rates_by_sex` the false-positive and false-negative rates of `credit_model.predict` on the
# German credit **test** rows for each sex: the `by_group` table of a `MetricFrame`, with columns
# `false_positive_rate` and `false_negative_rate` and one row per sex (`female`, `male`). Keep at
# least 3 decimals.

# %% tags=["answer"] grade_id="q309_rates_by_sex_answer"
### BEGIN SOLUTION
by_sex = MetricFrame(metrics={"false_positive_rate": false_positive_rate,
                              "false_negative_rate": false_negative_rate},
                     y_true=credit_y_test, y_pred=credit_model.predict(credit_X_test),
                     sensitive_features=credit_groups_test["sex"])
rates_by_sex = by_sex.by_group
### END SOLUTION

# %% tags=["check"] grade_id="q309_rates_by_sex"
check("q309_rates_by_sex")

# %% [markdown]
# ### Exercise 10
# Do the same by age band (`credit_groups_test["age_band"]`). Store in `age_fpr_gap` the gap in the
# **false-positive rate** (good borrowers refused) between the two age bands, as a fraction between 0
# and 1 (the larger rate minus the smaller). Keep at least 3 decimals.

# %% tags=["answer"] grade_id="q310_age_gap_answer"
### BEGIN SOLUTION
by_age = MetricFrame(metrics={"false_positive_rate": false_positive_rate,
                              "false_negative_rate": false_negative_rate},
                     y_true=credit_y_test, y_pred=credit_model.predict(credit_X_test),
                     sensitive_features=credit_groups_test["age_band"])
age_fpr_gap = by_age.difference()["false_positive_rate"]
### END SOLUTION

# %% tags=["check"] grade_id="q310_age_gap"
check("q310_age_gap")

# %% [markdown]
# How many applicants are behind each rate? A rate over a small group moves a lot when one person
# changes box:

# %%
print(credit_groups_test.value_counts("age_band"))
print(pd.crosstab(credit_groups_test["age_band"], credit_y_test.map({0: "good risk", 1: "bad risk"})))

# %% [markdown]
# ## 7. What the gap means (written answer, graded by a person)
#
# ### Exercise 11
# In **four to six sentences**, explain to the bank's credit committee what your `age_fpr_gap` means
# for young applicants, how sure we can be of it, and what you would ask or check next before
# using this model.
#
# **Rubric** (what a full answer contains, 1 point each):
# - **What it means, for people:** the false-positive rate is the share of *good* borrowers who are
#   refused; the gap says that good young applicants (under 25) are refused more often than good older
#   ones, with the two rates from your `MetricFrame` and the units (a fraction or a percentage).
# - **How sure:** the rates rest on few people (the counts above: a few dozen applicants under 25 in
#   the test rows), so one or two refusals move them; a larger sample, other splits or cross-validation
#   should confirm the gap before anyone relies on it.
# - **What to ask next:** at least two questions, for example: does the model use age or
#   `personal_status_sex` directly, or features that stand in for them; is the gap justified by the
#   repayment of each group, or does it repeat old decisions (1990s data); what does each error cost
#   the applicant; is treating people differently by age lawful here; does the gap change at the
#   threshold chosen from the costs.

# %% [markdown] tags=["written"] grade_id="w311_what_the_gap_means"
# ### BEGIN SOLUTION
# The false-positive rate is the share of good borrowers whom the model would refuse. Among the test
# applicants under 25 about 28% of the good borrowers are refused, against about 9% of those aged 25
# and over: a good young applicant is three times as likely to be turned away. But the rates rest on
# 31 applicants under 25, of whom only 18 are good risks, so each refusal moves their rate by more
# than 5 points; I would confirm the gap on other splits (cross-validation) or more data before
# drawing conclusions. Next I would ask whether the model uses age directly (it does: `age_years`
# is a feature) or through related features, whether the young applicants' actual repayment justifies
# the gap or the labels repeat the bank's past decisions, what a refusal costs a young applicant, and
# whether the gap holds at the cost-based threshold and is lawful under the rules on age
# discrimination.
# ### END SOLUTION

# %% [markdown]
# ## What you practised
# A baseline that exposes a hollow accuracy; the confusion matrix, precision and recall as wasted
# calls and missed buyers; ROC and precision-recall curves; the spread of stratified folds; a
# threshold chosen from costs on validation rows and reported on untouched test rows; and error rates
# compared between groups.
#
# Next: **Module 04 · Text data**.

# %%
summary("03-evaluation")
