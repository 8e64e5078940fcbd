"""Module 04, Parts 1 and 2: clean and de-duplicate the messages, then a bag of words.

Split from the package's __init__.py, which assembles the module's EXERCISES. The cached helpers
split the data exactly as the notebook's setup cell does, so that public checks can recognise a
named mistake (never compute the exact answer: that is the hidden checks' job).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from curriculum.learner.checks import Choice, Exercise, Frame, Integer, Number, mistake, require, shape
from curriculum.learner.data import load


@lru_cache(maxsize=None)
def sms_table() -> pd.DataFrame:
    """The messages as loaded (the setup cell's `sms`)."""
    return load("sms_spam")


@lru_cache(maxsize=None)
def text_split() -> tuple:
    """(train_texts, test_texts, train_labels, test_labels), as in the setup cell."""
    from curriculum.learner.demos_text import spam_split

    return spam_split(sms_table())


def _texts(a) -> pd.Series:
    return a.messages["text"].astype(str)


def _fraction_message(name: str):
    return lambda a: f"`{name}` should be a fraction between 0 and 1, but it is {getattr(a, name)!r}."


EXERCISES = [
    Exercise(
        grade_id="q401_clean_messages",
        answers={"messages": Frame(columns=("label", "text"))},
        keeps={"sms": "sms_spam"},
        hint="Clean first, then look for repeated rows: which pandas method finds rows equal to an "
             "earlier row, and which one drops them?",
        hints=(
            "Copy `sms`, then replace its `text` column by the cleaned texts: `.map(...)` applies a function to "
            "each text. The function unescapes the HTML entities first, then joins the words with single spaces.",
            "`messages[\"text\"].map(lambda text: \" \".join(html.unescape(text).split()))` cleans every text. "
            "Then `drop_duplicates()` on the whole table keeps the first copy of each (label, text) pair.",
        ),
        checks=[
            shape(lambda a: len(a.messages) > 0, "`messages` is empty: keep one copy of every message."),
            mistake(lambda a: len(a.messages) >= len(sms_table()),
                    lambda a: f"`messages` still has every row of `sms` ({len(a.messages):,}): the duplicates "
                    "are still there. Drop the rows that repeat an earlier row with `drop_duplicates()`."),
            mistake(lambda a: _texts(a).str.contains(r"&(?:lt|gt|amp|quot);", regex=True).any(),
                    "`messages` still holds HTML entities such as `&lt;`: turn them back into characters with "
                    "`html.unescape(text)` before you compare the texts."),
            mistake(lambda a: (_texts(a).str.contains(r"\s\s|[\t\n\r]", regex=True)
                               | (_texts(a) != _texts(a).str.strip())).any(),
                    "`messages` still has runs of spaces, tabs or line breaks, or spaces at either end: "
                    "`\" \".join(text.split())` leaves one space between words and none at the ends."),
            mistake(lambda a: not _texts(a).str.contains(r"[A-Z]", regex=True).any(),
                    "`messages` has no capital letter left: you changed the case of the letters. Keep the "
                    "texts as typed (the vectorizers lower-case them later); only unescape and fix the spaces."),
            mistake(lambda a: a.messages.duplicated(subset=["label", "text"]).any(),
                    "`messages` still repeats some rows (same label, same text): clean the texts first, "
                    "then drop the duplicates, so that copies that differed only by their spaces are found."),
            require(lambda a: set(a.messages["label"].astype(str)) == {"ham", "spam"},
                    "`messages` should keep the labels as they are: `ham` and `spam`."),
        ],
    ),
    Exercise(
        grade_id="q402_vocabulary",
        answers={"vocab_size": Integer(), "test_sparsity": Number()},
        hint="Which texts should the vectorizer learn its vocabulary from, and which method only counts, "
             "without learning? How many entries does a matrix have, and how many are not zero?",
        hints=(
            "`CountVectorizer().fit(train_texts)` learns the vocabulary: its `vocabulary_` is a dict with one "
            "entry per word. Then `transform(test_texts)` (not `fit_transform`) gives the test matrix.",
            "The vocabulary size is `len(vectorizer.vocabulary_)`. For the test matrix `X`, the share of entries "
            "that are not zero is `X.nnz` divided by rows times columns (`X.shape`); the sparsity is 1 minus that.",
        ),
        checks=[
            require(lambda a: a.vocab_size > 0, "`vocab_size` should be a positive number of words."),
            mistake(lambda a: 1 < a.test_sparsity <= 100,
                    "`test_sparsity` looks like a percentage: give it as a fraction between 0 and 1."),
            require(lambda a: 0 <= a.test_sparsity <= 1, _fraction_message("test_sparsity")),
            mistake(lambda a: a.test_sparsity < 0.5,
                    "`test_sparsity` is small: that is the share of entries that are *not* zero (the "
                    "density). The sparsity is the share of entries that are zero: 1 minus it."),
        ],
    ),
    Exercise(
        grade_id="q403_row_meaning",
        answers={"row_meaning": Choice(options="abcd")},
        hint="How many rows does the test matrix have, and how many columns? Compare with the number of "
             "test messages and with `vocab_size`.",
        hints=(
            "In the tiny example above the exercise, one text was transformed: look at what its one row holds, "
            "and which words got a column.",
            "The columns come from the vocabulary learned by `fit`, on the training texts; `transform` makes one "
            "row per text it is given. Pick the option that says both.",
        ),
    ),
]

__all__ = ["EXERCISES", "sms_table", "text_split"]
