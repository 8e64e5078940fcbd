# %% [markdown]
# # Module 03 · Checking results
#
# **Time:** about 75 minutes. **Data:** `caravan` (see its datasheet in `datasets/`).
#
# By the end of this notebook you will be able to:
#
# 1. Beat a dummy baseline, read a confusion matrix, choose a threshold from costs, compare groups.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data (locked: you cannot change it).
import warnings

warnings.filterwarnings("ignore")

import pandas as pd

from curriculum.learner.data import load
from curriculum.learner.notebook import check, hint, progress, summary
from curriculum.learner.plotting import use_course_style

use_course_style()
data = load("caravan")

# %% [markdown]
# ### Exercise 1 (1 point)
# How many rows does the table `data` have? Store the count in `n_rows` (a whole number).

# %% tags=["answer"] grade_id="q301_rows_answer"
### BEGIN SOLUTION
n_rows = len(data)
### END SOLUTION

# %% tags=["check"] grade_id="q301_rows"
check("q301_rows")

# %% [markdown]
# ## Where you stand

# %%
summary("03-evaluation")
