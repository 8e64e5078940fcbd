"""Hidden checks for module 04, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-04: tests prove this line never reaches a learner or a feedback file.
"""
import html

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from curriculum.learner.checks import close, mistake, require
from curriculum.learner.checks.choices import choice_checks
from curriculum.learner.demos_text import OBFUSCATED_SPAM, raw_split
from curriculum.learner.exercises.m04_text_data import sms_table, text_split

_sms = sms_table()
_train, _test, _train_y, _test_y = text_split()
_raw_train, _raw_test, _raw_train_y, _raw_test_y = raw_split(_sms)

#: "keep at least 3 decimals": rounding to 3 decimals is off by 0.0005 at most
FRACTION_TOL = 6e-4
#: "keep at least 5 decimals" (the sparsity is close to 1; the nearest named mistake is 1.3e-4 away)
SPARSITY_TOL = 1e-5


def _pipeline(vectorizer=None):
    return make_pipeline(vectorizer if vectorizer is not None else TfidfVectorizer(),
                         LogisticRegression(C=10, solver="liblinear"))


def _sparsity(matrix) -> float:
    return 1 - matrix.nnz / (matrix.shape[0] * matrix.shape[1])


def _words(values) -> list[str]:
    return [str(v).strip() for v in np.asarray(values).ravel()]


# --- q401: cleaned, de-duplicated messages --------------------------------------------------------

_cleaned = _sms.assign(text=_sms["text"].map(lambda t: " ".join(html.unescape(t).split())))
_messages = _cleaned.drop_duplicates()
_every_copy_dropped = len(_cleaned.drop_duplicates(keep=False))
_message_pairs = set(zip(_messages["label"], _messages["text"]))


def _pairs(frame: pd.DataFrame) -> set:
    return set(zip(frame["label"].astype(str), frame["text"].astype(str)))


# --- q402: a bag of words -------------------------------------------------------------------------

_vectorizer = CountVectorizer().fit(_train)
_vocab_size = len(_vectorizer.vocabulary_)
_test_sparsity = _sparsity(_vectorizer.transform(_test))
_train_sparsity = _sparsity(_vectorizer.transform(_train))
_all_vectorizer = CountVectorizer().fit(pd.concat([_train, _test]))
_all_vocab_size = len(_all_vectorizer.vocabulary_)
_all_test_sparsity = _sparsity(_all_vectorizer.transform(_test))
_test_vectorizer = CountVectorizer().fit(_test)
_test_vocab_size = len(_test_vectorizer.vocabulary_)
_refit_test_sparsity = _sparsity(_test_vectorizer.transform(_test))

# --- q404: the pipeline ---------------------------------------------------------------------------

_model = _pipeline().fit(_train, _train_y)
_all_model = _pipeline().fit(pd.concat([_train, _test]), pd.concat([_train_y, _test_y]))
_test_pred = _model.predict(_test)
_disputed = _test_pred != _all_model.predict(_test)
assert _disputed.sum() >= 5, "the test texts no longer tell a model fitted on all texts apart"

#: Texts the learner has never seen: the disguised spam, and a few real messages written for the probe.
_UNSEEN = OBFUSCATED_SPAM + [
    "Are you coming for dinner tonight? Mum is making curry",
    "Sorry I missed your call, I'll ring you back after the meeting",
    "Can you pick up some milk on your way home",
    "Happy birthday! Hope you have a lovely day x",
    "WINNER! You have won a free prize of 1000 pounds. Call now to claim your reward",
    "Free entry to win a holiday. Text WIN to 80086 now. T&C apply",
    "URGENT! Your mobile number has been selected for a cash award. Call 09061701461",
    "Ok see you at the station at 6",
]
_unseen_expected = _model.predict(_UNSEEN)

PROBES = {
    "q404_spam_pipeline": {
        "spam_model": lambda: [(_test.tolist(),), (list(_UNSEEN),)],
    },
}


def _pipeline_predictions(a, i: int) -> np.ndarray:
    return np.asarray(a.spam_model.calls[i]["ok"]).astype(str)


# --- q405: metrics --------------------------------------------------------------------------------

_precision = precision_score(_test_y, _test_pred, pos_label="spam")
_recall = recall_score(_test_y, _test_pred, pos_label="spam")
_accuracy = accuracy_score(_test_y, _test_pred)
_ham_precision = precision_score(_test_y, _test_pred, pos_label="ham")
_ham_recall = recall_score(_test_y, _test_pred, pos_label="ham")
_lost_real = int(((_test_pred == "spam") & (_test_y == "ham")).sum())
_missed_spam = int(((_test_pred == "ham") & (_test_y == "spam")).sum())
_train_pred = _model.predict(_train)
_train_precision = precision_score(_train_y, _train_pred, pos_label="spam")
_train_recall = recall_score(_train_y, _train_pred, pos_label="spam")
assert _lost_real != _missed_spam

# --- q407: duplicates across the split ------------------------------------------------------------

_shared_test = int(_raw_test.isin(_raw_train).sum())
_shared_distinct = int(_raw_test[_raw_test.isin(_raw_train)].nunique())
_shared_train = int(_raw_train.isin(_raw_test).sum())
_loose_train, _loose_test = train_test_split(_sms["text"], test_size=0.25, random_state=0)
_shared_unstratified = int(_loose_test.isin(_loose_train).sum())
_raw_model = _pipeline().fit(_raw_train, _raw_train_y)
_raw_pred = _raw_model.predict(_raw_test)
_f1_gap = (f1_score(_raw_test_y, _raw_pred, pos_label="spam") - f1_score(_test_y, _test_pred, pos_label="spam"))
_accuracy_gap = accuracy_score(_raw_test_y, _raw_pred) - _accuracy
_count_gap = (f1_score(_raw_test_y, _pipeline(CountVectorizer()).fit(_raw_train, _raw_train_y).predict(_raw_test),
                       pos_label="spam")
              - f1_score(_test_y, _pipeline(CountVectorizer()).fit(_train, _train_y).predict(_test), pos_label="spam"))
assert len({_shared_test, _shared_distinct, _shared_train, _shared_unstratified}) == 4

# --- q408: the words that push towards spam -------------------------------------------------------

_coefs = pd.Series(_model[-1].coef_[0], index=_model[0].get_feature_names_out())
_spam_words = _coefs.sort_values(ascending=False).index[:10].tolist()
_ham_words = _coefs.sort_values().index[:10].tolist()
_count_model = _pipeline(CountVectorizer()).fit(_train, _train_y)
_count_words = pd.Series(_count_model[-1].coef_[0], index=_count_model[0].get_feature_names_out()
                         ).sort_values(ascending=False).index[:10].tolist()

# --- q409: the worst false alarm ------------------------------------------------------------------

_probability = pd.Series(_model.predict_proba(_test)[:, 1], index=_test.index)
_worst = int(_probability[_test_y == "ham"].idxmax())
_worst_position = int(_test.index.get_loc(_worst))
_weights = _model[0].transform([_test.loc[_worst]]).toarray()[0]
_contributions = pd.Series(_weights * _model[-1].coef_[0], index=_model[0].get_feature_names_out())
_alarm_words = set(_contributions.nlargest(3).index)
_present = _contributions[_weights > 0]
_by_coefficient = set(_coefs[_present.index].nlargest(3).index)
_by_weight = set(pd.Series(_weights, index=_contributions.index).nlargest(3).index)
assert _by_coefficient != _alarm_words and _worst_position != _worst

# --- q410: disguised spam ------------------------------------------------------------------------


def _caught(vectorizer) -> int:
    return int((_pipeline(vectorizer).fit(_train, _train_y).predict(OBFUSCATED_SPAM) == "spam").sum())


_word_caught = _caught(TfidfVectorizer())
_char_caught = _caught(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)))
_single_chars_caught = _caught(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 1)))
_count_word_caught = _caught(CountVectorizer())
_word_ngrams_caught = _caught(TfidfVectorizer(ngram_range=(2, 4)))  # analyzer="char_wb" forgotten (audit)
_n = len(OBFUSCATED_SPAM)
assert _char_caught > _word_caught and len({_single_chars_caught, _word_ngrams_caught, _char_caught}) == 3


# --- feedback for the multiple-choice questions ---------------------------------------------------

_row_feedback = {
    "a": "`row_meaning`: (a) is not it. That would be a column: each column is one word of the vocabulary, "
         "and each row one text given to `transform`.",
    "c": "`row_meaning`: (c) is not it. The columns are the vocabulary learned by `fit` on the training texts, "
         "the same for every row, and a bag of words keeps no order.",
    "d": "`row_meaning`: (d) is not it. The labels are not in the matrix: it holds word counts, the inputs the "
         "model learns from.",
}

_ship_feedback = {
    "a": "`ship_metric`: (a) is not it. With 13% spam, a filter that flags nothing scores about 87% accuracy: "
         "accuracy alone hides the rare, costly error, a real message lost.",
    "c": "`ship_metric`: (c) is not it. Recall counts the spam that is caught; it can be pushed up by flagging "
         "more messages, and every real message flagged on the way is lost, the error that costs 20 times more.",
    "d": "`ship_metric`: (d) is not it. The share of spam describes the data, not the filter: it is the same "
         "whatever the filter does.",
}

HIDDEN = {
    "q401_clean_messages": [
        mistake(lambda a: len(a.messages) == _every_copy_dropped,
                "`messages` dropped every copy of a repeated message, the first one too (`keep=False`): keep "
                "one copy of each message, the first."),
        require(lambda a: len(a.messages) == len(_messages) and _pairs(a.messages) == _message_pairs,
                "`messages` does not hold each cleaned (label, text) pair exactly once: unescape the HTML "
                "entities, collapse the spaces, keep the case, then `drop_duplicates()`."),
    ],
    "q402_vocabulary": [
        mistake(lambda a: a.vocab_size == _all_vocab_size or close(a.test_sparsity, _all_test_sparsity, rel=0,
                                                                   abs_tol=SPARSITY_TOL),
                "`vocab_size` or `test_sparsity` comes from a vectorizer fitted on all the texts, the test "
                "texts too: its vocabulary has seen the test messages. Fit it on `train_texts` only."),
        mistake(lambda a: a.vocab_size == _test_vocab_size or close(a.test_sparsity, _refit_test_sparsity, rel=0,
                                                                    abs_tol=SPARSITY_TOL),
                "`vocab_size` or `test_sparsity` comes from `fit_transform` on the test texts: that learns a "
                "new vocabulary from them. Fit on `train_texts`, then only `transform` the test texts."),
        mistake(lambda a: close(a.test_sparsity, _train_sparsity, rel=0, abs_tol=SPARSITY_TOL),
                "`test_sparsity` is the sparsity of the training matrix: transform `test_texts` and measure that "
                "matrix."),
        require(lambda a: a.vocab_size == _vocab_size,
                "`vocab_size` is not the number of words a `CountVectorizer()` learns from `train_texts`."),
        require(lambda a: close(a.test_sparsity, _test_sparsity, rel=0, abs_tol=SPARSITY_TOL),
                "`test_sparsity` is not the share of zero entries in the test matrix (to 5 decimals): 1 minus "
                "`X.nnz` divided by rows times columns."),
    ],
    "q403_row_meaning": choice_checks("row_meaning", "b", _row_feedback),
    "q404_spam_pipeline": [
        require(lambda a: len(a.spam_model.calls) >= 2 and "ok" in a.spam_model.calls[1],
                lambda a: "`spam_model` could not predict texts you have not seen: "
                + next((c["error"] for c in a.spam_model.calls if "error" in c), "no result")),
        mistake(lambda a: (_pipeline_predictions(a, 0)[_disputed] == _all_model.predict(_test)[_disputed]).all(),
                "`spam_model` learned from the test texts too (the vectorizer and the classifier were fitted on "
                "all the texts): its test score then says nothing about new messages. Fit it on `train_texts` "
                "and `train_labels` only."),
        require(lambda a: np.mean(_pipeline_predictions(a, 0) == _test_pred) >= 0.99
                and np.mean(_pipeline_predictions(a, 1) == _unseen_expected) >= 0.9,
                "`spam_model` does not predict like a pipeline of `TfidfVectorizer()` and "
                "`LogisticRegression(C=10, solver=\"liblinear\")` fitted on `train_texts` and `train_labels`."),
    ],
    "q405_spam_metrics": [
        mistake(lambda a: close(a.spam_precision, _accuracy, rel=0, abs_tol=FRACTION_TOL)
                or close(a.spam_recall, _accuracy, rel=0, abs_tol=FRACTION_TOL),
                "`spam_precision` or `spam_recall` is the accuracy: accuracy alone hides the rare class. Use "
                "`precision_score` and `recall_score` with `pos_label=\"spam\"`."),
        mistake(lambda a: close(a.spam_precision, _ham_precision, rel=0, abs_tol=FRACTION_TOL)
                or close(a.spam_recall, _ham_recall, rel=0, abs_tol=FRACTION_TOL),
                "`spam_precision` or `spam_recall` treats `ham` as the positive class: pass "
                "`pos_label=\"spam\"`."),
        mistake(lambda a: close(a.spam_precision, _recall, rel=0, abs_tol=FRACTION_TOL)
                and close(a.spam_recall, _precision, rel=0, abs_tol=FRACTION_TOL),
                "`spam_precision` and `spam_recall` are swapped: precision divides by the messages flagged as "
                "spam, recall by the real spam (or: the true labels go first, the predictions second)."),
        mistake(lambda a: close(a.spam_precision, _train_precision, rel=0, abs_tol=FRACTION_TOL)
                and close(a.spam_recall, _train_recall, rel=0, abs_tol=FRACTION_TOL),
                "`spam_precision` and `spam_recall` are measured on the training texts: score the model on "
                "`test_texts` and `test_labels`."),
        mistake(lambda a: a.lost_real == _missed_spam,
                "`lost_real` counts the spam that got through (spam predicted as ham). A lost real message is "
                "the other error: a ham predicted as spam."),
        require(lambda a: close(a.spam_precision, _precision, rel=0, abs_tol=FRACTION_TOL)
                and close(a.spam_recall, _recall, rel=0, abs_tol=FRACTION_TOL),
                "`spam_precision` or `spam_recall` is not the test precision or recall of spam of the pipeline "
                "of Exercise 4 (to 3 decimals)."),
        mistake(lambda a: a.lost_real == int((_test_pred == "spam").sum()),
                "`lost_real` counts every message flagged as spam, the real spam too: count only the real "
                "(ham) messages flagged as spam."),
        require(lambda a: a.lost_real == _lost_real,
                "`lost_real` is not the number of ham test messages the pipeline predicts as spam."),
    ],
    "q406_ship_metric": choice_checks("ship_metric", "b", _ship_feedback),
    "q407_duplicate_inflation": [
        mistake(lambda a: a.shared_test == _shared_distinct,
                "`shared_test` counts each shared text once: count every test message whose text is among "
                "the training messages, copies included (`raw_test.isin(raw_train).sum()`)."),
        mistake(lambda a: a.shared_test == _shared_train,
                "`shared_test` counts the training messages found among the test messages: count the other "
                "way round, the **test** messages found among the training messages."),
        mistake(lambda a: close(a.f1_gap, _accuracy_gap, rel=0, abs_tol=FRACTION_TOL),
                "`f1_gap` is a difference of accuracies: accuracy alone hides what happens to the rare "
                "spam. Compare the F1 of spam (`f1_score(..., pos_label=\"spam\")`)."),
        mistake(lambda a: close(a.f1_gap, _count_gap, rel=0, abs_tol=FRACTION_TOL),
                "`f1_gap` comes from a `CountVectorizer` pipeline: build both pipelines as in Exercise 4, "
                "with `TfidfVectorizer()` and `LogisticRegression(C=10, solver=\"liblinear\")`."),
        mistake(lambda a: a.shared_test == _shared_unstratified,
                "`shared_test` comes from another split of the raw table: split `sms` exactly as shown above "
                "the exercise (`test_size=0.25`, `stratify=sms[\"label\"]`, `random_state=0`), the settings of "
                "the clean split, so that the two scores differ only by the duplicates."),
        require(lambda a: a.shared_test == _shared_test,
                "`shared_test` is not the number of raw test messages whose text is also among the raw "
                "training messages (split `sms` as shown above the exercise)."),
        require(lambda a: close(a.f1_gap, _f1_gap, rel=0, abs_tol=FRACTION_TOL),
                "`f1_gap` is not the raw split's F1 of spam minus the clean split's (to 3 decimals), with "
                "the pipeline of Exercise 4 fitted on each split's training messages."),
    ],
    "q408_spam_words": [
        mistake(lambda a: set(_words(a.spam_words)) == set(_ham_words),
                "`spam_words` holds the words with the most negative coefficients: they push a message "
                "towards ham, the first class. Take the largest (positive) coefficients."),
        mistake(lambda a: set(_words(a.spam_words)) == set(_count_words) != set(_spam_words),
                "`spam_words` comes from a `CountVectorizer` pipeline: read the coefficients of the pipeline "
                "of Exercise 4, with `TfidfVectorizer()`."),
        require(lambda a: set(_words(a.spam_words)) == set(_spam_words),
                "`spam_words` is not the 10 words with the largest coefficients in the pipeline of "
                "Exercise 4: pair each coefficient with its word (`get_feature_names_out()`) and sort."),
        require(lambda a: _words(a.spam_words) == _spam_words,
                "`spam_words` holds the right words in the wrong order: list them from the strongest push "
                "towards spam down."),
    ],
    "q409_false_alarm": [
        mistake(lambda a: a.worst_index == _worst_position,
                "`worst_index` is a position (counting from 0 in `test_texts`), not an index label: use "
                "`idxmax()` on a Series indexed like `test_texts`, so that `test_texts.loc[worst_index]` is "
                "the message."),
        require(lambda a: a.worst_index == _worst,
                "`worst_index` is not the real (ham) test message with the highest probability of spam under "
                "the pipeline of Exercise 4."),
        mistake(lambda a: set(_words(a.alarm_words)) == _by_coefficient,
                "`alarm_words` ranks the message's words by their coefficient alone: a word's contribution "
                "is its TF-IDF value in this message times its coefficient. Multiply before you rank."),
        mistake(lambda a: set(_words(a.alarm_words)) == _by_weight,
                "`alarm_words` ranks the message's words by their TF-IDF value alone: multiply each by its "
                "coefficient, which says which way and how hard the word pushes."),
        require(lambda a: set(_words(a.alarm_words)) == _alarm_words,
                "`alarm_words` is not the 3 words of that message with the largest contributions (TF-IDF "
                "value times coefficient)."),
    ],
    "q410_char_ngrams": [
        mistake(lambda a: a.word_caught == _n - _word_caught and a.char_caught == _n - _char_caught,
                "`word_caught` and `char_caught` count the messages that got through (predicted ham): count "
                "those flagged as spam."),
        mistake(lambda a: a.char_caught == _single_chars_caught and a.word_caught == _word_caught,
                "`char_caught` comes from single characters (`ngram_range=(1, 1)`, the default): use runs of "
                "2 to 4 characters, `ngram_range=(2, 4)`."),
        mistake(lambda a: a.char_caught == _word_ngrams_caught and a.word_caught == _word_caught,
                "`char_caught` comes from runs of 2 to 4 *words*: `ngram_range` alone cuts words, so add "
                "`analyzer=\"char_wb\"` to cut runs of characters."),
        mistake(lambda a: a.word_caught == _count_word_caught != _word_caught,
                "`word_caught` comes from a `CountVectorizer` pipeline: build the word pipeline as in "
                "Exercise 4."),
        require(lambda a: a.word_caught == _word_caught,
                "`word_caught` is not the number of disguised messages the word pipeline of Exercise 4 flags "
                "as spam."),
        require(lambda a: a.char_caught == _char_caught,
                "`char_caught` is not the number of disguised messages the `char_wb`, (2, 4) pipeline flags "
                "as spam."),
    ],
}
