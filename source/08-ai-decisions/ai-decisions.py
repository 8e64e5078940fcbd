# %% [markdown]
# # Module 08 · AI for decision-makers
#
# **Time:** about 75 minutes. **Data:** the German credit applicants (Hofmann 1994, UCI, CC BY 4.0):
# 1,000 loans of a German bank, each repaid or gone bad; and a two-year **scoring stream** of an
# employment model (made from US census records, public domain), 2,000 people a month.
#
# This module is for people who approve AI projects. You will write almost no code: most answers
# are a letter, a number you read off a table, or one line of arithmetic. The models are already
# trained for you in the setup cell; you may read that code, but you do not need to write any like it.
#
# By the end of this notebook you will be able to:
#
# 1. **find the flaws in a project proposal**: an accuracy no better than always saying no, a test
#    on the data the model learned from, an input that gives the answer away;
# 2. **read a confusion matrix as money**, and choose between two models by cost, not accuracy;
# 3. **compare outcomes across groups**, and say what a gap means and what to ask next;
# 4. **apply a risk checklist** to a described AI feature;
# 5. **read a drift chart** and decide whether to retrain;
# 6. **write a go / no-go memo** that rests on numbers.
#
# ## How the exercises work
# Under each exercise is an answer cell with `# YOUR CODE HERE`. Replace that line with your answer,
# for example `reading = "b"` or `share = 150 / 1200`, run the cell, then run the check cell below it.
# A check says `FORMAT OK` when your answer has the right form; whether it is right is decided at
# grading. `hint("q801")` shows a hint. Run the cells in order, from the top.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the data and prepares the models (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, count, false_negative_rate, false_positive_rate, selection_rate
from IPython.display import display
from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from curriculum.learner.data import load
from curriculum.learner.exercises.m08_ai_decisions.explorer import (cost_explorer, decision_table, drift_chart,
                                                                  group_chart)
from curriculum.learner.notebook import check, hint, progress, summary
from curriculum.learner.plotting import use_course_style

use_course_style()

# --- Parts 2 and 3: the bank's loan applicants. went_bad is 1 for a loan that was not repaid. ---
credit = load("german_credit")
applicant = credit.drop(columns="credit_risk")
went_bad = (credit["credit_risk"] == 2).astype(int)
# 600 applicants to learn from; 400 held back for review, which the models never see while learning.
learn_X, review_X, learn_y, review_y = train_test_split(applicant, went_bad, test_size=0.4, stratify=went_bad,
                                                        random_state=8)
CODES = list(applicant.select_dtypes(exclude="number").columns)
model_a = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), CODES),
                                                remainder=StandardScaler()),
                        LogisticRegression(max_iter=1000)).fit(learn_X, learn_y)
model_b = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), CODES),
                                                remainder=StandardScaler()),
                        LogisticRegression(max_iter=1000, class_weight="balanced", C=0.1)).fit(learn_X, learn_y)
chance_a = model_a.predict_proba(review_X)[:, 1]  # each model's chance that the loan goes bad
chance_b = model_b.predict_proba(review_X)[:, 1]
COST_BAD_APPROVED = 2500  # euros lost on a bad loan approved
COST_GOOD_REFUSED = 500   # euros of profit lost on a good applicant refused
table_a = decision_table(chance_a, review_y, threshold=0.5)
table_b = decision_table(chance_b, review_y, threshold=0.5)

# Part 3: model B's decisions at 0.5 (1 = refused), compared between women and men with fairlearn.
review_sex = pd.Series(np.where(credit.loc[review_X.index, "personal_status_sex"] == "A92", "women", "men"),
                       index=review_X.index, name="sex")
by_sex = MetricFrame(metrics={"refused": selection_rate, "good applicants refused": false_positive_rate,
                              "bad loans approved": false_negative_rate, "applicants": count},
                     y_true=review_y, y_pred=(chance_b >= 0.5).astype(int), sensitive_features=review_sex)

# --- Part 5: an employment model, trained on the first six months of a stream of people it scores. ---
stream = load("scoring_stream")
STREAM_CODES = ["SCHL", "MAR", "RELP", "DIS", "ESP", "CIT", "MIG", "MIL", "ANC", "NATIVITY", "DEAR", "DEYE",
                "DREM", "SEX", "RAC1P"]
first_months = stream[stream["month"] <= "2025-06"]
employment_model = make_pipeline(
    make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), STREAM_CODES),
        (StandardScaler(), ["AGEP"])),
    LogisticRegression(max_iter=1000)).fit(first_months[["AGEP", *STREAM_CODES]], first_months["employed"])
scored = stream.assign(right=employment_model.predict(stream[["AGEP", *STREAM_CODES]]) == stream["employed"],
                       unknown_code=~stream["RELP"].isin(first_months["RELP"]))
monthly = scored.groupby("month").agg(accuracy=("right", "mean"), median_age=("AGEP", "median"),
                                      blank_schooling=("SCHL", lambda s: s.isna().mean()),
                                      unknown_code=("unknown_code", "mean"))
print(f"Loans: {len(learn_X)} applicants to learn from, {len(review_X)} for review. "
      f"Stream: {len(stream):,} people over {len(monthly)} months.")

# %% [markdown]
# ## 1. Read a proposal
#
# A vendor sends your customer-support team this proposal:
#
# > **EscalationAlert: know which tickets will become complaints.** We trained our model on all
# > 60,000 support tickets of 2025. Of these, 1,200 (2%) escalated into a formal complaint. We then
# > measured the model on the same 60,000 tickets: it is right for **98%** of them. Its strongest
# > inputs are the number of messages in the ticket's first hour, the customer's plan (basic or
# > premium), the day of the week, and whether the complaints team was assigned to the ticket.
# > Here are its results:
# >
# > | | model says "no escalation" | model says "escalation" |
# > |---|---|---|
# > | **did not escalate** (58,800 tickets) | 58,650 | 150 |
# > | **escalated** (1,200 tickets) | 1,050 | 150 |
#
# That table is a **confusion matrix**: each ticket lands in one box, by what really happened (the
# row) and what the model said (the column). The two wrong boxes have names. A **false positive** is
# an alarm for a ticket that did not escalate (150 here). A **false negative** is an escalation the
# model missed (1,050 here).
#
# **Accuracy** is the share of tickets the model gets right. It sounds like the number to ask for.
# But when one answer is rare, it can hide everything.
#
# ### Exercise 1
# Imagine a "model" that always says "no escalation", whatever the ticket. What share of the 60,000
# tickets would it get right? Store it in `always_no_accuracy` as a fraction between 0 and 1 (for
# example `0.5` for half). Work it out in the answer cell; at least 3 decimals.

# %% tags=["answer"] grade_id="q801_always_no_answer"
### BEGIN SOLUTION
always_no_accuracy = 58_800 / 60_000
### END SOLUTION

# %% tags=["check"] grade_id="q801_always_no"
check("q801_always_no")

# %% [markdown]
# ### Exercise 2
# The team wants the model to catch escalations. Of the 1,200 tickets that escalated, what share did
# the vendor's model flag? Store it in `share_caught` as a fraction between 0 and 1 (at least 3
# decimals). This share has a name, **recall**: of the real cases, the share the model finds.

# %% tags=["answer"] grade_id="q802_share_caught_answer"
### BEGIN SOLUTION
share_caught = 150 / 1200
### END SOLUTION

# %% tags=["check"] grade_id="q802_share_caught"
check("q802_share_caught")

# %% [markdown]
# ### Exercise 3
# The vendor measured its model on the same 60,000 tickets it learned from. What does that mean for
# the 98%? Store one letter in `training_rows_reading`.
#
# - **a.** The number is reliable: with 60,000 tickets, luck plays almost no part, so 98% is what the
#   team will see in use. Ask only for the results of a second, larger sample to confirm it.
# - **b.** The number is too harsh: the model learned from all of 2025, so on the newer tickets of 2026
#   it will do better than 98%. Ask the vendor for its results after a month of real use.
# - **c.** The number is fair unless the model is a neural network: only deep learning can memorise
#   the tickets it saw. Ask which kind of model it is before you trust the 98%.
# - **d.** The number is too flattering: a model can memorise the tickets it has already seen. Ask for
#   results on tickets it never saw, for example the newest months, held back before training.

# %% tags=["answer"] grade_id="q803_training_rows_answer"
### BEGIN SOLUTION
training_rows_reading = "d"
### END SOLUTION

# %% tags=["check"] grade_id="q803_training_rows"
check("q803_training_rows")

# %% [markdown]
# **Leakage** is when an input gives the answer away because it is only known *after* the thing the
# model should predict. The model looks brilliant in tests and fails in use, where that input is not
# there yet.
#
# ### Exercise 4
# Which of the vendor's inputs leaks? Store one letter in `leaky_input`.
#
# - **a.** whether the complaints team was assigned to the ticket
# - **b.** the number of messages in the ticket's first hour
# - **c.** the customer's plan (basic or premium)
# - **d.** the day of the week the ticket was opened

# %% tags=["answer"] grade_id="q804_leaky_input_answer"
### BEGIN SOLUTION
leaky_input = "a"
### END SOLUTION

# %% tags=["check"] grade_id="q804_leaky_input"
check("q804_leaky_input")

# %% [markdown]
# ## 2. A confusion matrix is money
#
# Now a bank. It wants a model to screen loan applications. Each model gives an applicant a **chance
# of going bad** (not repaying), between 0 and 1. The bank picks a **threshold**: it refuses everyone
# whose chance is at least the threshold, and approves the rest. The two errors cost different
# amounts:
#
# - a **bad loan approved** loses about **€2,500** (`COST_BAD_APPROVED`);
# - a **good applicant refused** loses about **€500** of profit (`COST_GOOD_REFUSED`).
#
# The setup cell trained two models on 600 past applicants and tried them on 400 **review**
# applicants that neither model saw while learning. Here is model A at the threshold 0.5:

# %%
display(table_a)

# %% [markdown]
# Read it row by row: of the applicants who repaid, how many were approved (right) and how many
# refused (a good applicant lost)? Of those whose loan went bad, how many were approved (money lost)?
#
# ### Exercise 5
# What do model A's errors in this table cost the bank? Store the total in `cost_model_a`, in euros (a
# whole number): each bad loan approved costs `COST_BAD_APPROVED`, each good applicant refused costs
# `COST_GOOD_REFUSED`, and right decisions cost nothing. One line of arithmetic is enough; you may type
# the counts you read, or take them from the table with `table_a.loc["went bad", "approved"]`.

# %% tags=["answer"] grade_id="q805_cost_model_a_answer"
### BEGIN SOLUTION
cost_model_a = (COST_BAD_APPROVED * table_a.loc["went bad", "approved"]
                + COST_GOOD_REFUSED * table_a.loc["repaid", "refused"])
### END SOLUTION

# %% tags=["check"] grade_id="q805_cost_model_a"
check("q805_cost_model_a")

# %% [markdown]
# Here is model B at the same threshold, and the accuracy of each model (the share of right
# decisions) on the review applicants:

# %%
display(table_b)
for name, table in [("A", table_a), ("B", table_b)]:
    right = table.loc["repaid", "approved"] + table.loc["went bad", "refused"]
    print(f"Model {name}: accuracy {right / table.to_numpy().sum():.1%}")

# %% [markdown]
# ### Exercise 6
# The bank will use one model at the threshold 0.5. Which one, and why? Work out model B's cost as you
# did for model A, then store one letter in `model_choice`.
#
# - **a.** Model A: it is right more often on the review applicants, and a model that makes fewer
#   mistakes in all will also cost the bank less in the end.
# - **b.** Model A: it refuses fewer good applicants, and each customer turned away takes future
#   business elsewhere, so that is the error to keep lowest.
# - **c.** Model B: its errors cost less in all, because it approves fewer bad loans, and each of
#   those costs five times as much as a good applicant refused.
# - **d.** Neither: both are right less than 80% of the time on the review applicants, so the bank
#   should keep deciding by hand until a model reaches 80%.

# %% tags=["answer"] grade_id="q806_model_choice_answer"
### BEGIN SOLUTION
model_choice = "c"
### END SOLUTION

# %% tags=["check"] grade_id="q806_model_choice"
check("q806_model_choice")

# %% [markdown]
# ### Explore the threshold and the costs
#
# 0.5 is only the default threshold. A lower threshold refuses more people: fewer bad loans approved,
# but more good applicants refused. Which threshold is cheapest depends on the two costs. Move the
# sliders: the explorer shows the table, the total cost, and a chart of the cost at every threshold,
# with a dashed line at the slider's threshold. (It works on the same 400 review applicants.) If no
# sliders appear (some viewers cannot show widgets), give the explorer the values instead, for example
# `cost_explorer({"A": chance_a, "B": chance_b}, review_y, model="B", threshold=0.3, cost_bad=2500, cost_good=500)`.

# %%
_ = cost_explorer({"A": chance_a, "B": chance_b}, review_y)

# %% [markdown]
# ### Exercise 7
# With the explorer, for **model B**:
#
# - store in `cheapest_threshold` the threshold with the lowest total cost, with the stated costs
#   (€2,500 per bad loan approved, €500 per good applicant refused);
# - a recession is over and a bad loan now loses only **€1,500**. Change that one slider ("€ per bad
#   loan approved"), and store in `cheapest_threshold_1500` the new cheapest threshold (€500 per good
#   applicant refused, as before).
#
# Each is one of the slider's values (0.05, 0.10, ..., 0.95), so two decimals are exact. Each value is
# worth one of the two points.

# %% tags=["answer"] grade_id="q807_cheapest_threshold_answer"
### BEGIN SOLUTION
cheapest_threshold = 0.15
cheapest_threshold_1500 = 0.45
### END SOLUTION

# %% tags=["check"] grade_id="q807_cheapest_threshold"
check("q807_cheapest_threshold")

# %% [markdown]
# A threshold chosen on these 400 applicants fits them a little too well: before launch, confirm its
# cost on applicants that played no part in choosing it.
#
# ## 3. Compare groups
#
# A model can treat groups of people differently. fairlearn's `MetricFrame` (prepared in the setup
# cell) computes the same numbers for each group. Here: model B at the threshold 0.5, on the review
# applicants, women and men (the data's only code for women is `A92` of `personal_status_sex`, a
# column the model uses). The columns are shares between 0 and 1:
#
# - `refused`: the share of the group's applicants refused;
# - `good applicants refused`: of those who repaid, the share refused (the false-positive rate);
# - `bad loans approved`: of those whose loan went bad, the share approved (the false-negative rate);
# - `applicants`: how many people the shares rest on.

# %%
display(by_sex.by_group.astype({"applicants": int}))
print("Share of loans that went bad, in each group:")
print(review_y.groupby(review_sex).mean().round(3).to_string())
fig_groups = group_chart(by_sex.by_group)

# %% [markdown]
# ### Exercise 8
# Store in `refusal_gap` the women's `refused` share minus the men's, as a fraction (at least 3
# decimals). Read the two values off the table, or take them with `by_sex.by_group.loc["women", "refused"]`.

# %% tags=["answer"] grade_id="q808_refusal_gap_answer"
### BEGIN SOLUTION
refusal_gap = by_sex.by_group.loc["women", "refused"] - by_sex.by_group.loc["men", "refused"]
### END SOLUTION

# %% tags=["check"] grade_id="q808_refusal_gap"
check("q808_refusal_gap")

# %% [markdown]
# ### Exercise 9
# Which reading of the table is right? Store one letter in `gap_reading`.
#
# - **a.** Women are refused more often overall, and among applicants who repaid they are refused
#   more often than men too, so the model is unfair to good women. Remove `personal_status_sex`,
#   retrain, and launch once both groups are refused at the same rate.
# - **b.** Women are refused more often overall, but the share of loans that went bad is about the
#   same in both groups, so the gap comes from the model alone. Ask the vendor to correct the model,
#   then check it again on the same review applicants.
# - **c.** Women are refused more often overall, but the gap is a few points and the women's shares
#   rest on over a hundred people, enough to rely on. The model treats both groups alike where it
#   matters, so nothing more needs asking before launch.
# - **d.** Women are refused more often overall, but more of their loans went bad, and among
#   applicants who repaid, women are refused less often than men. Ask whether those past outcomes
#   were fair and whether `personal_status_sex` belongs in the model, and check on more applicants.

# %% tags=["answer"] grade_id="q809_gap_reading_answer"
### BEGIN SOLUTION
gap_reading = "d"
### END SOLUTION

# %% tags=["check"] grade_id="q809_gap_reading"
check("q809_gap_reading")

# %% [markdown]
# ## 4. A risk checklist
#
# Before approving an AI feature, go through five risks:
#
# - `"bias"`: it works worse for, or harms, some groups, often through an input that stands in for
#   a protected trait;
# - `"leakage"`: its tests used information that will not exist when it is used, so they flatter it;
# - `"misuse"`: it will be used for a purpose it was not built or tested for;
# - `"over-trust"`: people will accept its output without checking, even when it is wrong;
# - `"drift"`: the world it learned from will change, and nobody plans to check or retrain it.
#
# An insurer describes a pricing feature:
#
# > **PriceWise** sets each customer's yearly home-insurance price. It was trained once, on the
# > claims of 2019 to 2021, and will run unchanged for five years. Its inputs include the postcode,
# > which in our city closely follows residents' ethnic background. It was tested on customers of
# > 2022 that it never saw, and every input is known when a customer asks for a quote. Its price is
# > shown to sales staff as "the optimal price, no need to review", and staff are rated on how rarely
# > they change it. The contract allows its use for quotes only; it is used for nothing else.
#
# ### Exercise 10
# Which risks apply to PriceWise? Store them in `pricewise_risks` as a list of the names above, in
# any order, for example `["misuse", "drift"]`.

# %% tags=["answer"] grade_id="q810_pricewise_risks_answer"
### BEGIN SOLUTION
pricewise_risks = ["bias", "over-trust", "drift"]
### END SOLUTION

# %% tags=["check"] grade_id="q810_pricewise_risks"
check("q810_pricewise_risks")

# %% [markdown]
# ## 5. Read a drift chart
#
# A model is trained on the past and used on the present. **Drift** is the present becoming unlike
# the past: other people, other habits, or data that arrive broken. Then the model's accuracy falls.
# Not all drift is a broken field: when other people arrive (older people, say), that is drift too,
# even if every field is filled in correctly; and so is a change in which answer goes with the same
# inputs, which no input shows.
#
# The setup cell trained an employment model (does this person have a job?) on the first six months
# of a stream of people, January to June 2025, and scored every month up to December 2026. Once the
# true answers arrive, the accuracy of each month can be measured. The table shows, for each month:
# the `accuracy`, the `median_age` of the people sent to the model (half are older), the share with a
# `blank_schooling` field, and the share with a relationship code the model never saw (`unknown_code`).

# %%
fig_drift = drift_chart(monthly)
display(monthly.round(2))

# %% [markdown]
# ### Exercise 11
# In October to December 2025 the accuracy dips, then recovers in January. What should the team have
# done? Store one letter in `dip_action`.
#
# - **a.** Find and fix what broke in the data feed: compare the dip months' inputs with the months
#   before, repair the feed, and add a check that stops impossible values before they reach the model.
# - **b.** Retrain the model on October to December as soon as the dip shows, so that it learns the
#   new situation; then compare it with the old model and keep whichever scores better.
# - **c.** Nothing: the accuracy came back in January without anyone acting, so the dip was a passing
#   swing. Note it in the monthly report and keep watching the chart.
# - **d.** Switch the model off for good and go back to deciding by hand: a model whose accuracy can
#   fall that far for three months cannot be trusted with decisions about people.

# %% tags=["answer"] grade_id="q811_dip_action_answer"
### BEGIN SOLUTION
dip_action = "a"
### END SOLUTION

# %% tags=["check"] grade_id="q811_dip_action"
check("q811_dip_action")

# %% [markdown]
# ### Exercise 12
# From September 2026 the accuracy drops and stays down for four months. Should the team retrain?
# Store one letter in `retrain_decision`.
#
# - **a.** No: no field is broken in those months, and the ages and codes are the same as in the
#   summer of 2026, when the accuracy held up. So nothing new reached the model, and the drop will
#   pass as the 2025 dip did.
# - **b.** Yes: a lasting drop that no broken field explains means the same inputs now go with other
#   answers. Retrain on recent months, compare old and new on months neither learned from, and keep
#   the old model ready to roll back.
# - **c.** Yes, and from now on retrain every night on the latest day of data, replacing the model
#   each time without a comparison, so that it always follows the newest situation and never falls
#   behind again.
# - **d.** No: the drop is smaller than the dip of 2025, which recovered by itself within three
#   months. Wait to the end of the next quarter and retrain only if the accuracy is still down.

# %% tags=["answer"] grade_id="q812_retrain_decision_answer"
### BEGIN SOLUTION
retrain_decision = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q812_retrain_decision"
check("q812_retrain_decision")

# %% [markdown]
# ## 6. Your decision (written answer, graded by a person)
#
# ### Exercise 13
# The bank's credit committee asks: should we launch model B to screen loan applications? Write a
# **go / no-go memo** of six to ten sentences. Use your numbers from Parts 2 and 3.
#
# **Rubric** (what a full answer contains, 1 point each):
# - **A clear decision:** go, no-go, or go with named conditions, in the first sentence.
# - **The money:** model B's cost against model A's on the review applicants, why accuracy is the
#   wrong measure here, the threshold you would use, and that its cost must be confirmed on new
#   applicants.
# - **The people:** the refusal gap between women and men, what it does and does not show, and at
#   least one question to answer before launch (for example, whether `personal_status_sex` should be
#   an input, or whether past outcomes were fair).
# - **The risks and the plan:** at least two risks from the checklist that apply to this model (for
#   example over-trust by loan officers, drift as the economy changes, data from the 1990s), each
#   with a safeguard: who reviews refusals, which numbers are watched each month, when to retrain.

# %% [markdown] tags=["written"] grade_id="w813_go_no_go"
# ### BEGIN SOLUTION
# Go, with conditions: model B may screen applications in a three-month pilot, with every refusal
# reviewed by a loan officer. On the 400 review applicants, model B's errors cost about €145,500 at
# the threshold 0.5 against €192,500 for model A, even though model A is right more often: accuracy
# counts a bad loan approved (€2,500) the same as a good applicant refused (€500). At the cheapest
# threshold, 0.15, the cost falls further, but that threshold was chosen on the same 400 applicants,
# so we must confirm it on new ones. Women are refused about 6 points more often than men, but more
# of their loans went bad in this data, and good women are refused less often than good men; the
# women's figures rest on about 120 people and on 1990s decisions, so we need to know whether those
# outcomes were fair, and we should test the model without `personal_status_sex`. Loan officers may
# over-trust the score, so they must see the reasons and be free to overrule it. The economy will
# change (drift), so we watch refusal rates by group and repayment each month and retrain when the
# cost rises for two months running.
# ### END SOLUTION

# %% [markdown]
# ## What you practised
# Questioning a proposal's accuracy against always saying no, a test on seen data and a leaking
# input; turning a confusion matrix into money; choosing a model and a threshold by cost; reading a
# gap between groups; a risk checklist; and reading drift to decide between fixing data and
# retraining.
#
# ## Where you stand

# %%
summary("08-ai-decisions")
