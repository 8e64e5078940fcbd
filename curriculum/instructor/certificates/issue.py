"""`curriculum certify`: a signed certificate for each learner who passed a track, and only them.

For each learner whose track standing is "passed" (tracks.py), and who holds no certificate of that
track yet (or only a revoked one), it writes into `certificates/<track>/`: the signed credential
(`<name>.jwt`, what an employer verifies), a readable copy (`<name>.json`) and a printable page
(`<name>.html`), and notes the credential in `certificates/issued.json`. Learners held back (a
written answer waits for a person) and tracks nobody can pass yet are counted, never certified.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.instructor.certificates import credential, keys, revocation, vcjwt
from curriculum.instructor.certificates.page import write_page
from curriculum.instructor.course import Course
from curriculum.instructor.grading.records import write_whole
from curriculum.instructor.grading.tracks import TrackStanding, standings
from curriculum.learner import syllabus

REGISTER = "issued.json"


@dataclass
class CertifyRun:
    issued: list[tuple[str, str, Path]] = field(default_factory=list)  # (student, track, the .jwt)
    already: list[tuple[str, str]] = field(default_factory=list)
    held: dict[str, list[str]] = field(default_factory=dict)  # track -> learners a written answer holds back
    not_open: list[str] = field(default_factory=list)  # tracks with a module still being written


def file_stem(student: str) -> str:
    """A file name for a learner id: its safe characters, and a hash so that two ids never collide."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", student)[:60].lstrip(".") or "learner"
    return f"{safe}-{hashlib.sha256(student.encode()).hexdigest()[:8]}"


def _register(course: Course) -> dict:
    path = course.path("certificates", REGISTER)
    return json.loads(path.read_text()) if path.is_file() else {}


def _save_register(course: Course, register: dict) -> None:
    path = course.path("certificates", REGISTER)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, (json.dumps(register, indent=2, sort_keys=True) + "\n").encode())


def _identity(course: Course, student: str) -> tuple[str, str, str]:
    """(identity, its type, display name) from the gradebook's roster: the e-mail if it has one."""
    with course.gradebook() as gb:
        try:
            who = gb.find_student(student)
        except Exception:  # noqa: BLE001 - a learner known from submitted/ only
            return student, "systemId", ""
        name = " ".join(p for p in (who.first_name, who.last_name) if p).strip()
        return (who.email, "emailAddress", name) if who.email else (student, "systemId", name)


def issue_one(course: Course, standing: TrackStanding, key: keys.IssuerKey, now: float, version: str) -> Path:
    """Sign and write one learner's certificate; returns the signed file."""
    identity, kind, name = _identity(course, standing.student)
    vc = credential.build(standing, identity, kind, now, version, display_name=name)
    token = vcjwt.sign(vc, key)
    folder = course.path("certificates", standing.track)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / file_stem(standing.student)
    stem.with_suffix(".json").write_text(json.dumps(vc, indent=2) + "\n")
    stem.with_suffix(".jwt").write_text(token + "\n")
    write_page(stem.with_suffix(".html"), vc, token, name or standing.student)
    return stem.with_suffix(".jwt")


def certify(course: Course, tracks: list[str] | None = None, now: float | None = None,
            key_folder: str | None = None) -> CertifyRun:
    """Certificates for every learner who passed one of `tracks` (default: all) and has none yet."""
    plan = syllabus.load()
    now = time.time() if now is None else now
    run, register = CertifyRun(), _register(course)
    revoked = revocation.read(revocation.path(course.root))
    key, version = None, credential.release_commit(course.root)
    for standing in standings(course, tracks=tracks):
        if standing.state == "not open":
            run.not_open = sorted(set(run.not_open) | {standing.track})
            continue
        if standing.state == "waiting":
            run.held.setdefault(standing.track, []).append(standing.student)
        if standing.state != "passed":
            continue
        slot = f"{standing.track}/{standing.student}"
        if register.get(slot) and register[slot] not in revoked:
            run.already.append((standing.student, standing.track))
            continue
        key = key or keys.signing_key(key_folder or plan.course_id, course.root, now)
        signed = issue_one(course, standing, key, now, version)
        register[slot] = json.loads(signed.with_suffix(".json").read_text())["id"]
        run.issued.append((standing.student, standing.track, signed))
    _save_register(course, register)
    return run
