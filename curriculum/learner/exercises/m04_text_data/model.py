"""Module 04, Parts 3 to 8: a text classifier in a pipeline, its metrics, the duplicates' effect, its
words, its worst error and a robustness probe.

Split from the package's __init__.py, which assembles the module's EXERCISES.
"""
from __future__ import annotations

import numpy as np

from curriculum.learner.checks import Array, Choice, Exercise, Integer, Model, Number, mistake, require, shape
from curriculum.learner.demos_text import OBFUSCATED_SPAM
from curriculum.learner.exercises.m04_text_data.words import sms_table, text_split

LABELS = ("ham", "spam")


def pipeline_probes() -> list[tuple]:
    """Public probe: the test texts, as a plain list. Hidden probes keep it first and add unseen texts."""
    return [(text_split()[1].tolist(),)]


def final_step(info: dict) -> dict:
    """The last step of a model's structure (the model itself when it is not a pipeline)."""
    steps = info.get("params", {}).get("steps") if isinstance(info, dict) else None
    if steps:
        last = steps[-1]
        return last[1] if isinstance(last, list) and len(last) == 2 and isinstance(last[1], dict) else {}
    return info if isinstance(info, dict) else {}


def first_step(info: dict) -> dict:
    """The first step of a pipeline's structure ({} when it is not a pipeline)."""
    steps = info.get("params", {}).get("steps") if isinstance(info, dict) else None
    if steps and isinstance(steps[0], list) and len(steps[0]) == 2 and isinstance(steps[0][1], dict):
        return steps[0][1]
    return {}


def _first_error(calls: list[dict]) -> str:
    return next((c["error"] for c in calls if "error" in c), "no result")


def _predictions(a) -> np.ndarray:
    return np.asarray(a.spam_model.calls[0]["ok"]).astype(str)


def _words(values) -> list[str]:
    return [str(v).strip() for v in np.asarray(values).ravel()]


def _fraction(name: str):
    return require(lambda a: 0 <= getattr(a, name) <= 1,
                   lambda a: f"`{name}` should be a fraction between 0 and 1, but it is {getattr(a, name)!r}.")


EXERCISES = [
    Exercise(
        grade_id="q404_spam_pipeline",
        answers={"spam_model": Model(probes=pipeline_probes)},
        hint="Does `spam_model` take raw texts, with the vectorizer inside it? Which texts did it learn "
             "from, and did you call `fit`?",
        hints=(
            "`make_pipeline(first_step, second_step)` chains the steps: put the `TfidfVectorizer()` first and the "
            "`LogisticRegression(...)` with the settings of the exercise second.",
            "Call `fit` on the pipeline with `train_texts` and `train_labels` only (never the test texts), and keep "
            "the fitted pipeline in `spam_model`.",
        ),
        checks=[
            mistake(lambda a: a.spam_model.info.get("fitted") is False,
                    "`spam_model` is not fitted yet: call `spam_model.fit(train_texts, train_labels)`."),
            require(lambda a: all("ok" in c for c in a.spam_model.calls),
                    lambda a: "`spam_model` could not predict a list of texts: " + _first_error(a.spam_model.calls)
                    + ". Put the vectorizer and the classifier in one pipeline (`make_pipeline`), so that "
                    "`predict` takes raw texts."),
            require(lambda a: a.spam_model.info.get("class") == "Pipeline",
                    "`spam_model` should be a pipeline: `make_pipeline(TfidfVectorizer(), LogisticRegression(...))`."),
            require(lambda a: first_step(a.spam_model.info).get("class") == "TfidfVectorizer",
                    lambda a: "`spam_model` should start with a `TfidfVectorizer`, but its first step is a "
                    f"`{first_step(a.spam_model.info).get('class', 'something else')}`."),
            require(lambda a: final_step(a.spam_model.info).get("class") == "LogisticRegression",
                    lambda a: "`spam_model` should end with a `LogisticRegression`, but its last step is a "
                    f"`{final_step(a.spam_model.info).get('class', 'something else')}`."),
            require(lambda a: final_step(a.spam_model.info).get("params", {}).get("C") == 10,
                    "`spam_model`'s `LogisticRegression` should have `C=10` (the default, 1, is too cautious "
                    "with TF-IDF's small values)."),
            require(lambda a: set(_predictions(a)) <= set(LABELS),
                    "`spam_model` should predict the labels `ham` and `spam`: fit it on `train_labels`."),
            require(lambda a: np.mean(_predictions(a) == text_split()[3].to_numpy().astype(str)) >= 0.9,
                    "`spam_model` gets fewer than 90% of the test messages right: fit it on `train_texts` "
                    "and `train_labels`."),
        ],
    ),
    Exercise(
        grade_id="q405_spam_metrics",
        answers={"spam_precision": Number(), "spam_recall": Number(), "lost_real": Integer()},
        hint="Which class is the positive one here? Which kind of error loses a real message: a ham "
             "predicted as spam, or a spam predicted as ham?",
        hints=(
            "Predict `test_texts` with the pipeline, then compare with `test_labels`: pass `pos_label=\"spam\"` to "
            "`precision_score` and `recall_score`, true labels first.",
            "A lost real message is a test message whose true label is `ham` and whose prediction is `spam`: count "
            "the rows where both hold (`&` between two comparisons, then `.sum()`), or read it off "
            "`confusion_matrix(test_labels, predicted, labels=[\"ham\", \"spam\"])`.",
        ),
        checks=[
            mistake(lambda a: 1 < max(a.spam_precision, a.spam_recall) <= 100,
                    "`spam_precision` or `spam_recall` looks like a percentage: give them as fractions "
                    "between 0 and 1."),
            _fraction("spam_precision"),
            _fraction("spam_recall"),
            require(lambda a: 0 <= a.lost_real <= (text_split()[3] == "ham").sum(),
                    "`lost_real` should count test messages: a whole number from 0 to the number of real "
                    "(ham) test messages."),
            mistake(lambda a: a.spam_precision == a.spam_recall,
                    "`spam_precision` and `spam_recall` are equal: did you compute the same metric twice? "
                    "Precision divides by the messages flagged as spam, recall by the real spam."),
        ],
    ),
    Exercise(
        grade_id="q406_ship_metric",
        answers={"ship_metric": Choice(options="abcd")},
        hint="Which kind of error is the expensive one here, and which metric counts exactly that error?",
        hints=(
            "A lost real message is a ham flagged as spam: a false alarm. Which metric has the flagged messages "
            "in its denominator?",
            "Accuracy mixes both kinds of error (and a filter that flags nothing scores 87%); recall counts the "
            "spam that is missed. Pick the metric that drops with every real message sent to the spam folder.",
        ),
    ),
    Exercise(
        grade_id="q407_duplicate_inflation",
        answers={"shared_test": Integer(), "f1_gap": Number()},
        hint="Which texts of the raw test split are also in the raw training split? And which score is "
             "subtracted from which?",
        hints=(
            "Split `sms` with the code above the exercise. `raw_test.isin(raw_train)` is True for each test "
            "message whose exact text is also among the training texts: sum it.",
            "Fit a pipeline built as in Exercise 4 on `raw_train` and `raw_train_labels`, take its `f1_score` "
            "(`pos_label=\"spam\"`) on `raw_test`; do the same with the clean split (`train_texts` ... "
            "`test_labels`), and subtract the clean F1 from the raw F1.",
        ),
        checks=[
            require(lambda a: 0 <= a.shared_test <= len(sms_table()),
                    "`shared_test` should count test messages: a whole number, 0 or more."),
            mistake(lambda a: a.shared_test == 0,
                    "`shared_test` is 0: did you look in the clean split? The clean messages have no "
                    "duplicates left; split the raw table `sms` as shown above the exercise."),
            mistake(lambda a: a.shared_test == int(sms_table().duplicated().sum()),
                    "`shared_test` is the number of duplicate rows in the whole table. Count only the "
                    "raw **test** messages whose text is also among the raw **training** messages."),
            mistake(lambda a: a.f1_gap < 0,
                    "`f1_gap` is negative: subtract the clean split's F1 from the raw split's F1, not the "
                    "other way round."),
            require(lambda a: a.f1_gap < 1, "`f1_gap` should be a difference of two F1 scores (fractions)."),
        ],
    ),
    Exercise(
        grade_id="q408_spam_words",
        answers={"spam_words": Array()},
        hint="Which sign of coefficient pushes a message towards `spam`, the second class in `classes_`? "
             "And which list gives the word of each coefficient?",
        hints=(
            "Put the coefficients (`model[-1].coef_[0]`) in a Series indexed by the words "
            "(`model[0].get_feature_names_out()`), so each number keeps its word.",
            "Sort that Series from the largest coefficient down (`sort_values(ascending=False)`) and keep the first "
            "10 index labels, as a list: `.index[:10].tolist()`.",
        ),
        checks=[
            shape(lambda a: np.asarray(a.spam_words).ndim == 1 and len(a.spam_words) == 10,
                  lambda a: f"`spam_words` should be a flat list of 10 words, but it has shape "
                  f"{np.shape(a.spam_words)}."),
            require(lambda a: np.asarray(a.spam_words).dtype.kind == "U",
                    "`spam_words` should hold words (strings), not coefficients or positions: keep the index "
                    "of the sorted Series."),
            require(lambda a: len(set(_words(a.spam_words))) == 10,
                    "`spam_words` repeats a word: list 10 different words."),
        ],
    ),
    Exercise(
        grade_id="q409_false_alarm",
        answers={"worst_index": Integer(), "alarm_words": Array()},
        hint="First keep only the real (ham) test messages, then find the highest probability of spam. Is "
             "your answer a label of `test_texts`' index, or a position?",
        hints=(
            "Put the probabilities of spam (`predict_proba(test_texts)[:, 1]`) in a Series with "
            "`index=test_texts.index`; keep the rows where `test_labels == \"ham\"` and take `.idxmax()`.",
            "For that message, multiply its TF-IDF values (`model[0].transform([text]).toarray()[0]`) by "
            "`model[-1].coef_[0]`, put the products in a Series indexed by the words, and keep the index of its "
            "3 largest values (`nlargest(3)`).",
        ),
        checks=[
            require(lambda a: a.worst_index in set(text_split()[1].index),
                    lambda a: f"`worst_index` should be an index label of `test_texts`, but {a.worst_index} is not "
                    "one. Take the label (`idxmax()` on a Series indexed like `test_texts`), not a position."),
            mistake(lambda a: text_split()[3].loc[a.worst_index] == "spam",
                    "`worst_index` is a spam message: the question is about a **real** (ham) message flagged "
                    "as spam. Keep only the ham test messages before you take the highest probability."),
            shape(lambda a: np.asarray(a.alarm_words).ndim == 1 and len(a.alarm_words) == 3,
                  lambda a: f"`alarm_words` should be a flat list of 3 words, but it has shape "
                  f"{np.shape(a.alarm_words)}."),
            require(lambda a: np.asarray(a.alarm_words).dtype.kind == "U",
                    "`alarm_words` should hold words (strings)."),
            require(lambda a: all(w.lower() in text_split()[1].loc[a.worst_index].lower()
                                  for w in _words(a.alarm_words)),
                    "`alarm_words` should be words of the message `test_texts.loc[worst_index]`."),
        ],
    ),
    Exercise(
        grade_id="q410_char_ngrams",
        answers={"word_caught": Integer(), "char_caught": Integer()},
        hint="Fit each pipeline on the training texts, predict the eight disguised messages, and count the "
             "predictions that are `spam`.",
        hints=(
            "The two pipelines differ only in their vectorizer: `TfidfVectorizer()` for words, "
            "`TfidfVectorizer(analyzer=\"char_wb\", ngram_range=(2, 4))` for character n-grams. Both end with "
            "`LogisticRegression(C=10, solver=\"liblinear\")`.",
            "After `fit(train_texts, train_labels)`, `predict(OBFUSCATED_SPAM)` gives eight labels; "
            "`(predictions == \"spam\").sum()` counts the caught ones. Store each count with `int(...)`.",
        ),
        checks=[
            require(lambda a: 0 <= a.word_caught <= len(OBFUSCATED_SPAM) and 0 <= a.char_caught <= len(OBFUSCATED_SPAM),
                    f"`word_caught` and `char_caught` should each count messages among the "
                    f"{len(OBFUSCATED_SPAM)} of `OBFUSCATED_SPAM`."),
        ],
    ),
]
