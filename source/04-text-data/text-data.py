# %% [markdown]
# # Module 04 · Text data
#
# **Time:** about 75 minutes. **Data:** `sms_spam` (see its datasheet in `datasets/`).
#
# By the end of this notebook you will be able to:
#
# 1. Clean text, build bag-of-words and TF-IDF features, train and analyse a text classifier.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import pandas as pd

from curriculum.learner.data import load
from curriculum.learner.notebook import check, hint, progress, summary
from curriculum.learner.plotting import use_course_style

use_course_style()
data = load("sms_spam")

# %% [markdown]
# ### Exercise 1 (1 point)
# How many rows does the table `data` have? Store the count in `n_rows` (a whole number).

# %% tags=["answer"] grade_id="q401_rows_answer"
### BEGIN SOLUTION
n_rows = len(data)
### END SOLUTION

# %% tags=["check"] grade_id="q401_rows"
check("q401_rows")

# %% [markdown]
# ## Where you stand

# %%
summary("04-text-data")
