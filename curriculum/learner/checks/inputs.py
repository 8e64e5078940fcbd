"""The tables an answer cell reads: it must leave them as they were, and its answer must follow them.

Two mistakes that give the right value on the day and a wrong one later:
- **a changed shared table** (`Exercise.keeps`): `adult = adult_raw` gives the same table a second
  name, so cleaning `adult` cleans `adult_raw` too, and every later exercise reads the changed table.
  The kernel fingerprints the table; the fingerprint is compared with the dataset as it was loaded
  (by the public check in the kernel, and by the trusted judge from its own copy of the dataset).
- **numbers typed by hand** (`Exercise.follows`): `n_rows = 344` is right today and wrong on next
  year's data. At grading the answer cell runs a second time with the table changed (the exercise
  says how); an answer that stays the same was not computed from the table.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

import pandas as pd

#: Fingerprints sent from the kernel to the judge, next to the exercise's answers.
KEPT_FILE = "kept.json"
#: The answers of the answer cell's second run, on the changed table (a sub-folder of the outbox).
RERUN_FOLDER = "rerun"
#: The answer cell's code, written by the grader into the exercise's inbox for the second run.
ANSWER_CELL_FILE = "answer_cell.py"

KEPT_CHANGED = ("`{table}` is no longer the table that was loaded: this answer's cell, or one before it, changed "
                "it. `new = {table}` gives the same table a second name, so changing `new` changes `{table}` "
                "too. Start from `{table}.copy()`, and reload `{table}` (rerun the notebook from the top): "
                "later exercises need it as it was loaded.")
TYPED_BY_HAND = ("`{name}` stayed the same when `{table}` was replaced by a smaller table at grading: it was "
                 "typed by hand (or computed in another cell), not computed from `{table}` in the answer cell. "
                 "Compute it from `{table}` in the answer cell, so the same code works on next year's data.")


def fingerprint(table: Any) -> str:
    """A short hash of a table's values, index, columns and dtypes ("" for anything else)."""
    if not isinstance(table, pd.DataFrame):
        return ""
    try:
        digest = hashlib.sha256(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
        digest.update(repr((list(map(str, table.columns)), list(map(str, table.dtypes)))).encode())
        return digest.hexdigest()[:32]
    except Exception:  # noqa: BLE001 - a table that cannot be hashed counts as changed
        return "unhashable"


@lru_cache(maxsize=None)
def loaded_fingerprint(dataset: str) -> str:
    """The fingerprint of `dataset` as `load` gives it."""
    from curriculum.learner.data import load

    return fingerprint(load(dataset))


def kept_fingerprints(keeps: dict[str, str], namespace: dict) -> dict[str, str]:
    """variable -> fingerprint of its value now, for each table the exercise keeps."""
    return {name: fingerprint(namespace.get(name)) for name in keeps}


def changed_tables(keeps: dict[str, str], fingerprints: Any) -> list[str]:
    """The kept variables whose fingerprint is not that of their dataset as loaded (missing = changed)."""
    if not isinstance(fingerprints, dict):
        fingerprints = {}
    return [name for name, dataset in keeps.items() if fingerprints.get(name) != loaded_fingerprint(dataset)]


def rerun_namespace(follows: dict, source: str, namespace: dict) -> dict:
    """Run the answer cell's `source` again on a copy of `namespace` with each followed table changed."""
    import contextlib
    import io

    scratch = dict(namespace)
    for name, change in follows.items():
        scratch[name] = change(namespace[name])
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            source = shell.transform_cell(source)
    except Exception:  # noqa: BLE001 - plain Python then
        pass
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        exec(compile(source, "<answer cell, second run>", "exec"), scratch)  # noqa: S102 - in the sandbox
    return scratch


def same_value(a: Any, b: Any) -> bool:
    """Whether two decoded answers are the same value (tables by content)."""
    try:
        if hasattr(a, "equals"):
            return bool(a.equals(b))
        return bool(a == b)
    except Exception:  # noqa: BLE001 - cannot tell: not the same
        return False


def typed_by_hand(follows: dict, first: dict, second: dict) -> list[str]:
    """Messages for each answer that stayed the same on the changed table (decoded Raw entries)."""
    table = ", ".join(f"`{name}`" for name in follows).strip("`")
    return [TYPED_BY_HAND.format(name=name, table=table) for name, raw in first.items()
            if raw.status == "ok" and name in second and second[name].status == "ok"
            and same_value(raw.value, second[name].value)]
