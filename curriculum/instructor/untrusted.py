"""Text a learner controls, made safe for where it goes: a terminal, a record, a CSV cell, HTML.

Everything a learner produces is hostile: file and zip entry names, ids, exception names and
messages, notebook fields, markdown. Each kind of place has one function here, applied where such
text enters the instructor's side (collect, intake, the executor's error capture, the export), so
that nothing downstream has to remember.
"""
from __future__ import annotations

import unicodedata

#: Unicode categories never shown as they are: controls, format characters (bidirectional
#: overrides, zero-width joiners), surrogates, private use, unassigned, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Cells a spreadsheet would read as a formula (OWASP's CSV injection guidance: these, tab and CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: object, keep_newlines: bool = False, limit: int | None = None) -> str:
    """`text` with every control, format or invisible character written as an escape (``\\x1b``,
    ``\\u202e``), so it cannot move a terminal's cursor, change its colours or title, reorder a line
    or hide part of it. Newlines are kept only when asked (a multi-line message); never in an id or
    a file name. `limit` cuts the result to that many characters, marked with an ellipsis."""
    out = "".join(
        ch if (ch == "\n" and keep_newlines) or unicodedata.category(ch) not in HIDDEN_CATEGORIES else _escape(ch)
        for ch in str(text))
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)] + "…"
    return out


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
