"""Module 04 · Text data: what the setup cell and the demonstrations need but must not show as code.

`spam_split` gives every exercise the same cleaned, de-duplicated split of the SMS Spam Collection (the
learner writes the cleaning in Exercise 1; the setup cell cannot wait for it, since each answer cell
must run after the setup alone). `OBFUSCATED_SPAM` are spam messages written for the robustness probe.
"""
from __future__ import annotations

import html

import pandas as pd

#: Share of the messages kept for testing, and the seed of every split in module 04.
TEST_SIZE = 0.25
SEED = 0

#: Spam written with digits and symbols in place of letters ("fr33 pr1ze"), as spammers do to slip past
#: a filter that learned whole words. Every one of them is spam.
OBFUSCATED_SPAM = [
    "C0ngr4tulati0ns! U h4ve w0n a fr33 pr1ze. C4ll n0w 2 cla1m",
    "W1NNER!! U r sel3cted 4 a pr1ze rew4rd. C@ll 09061701461 to cla1m",
    "Y0u have 1 n3w v01cemail. C4ll 0906 n0w 2 l1sten. 150p/m1n",
    "G3t a fr33 c4mera ph0ne! Upd4te y0ur m0bile t0day, c4ll fr33ph0ne 0800",
    "Cl41m y0ur c4sh pr1ze t0day: r3ply W1N. T&C apply",
    "Fr33 r1ngt0ne! T3xt G0 to 87121 n0w. 18+ 0nly",
    "Y0u are a w1nner! C4ll 09061743810 to cla1m y0ur £1000 pr1ze",
    "Fr33 msg: y0ur m0bile acc0unt has £500 b0nus. C4ll 08000930705 n0w",
]


def clean_text(text: str) -> str:
    """HTML entities back to characters (`&lt;` is `<`), and runs of spaces, tabs and line breaks to
    one space, with none at either end. The case of the letters is kept."""
    return " ".join(html.unescape(text).split())


def clean_messages(sms: pd.DataFrame) -> pd.DataFrame:
    """The messages with their text cleaned and each (label, text) pair kept once (its first copy)."""
    cleaned = sms.assign(text=sms["text"].map(clean_text))
    return cleaned.drop_duplicates()


def spam_split(sms: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(train_texts, test_texts, train_labels, test_labels): the cleaned, de-duplicated messages, split
    with a quarter kept for testing, stratified by label."""
    from sklearn.model_selection import train_test_split

    messages = clean_messages(sms)
    return tuple(train_test_split(messages["text"], messages["label"], test_size=TEST_SIZE,
                                  stratify=messages["label"], random_state=SEED))


def raw_split(sms: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """The same split of the raw table, duplicates and all (what Exercise 7 measures)."""
    from sklearn.model_selection import train_test_split

    return tuple(train_test_split(sms["text"], sms["label"], test_size=TEST_SIZE, stratify=sms["label"],
                                  random_state=SEED))
