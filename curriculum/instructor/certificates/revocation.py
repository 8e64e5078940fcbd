"""The course's revocation list, `certificates/revoked.json`: credentials withdrawn, with a date and a reason.

Verification consults it (the credentials name it as their `credentialStatus`). It is published with
the course beside the key set.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from curriculum.instructor.grading.records import write_whole

FILE = "revoked.json"


def path(course_root: Path) -> Path:
    return Path(course_root) / "certificates" / FILE


def read(list_path: Path) -> dict[str, dict]:
    """credential id -> {"date", "reason"}; an absent list revokes nothing."""
    if not Path(list_path).is_file():
        return {}
    data = json.loads(Path(list_path).read_text())
    return {entry["id"]: entry for entry in data.get("revoked", []) if isinstance(entry, dict) and "id" in entry}


def revoke(course_root: Path, credential_id: str, reason: str, now: float | None = None) -> dict:
    """Add `credential_id` to the list (once); returns its entry."""
    listed = read(path(course_root))
    if credential_id in listed:
        return listed[credential_id]
    entry = {"id": credential_id, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
             "reason": reason}
    listed[credential_id] = entry
    target = path(course_root)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, (json.dumps({"revoked": list(listed.values())}, indent=2) + "\n").encode())
    return entry
