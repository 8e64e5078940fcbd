# %% [markdown]
# # Module 04 · Text data
#
# **Time:** about 90 minutes. **Data:** the SMS Spam Collection (Almeida et al. 2011, UCI, CC BY 4.0):
# 4,862 text messages, each labelled `ham` (a real message) or `spam`.
#
# By the end of this notebook you will be able to:
#
# 1. **clean** text and **remove duplicates before splitting**, and measure what duplicates on both
#    sides of a split do to a score;
# 2. turn text into numbers with a **bag of words** and **TF-IDF**, and say what a row and a column are;
# 3. fit a **linear text classifier in a pipeline** on the training texts only;
# 4. judge it with **the right metric** for rare spam and costly lost messages;
# 5. read **which words** push a message towards spam, and **why** a real message was flagged;
# 6. probe its **robustness** to disguised spam, and what character n-grams change.
#
# ## How the exercises work
# As in the modules before: answer in the cell marked `# YOUR CODE HERE`, then run the check cell below
# it. `hint("q401")` shows a hint. The last exercise is a written answer. Run the cells in order.

# %% tags=["setup"] grade_id="setup"
# Setup: run this first. It loads the libraries and the data, and splits the data (locked).
import warnings

warnings.filterwarnings("ignore")

import html

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_recall_curve,
                             precision_score, recall_score)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from curriculum.learner.data import load
from curriculum.learner.demos_text import OBFUSCATED_SPAM, spam_split
from curriculum.learner.notebook import check, hint, progress, ready, summary
from curriculum.learner.plotting import MARKERS, PALETTE, use_course_style

use_course_style()

sms = load("sms_spam")  # the messages as published: two text columns, `label` and `text`

# The split every exercise from Part 2 on uses: the messages cleaned and de-duplicated as in
# Exercise 1 (by the course's own code), then a quarter kept for testing, with the same share of
# spam on both sides (stratified), random_state=0.
train_texts, test_texts, train_labels, test_labels = spam_split(sms)
print(f"{len(sms):,} messages loaded; {(sms['label'] == 'spam').mean():.0%} of them are spam.")

# %% [markdown]
# ## 1. Clean the text, then remove the duplicates
#
# Text as typed is messy. This file kept some web codes, **HTML entities**: `&lt;` stands for `<`,
# `&amp;` for `&`. And the same message often appears more than once: a spam campaign sends the same
# text to many people.

# %%
print(sms.loc[sms["text"].str.contains("&lt;"), "text"].head(2).tolist())
print(f"Rows that repeat an earlier row exactly: {sms.duplicated().sum()}")

# %% [markdown]
# **The trap:** if a message is in the data twice, a random split can put one copy in the training
# rows and the other in the test rows. The model has then *seen* that test message, and its test score
# flatters it. So clean first, remove the duplicates, and only then split. In general two copies can
# differ only by their spaces or an HTML code, so cleaning first finds more of them; in this file they
# happen not to, but the order is what makes a pipeline safe on the next file. Part 5 measures the
# damage.
#
# ### Exercise 1
# Build `messages`, a new table with the same two columns, `label` and `text`:
#
# 1. start from `sms.copy()` (later cells need `sms` as it was loaded);
# 2. clean each text: turn HTML entities back into characters with `html.unescape(text)`, then
#    replace every run of spaces, tabs or line breaks by one space, with none at either end
#    (`" ".join(text.split())` does it). Keep the case of the letters;
# 3. drop every row that repeats an earlier row (same label, same cleaned text), keeping its first copy.

# %% tags=["answer"] grade_id="q401_clean_messages_answer"
### BEGIN SOLUTION
messages = sms.copy()
messages["text"] = messages["text"].map(lambda text: " ".join(html.unescape(text).split()))
messages = messages.drop_duplicates()
### END SOLUTION

# %% tags=["check"] grade_id="q401_clean_messages"
check("q401_clean_messages")

# %% [markdown]
# The setup cell split the messages cleaned the same way: `train_texts` and `test_texts` hold the texts,
# `train_labels` and `test_labels` their labels. A first look at the training messages: spam is
# longer.

# %%
lengths = train_texts.str.len()
fig_lengths, ax = plt.subplots()
bins = np.arange(0, 320, 10)
for label, colour, hatch, style in [("ham", PALETTE[0], "//", "-"), ("spam", PALETTE[1], "..", "--")]:
    chosen = lengths[train_labels == label]
    ax.hist(chosen, bins=bins, weights=np.full(len(chosen), 1 / len(chosen)), histtype="step",
            color=colour, hatch=hatch, linestyle=style, linewidth=2, label=label)
ax.set_title("Spam messages are longer: most run from 130 to 160 characters")
ax.set_xlabel("Message length (characters)")
ax.set_ylabel("Share of the label's messages (fraction)")
ax.legend(title="Label (line style and hatch)")
plt.show()

# %% [markdown]
# ## 2. From words to numbers: a bag of words
#
# A model needs numbers. A **bag of words** turns each message into counts:
#
# - `fit` reads texts and learns the **vocabulary**: every word they contain, lower-cased;
# - `transform` turns each text into **one row**, with **one column per vocabulary word**, holding how
#   many times that word appears in the text. The order of the words is lost: a bag, not a sentence.
#
# Three tiny texts show it:

# %%
tiny = CountVectorizer().fit(["Free prize now", "Call me now", "free free call"])
tiny_rows = tiny.transform(["call now for a FREE prize"])
display(pd.DataFrame(tiny_rows.toarray(), columns=tiny.get_feature_names_out()))

# %% [markdown]
# `for` and `a` are not in the vocabulary learned by `fit`, so `transform` leaves them out.
#
# **The traps:** fit the vectorizer on the **training texts only**: a vocabulary learned from all the
# texts has seen the test messages. And **never `fit_transform` the test texts**: that learns a new
# vocabulary from them, so the columns no longer mean the same words as in training. Fit on training
# texts, then only `transform` the test texts.
#
# Most entries of such a matrix are 0: a message uses a few of the thousands of words. The share of
# zero entries is the matrix's **sparsity**. `X.nnz` counts the entries that are not zero, and
# `X.shape` gives (rows, columns).
#
# ### Exercise 2
# Fit a `CountVectorizer()` on `train_texts` and transform `test_texts` with it. Store:
#
# - `vocab_size`: the number of words in its vocabulary (a whole number);
# - `test_sparsity`: the share of the test matrix's entries that are zero, as a fraction between 0 and
#   1. It is very close to 1: keep at least 5 decimals.

# %% tags=["answer"] grade_id="q402_vocabulary_answer"
### BEGIN SOLUTION
vectorizer = CountVectorizer().fit(train_texts)
X_test_counts = vectorizer.transform(test_texts)
vocab_size = len(vectorizer.vocabulary_)
test_sparsity = 1 - X_test_counts.nnz / (X_test_counts.shape[0] * X_test_counts.shape[1])
### END SOLUTION

# %% tags=["check"] grade_id="q402_vocabulary"
check("q402_vocabulary")

# %% [markdown]
# ### Exercise 3
# In that test matrix, `CountVectorizer().fit(train_texts).transform(test_texts)`, what is **one
# row**? Store one letter in `row_meaning`.
#
# - **a.** One word of the vocabulary, with how many times it appears in each test message.
# - **b.** One test message: for each word of the training vocabulary, how many times it appears in the
#   message.
# - **c.** One test message, with its own words as columns, in the order they were typed.
# - **d.** One test message: 1 if it is spam, 0 if it is ham.

# %% tags=["answer"] grade_id="q403_row_meaning_answer"
### BEGIN SOLUTION
row_meaning = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q403_row_meaning"
check("q403_row_meaning")

# %% [markdown]
# ## 3. A text classifier in a pipeline
#
# Counts favour common words: `to` and `you` are everywhere and say little. **TF-IDF** (term
# frequency times inverse document frequency) weighs each count down when the word appears in many
# training messages and up when it is rare, then scales each row to length 1. `TfidfVectorizer` does
# both steps, counting and weighting, with the same `fit` and `transform`.
#
# A **pipeline** chains the vectorizer and the classifier, so one `fit` learns the vocabulary, the
# weights and the model from the same training texts, and `predict` takes raw texts:
#
# ```python
# model = make_pipeline(TfidfVectorizer(), LogisticRegression())
# model.fit(texts, labels)       # learns the vocabulary, the weights and the coefficients
# model.predict(["some new text"])
# ```
#
# `LogisticRegression` is a linear classifier (module 03): one coefficient per word, added up into a
# score, turned into a probability of spam. Its `C` sets how closely it may follow the training texts:
# TF-IDF values are small, and the default `C=1` is too cautious here, so use `C=10`.
# `solver="liblinear"` is a fast way to fit it on a table of this size.
#
# ### Exercise 4
# Build `spam_model`: a pipeline of `TfidfVectorizer()` and
# `LogisticRegression(C=10, solver="liblinear")`, fitted on `train_texts` and `train_labels`. It is
# checked by its predictions on messages it has not seen.

# %% tags=["answer"] grade_id="q404_spam_pipeline_answer"
### BEGIN SOLUTION
spam_model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear"))
spam_model.fit(train_texts, train_labels)
### END SOLUTION

# %% tags=["check"] grade_id="q404_spam_pipeline"
check("q404_spam_pipeline")

# %% [markdown]
# ## 4. The right metric for rare spam
#
# Only 13% of the messages are spam. A filter that lets **every** message through is right 87% of the
# time, and catches nothing:

# %%
always_ham = np.full(len(test_labels), "ham")
print(f"Accuracy of 'never spam' on the test messages: {accuracy_score(test_labels, always_ham):.3f}")

# %% [markdown]
# So accuracy alone says little here. Recall the words of module 03, with spam as the positive class:
#
# - **precision** of spam: of the messages flagged as spam, the share that really are spam. Every
#   flagged real message is a **lost real message**: it goes to the spam folder and nobody reads it;
# - **recall** of spam: of the real spam, the share that is flagged;
# - **F1**: one number that is high only when both are (their harmonic mean).
#
# `precision_score(y_true, y_pred, pos_label="spam")` and `recall_score(...)` compute them, and
# `confusion_matrix(y_true, y_pred, labels=["ham", "spam"])` counts each kind of right and wrong.
#
# ### Exercise 5
# Predict the test messages with `spam_model` and store, for spam as the positive class:
#
# - `spam_precision` and `spam_recall`, as fractions between 0 and 1 (keep at least 3 decimals);
# - `lost_real`: how many real (ham) test messages the model flags as spam (a whole number).
#
# Your `spam_model` from Exercise 4 will do.

# %% tags=["answer"] grade_id="q405_spam_metrics_answer"
### BEGIN SOLUTION
model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear")).fit(train_texts, train_labels)
predicted = model.predict(test_texts)
spam_precision = precision_score(test_labels, predicted, pos_label="spam")
spam_recall = recall_score(test_labels, predicted, pos_label="spam")
lost_real = int(((predicted == "spam") & (test_labels == "ham")).sum())
### END SOLUTION

# %% tags=["check"] grade_id="q405_spam_metrics"
check("q405_spam_metrics")

# %% [markdown]
# ### Exercise 6
# A phone company will ship this filter. For its customers, a **lost real message** (a bank code, a
# message from family) costs about **20 times** more than a spam that gets through. Which number
# should the company watch first, and push up, before it ships? Store one letter in `ship_metric`.
#
# - **a.** The accuracy: it counts every message, so it covers both kinds of error.
# - **b.** The precision of spam: of the messages it flags, the share that really are spam.
# - **c.** The recall of spam: the filter exists to catch spam.
# - **d.** The share of spam among the test messages.

# %% tags=["answer"] grade_id="q406_ship_metric_answer"
### BEGIN SOLUTION
ship_metric = "b"
### END SOLUTION

# %% tags=["check"] grade_id="q406_ship_metric"
check("q406_ship_metric")

# %% [markdown]
# The model flags a message when its probability of spam is above a **threshold**, 0.5 by default.
# Moving it trades one error for the other (module 03). Once `spam_model` passes its check, this
# cell draws its trade-off on the test messages:

# %%
if ready("q404_spam_pipeline"):
    spam_scores = spam_model.predict_proba(test_texts)[:, 1]
    precision, recall, thresholds = precision_recall_curve(test_labels == "spam", spam_scores)
    fig_threshold, ax = plt.subplots()
    ax.plot(thresholds, precision[:-1], color=PALETTE[0], marker=MARKERS[0], markevery=15, linestyle="-",
            label="precision of spam")
    ax.plot(thresholds, recall[:-1], color=PALETTE[1], marker=MARKERS[1], markevery=15, linestyle="--",
            label="recall of spam")
    ax.axvline(0.5, color=PALETTE[7], linestyle=":", label="default threshold")
    ax.set_title("A higher threshold loses fewer real messages but lets more spam through")
    ax.set_xlabel("Threshold on the probability of spam (0 to 1)")
    ax.set_ylabel("Precision or recall (fraction)")
    ax.legend(title="Line style and marker")
    plt.show()

# %% [markdown]
# ## 5. How much do duplicates flatter the score?
#
# Now the trap of Part 1, measured. Split the raw table `sms`, duplicates and all, the way the setup
# split the clean messages:
#
# ```python
# raw_train, raw_test, raw_train_labels, raw_test_labels = train_test_split(
#     sms["text"], sms["label"], test_size=0.25, stratify=sms["label"], random_state=0)
# ```
#
# ### Exercise 7
# Store:
#
# - `shared_test`: how many of the raw **test** messages also appear, word for word, among the raw
#   **training** messages (count every test message that does, copies included; `isin` helps);
# - `f1_gap`: the F1 of spam of a pipeline built as in Exercise 4 and fitted on the raw training
#   messages, scored on the raw test messages, **minus** the F1 of spam of the same pipeline fitted on
#   `train_texts` and scored on `test_texts`. Keep at least 3 decimals.

# %% tags=["answer"] grade_id="q407_duplicate_inflation_answer"
### BEGIN SOLUTION
raw_train, raw_test, raw_train_labels, raw_test_labels = train_test_split(
    sms["text"], sms["label"], test_size=0.25, stratify=sms["label"], random_state=0)
shared_test = int(raw_test.isin(raw_train).sum())


def spam_f1(texts, labels, new_texts, new_labels):
    model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear")).fit(texts, labels)
    return f1_score(new_labels, model.predict(new_texts), pos_label="spam")


f1_gap = (spam_f1(raw_train, raw_train_labels, raw_test, raw_test_labels)
          - spam_f1(train_texts, train_labels, test_texts, test_labels))
### END SOLUTION

# %% tags=["check"] grade_id="q407_duplicate_inflation"
check("q407_duplicate_inflation")

# %% [markdown]
# A gap of a few points of F1 looks small, but it is pure illusion: it comes from test messages the
# model had already seen. A report built on the raw split would promise more than the filter delivers.
#
# ## 6. Which words push a message towards spam?
#
# A linear model's reasons are its coefficients (module 02), one per vocabulary word:

# %%
demo = make_pipeline(CountVectorizer(binary=True), LogisticRegression(C=0.1, solver="liblinear"))
demo.fit(train_texts, train_labels)
print("classes:", demo[-1].classes_)
demo_coefs = pd.Series(demo[-1].coef_[0], index=demo[0].get_feature_names_out())
print(demo_coefs[["ok", "prize"]].round(2))

# %% [markdown]
# This demonstration model (word present or not, `C=0.1`) is not yours, but it reads the same way.
# `classes_` lists `ham` then `spam`, so a **positive** coefficient pushes a message towards **spam**
# (the second class), a negative one towards ham. `model[0]` is the pipeline's first step (the
# vectorizer, whose `get_feature_names_out()` lists the words in column order), `model[-1]` the last
# (the classifier, whose `coef_[0]` holds one coefficient per word, in the same order).
#
# ### Exercise 8
# From the coefficients of your `spam_model` (a pipeline built as in Exercise 4), store in `spam_words`
# the **10 words that push a message most strongly towards spam** (the 10 largest positive
# coefficients), from the strongest down, as a list of strings.

# %% tags=["answer"] grade_id="q408_spam_words_answer"
### BEGIN SOLUTION
model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear")).fit(train_texts, train_labels)
coefs = pd.Series(model[-1].coef_[0], index=model[0].get_feature_names_out())
spam_words = coefs.sort_values(ascending=False).index[:10].tolist()
### END SOLUTION

# %% tags=["check"] grade_id="q408_spam_words"
check("q408_spam_words")

# %% [markdown]
# ## 7. Error analysis: why was a real message lost?
#
# Numbers say how often the model errs; reading its errors says why. The worst error, for the phone
# company, is a real message the model is **most sure** is spam. `model.predict_proba(texts)[:, 1]`
# gives each text's probability of spam (the second column, `spam`).
#
# A word's **contribution** to one message's score is its TF-IDF value in that message times its
# coefficient. For one text, `model[0].transform([text]).toarray()[0]` gives its TF-IDF values, in the
# order of `model[0].get_feature_names_out()`.
#
# ### Exercise 9
# With your `spam_model` (a pipeline built as in Exercise 4):
#
# - `worst_index`: among the **real (ham)** test messages, the one with the highest probability of spam.
#   Store its **index label** in `test_texts` (so that `test_texts.loc[worst_index]` is that message),
#   not its position;
# - `alarm_words`: the **3 words** of that message with the largest contributions towards spam, as a
#   list of strings (any order).

# %% tags=["answer"] grade_id="q409_false_alarm_answer"
### BEGIN SOLUTION
model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear")).fit(train_texts, train_labels)
spam_probability = pd.Series(model.predict_proba(test_texts)[:, 1], index=test_texts.index)
worst_index = int(spam_probability[test_labels == "ham"].idxmax())
weights = model[0].transform([test_texts.loc[worst_index]]).toarray()[0]
contributions = pd.Series(weights * model[-1].coef_[0], index=model[0].get_feature_names_out())
alarm_words = contributions.nlargest(3).index.tolist()
### END SOLUTION

# %% tags=["check"] grade_id="q409_false_alarm"
check("q409_false_alarm")

# %% [markdown]
# Once your answer passes its check, read the message yourself: would you have flagged it?

# %%
if ready("q409_false_alarm"):
    print(test_texts.loc[worst_index])

# %% [markdown]
# ## 8. A robustness probe: disguised spam
#
# Spammers read filters too. Written with digits for letters, `free` becomes `fr33`: a word the
# vocabulary has never seen, so a bag of words ignores it. Here are eight spam messages written that way:

# %%
for text in OBFUSCATED_SPAM:
    print(text)

# %% [markdown]
# **Character n-grams** cut text into overlapping runs of `n` letters instead of words.
# `analyzer="char_wb"` keeps them inside word boundaries (padding each word with a space), and
# `ngram_range=(2, 4)` takes the runs of 2, 3 and 4 characters. A disguised word still shares the
# pieces away from its disguised letter with the real one, and those pieces have coefficients:

# %%
pieces = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3)).build_analyzer()
print("prize:", pieces("prize"))
print("pr1ze:", pieces("pr1ze"))

# %% [markdown]
# ### Exercise 10
# Fit two pipelines on `train_texts` and `train_labels`: one built as in Exercise 4 (words), and one
# with `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` and the same classifier (character
# n-grams). Store in `word_caught` and `char_caught` how many of the eight `OBFUSCATED_SPAM` messages
# each one flags as spam (whole numbers).

# %% tags=["answer"] grade_id="q410_char_ngrams_answer"
### BEGIN SOLUTION
word_model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10, solver="liblinear"))
char_model = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)),
                           LogisticRegression(C=10, solver="liblinear"))
word_caught = int((word_model.fit(train_texts, train_labels).predict(OBFUSCATED_SPAM) == "spam").sum())
char_caught = int((char_model.fit(train_texts, train_labels).predict(OBFUSCATED_SPAM) == "spam").sum())
### END SOLUTION

# %% tags=["check"] grade_id="q410_char_ngrams"
check("q410_char_ngrams")

# %% [markdown]
# Eight messages are a probe, not a test set: they show a weakness, not a rate. A fair comparison of
# the two models still needs their precision and recall on the test messages, and spammers will
# change their tricks again: a filter must be watched and retrained (module 07).
#
# ## 9. Report on a spam filter (written answer, graded by a person)
#
# ### Exercise 11
# A colleague writes:
#
# > "I split the raw file at random and our filter scores 98.6% accuracy on the test messages, so it
# > is ready to ship. It learned from real spam, so it will keep catching spam."
#
# In **four to six sentences**, say what is wrong or missing in each claim and what you would report
# instead. Use numbers from this notebook.
#
# **Rubric** (what a full answer contains):
# - **1 point**: accuracy is the wrong headline with 13% spam (never flagging anything already scores
#   about 87%), and the raw split puts copies of the same messages on both sides, which flatters the
#   score (your `shared_test` and `f1_gap`): de-duplicate before splitting.
# - **1 point**: report the precision and recall of spam on the de-duplicated test messages, and
#   the number of lost real messages, tied to their cost (a lost real message costs about 20 times a
#   spam let through), and choose the threshold with that cost in mind.
# - **1 point**: disguised spam slips past a word model (your `word_caught` of eight); character
#   n-grams help, and the filter must be monitored and retrained as spammers adapt.

# %% [markdown] tags=["written"] grade_id="w411_spam_report"
# ### BEGIN SOLUTION
# Accuracy is the wrong headline: only 13% of the messages are spam, so a filter that never flags
# anything already scores about 87.6%. The raw split also puts 122 test messages whose exact copy is in
# the training rows, which raised the F1 of spam by about 0.036: de-duplicate first, then split. On the
# clean split I would report the precision of spam (0.96) and its recall (0.86), and the 5 real test
# messages lost to the spam folder; since a lost message costs about 20 times a missed spam, I would
# raise the threshold if that number is too high. Finally the claim that it will keep catching spam
# fails on disguised spam: the word model flagged 1 of 8 "fr33 pr1ze" messages, the character n-gram
# model 6, and the filter must be monitored and retrained as spammers adapt.
# ### END SOLUTION

# %% [markdown]
# ## What you practised
# Cleaning and de-duplicating before the split; bags of words and TF-IDF; a text classifier in a
# pipeline fitted on training texts only; precision and recall of spam with the cost of a lost
# message; the words behind a prediction and behind an error; and a robustness probe.
#
# Next: **Module 05 · Improving a model honestly**.

# %%
summary("04-text-data")
