"""Flag submissions that touch the machinery around grading, for an instructor to review.

This never changes a score: the sandbox and the trusted judge already make these tricks useless.
It only records, in plain words, what a submission tried, so that an instructor can see it in the
grade record and the export (an academic-integrity question, not a technical one).
"""
from __future__ import annotations

import re

#: (pattern in a cell's source, what it means). Checked on every cell a learner can edit.
PATTERNS: list[tuple[str, str]] = [
    (r"input_transformers|ast_transformers|register_magic|events\.register", "rewrites how IPython runs cells"),
    (r"showtraceback|_showtraceback|set_custom_exc|InteractiveShell\.", "patches the kernel's error reporting"),
    (r"(numpy|np|pandas|pd)\.testing\.\w+\s*=", "patches numpy/pandas testing helpers"),
    (r"\bmath\.\w+\s*=|\bbuiltins\b|__builtins__", "patches math or builtins"),
    (r"def\s+__eq__|def\s+__ne__|__array_ufunc__|__array_function__", "defines an object with custom equality"),
    (r"\bsys\.exit|os\._exit|\bexit\(|\bquit\(", "exits the kernel"),
    (r"\bctypes\b|\bfaulthandler\b", "uses ctypes (can crash the kernel)"),
    (r"\bos\.fork|\bfork\(|multiprocessing|subprocess|os\.system|os\.spawn|os\.exec|setsid|Popen",
     "starts processes"),
    (r"\bsignal\.signal|SIG_IGN", "changes signal handling"),
    (r"\bsocket\b|urllib|requests\.|http\.client", "opens network connections"),
    (r"gradebook|nbgrader_config|hidden_checks|/source/|submitted|autograded|\.ipython|startup",
     "looks for course files"),
    (r"os\.environ|/proc/|getenv", "reads the environment or /proc"),
    (r"\bwhile\s+True\b", "has an unbounded loop"),
    (r"<script|Javascript\(|\bHTML\(|display_html|display_javascript", "displays raw HTML or JavaScript"),
    (r"iopub_socket|session\.send|send_response", "sends its own kernel messages"),
    (r"mkfifo|curriculum-judge|outbox", "tampers with the folder its answers are read from"),
    (r"open\(.*['\"][wax]b?\+?['\"]\s*\)|os\.symlink|os\.makedirs|shutil\.", "writes or links files"),
]
_COMPILED = [(re.compile(p), why) for p, why in PATTERNS]


def flags(cells: list[tuple[str, str]]) -> list[str]:
    """For (cell label, source) pairs: one line per cell that matches, naming what it does."""
    found = []
    for label, source in cells:
        reasons = sorted({why for pattern, why in _COMPILED if pattern.search(source)})
        if reasons:
            found.append(f"flagged for review: {label} {'; '.join(reasons)}")
    return found
