"""Graded variants of each exercise in module 03, used by the tests and by `curriculum demo`.

For every exercise: `alternatives` are other correct answers that must score full points;
`mistakes` are (code, words the feedback must contain) pairs that must score zero with that message.
The reference solution is the notebook's own solution cell. Instructor-side only: never released.
"""

VARIANTS = {
    "q301_rows": {
        "alternatives": ["n_rows = data.shape[0]"],
        "mistakes": [("n_rows = len(data.columns)", "number of columns")],
    },
}
