"""Hidden checks for module 04, run only by the trusted judge at grading.

Never copied to release/ or to a student's folder (nbgrader_config.py ignores *.py in source/).
HIDDEN-CHECKS-MARKER-04: tests prove this line never reaches a learner or a feedback file.
"""
from curriculum.learner.checks import mistake, require
from curriculum.learner.data import load

_data = load("sms_spam")

HIDDEN = {
    "q401_rows": [
        mistake(lambda a: a.n_rows == _data.shape[1],
                "`n_rows` is the number of columns: a table's length is its number of rows."),
        require(lambda a: a.n_rows == len(_data), "`n_rows` is not the number of rows of `data`."),
    ],
}
