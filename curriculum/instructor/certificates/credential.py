"""A passed track as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential, data model 2.0).

The learner is named by a salted SHA-256 hash of their e-mail address (or of their course id when the
gradebook has no e-mail), never in plain text; a display name goes in only when the gradebook has
one. The achievement is the track: its criteria, its modules as result descriptions (each with its
pass mark as `requiredValue`), and the course version (the git commit of release/) as its version.
The results are each module's percent.
"""
from __future__ import annotations

import hashlib
import secrets
import subprocess
import uuid
from datetime import datetime, timezone
from pathlib import Path

from curriculum.instructor.grading.tracks import TrackStanding
from curriculum.learner import syllabus

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
SCHEMA = {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
          "type": "1EdTechJsonSchemaValidator2019"}
#: Subject ids are name-based UUIDs of the salted hash in this namespace (so the id reveals nothing).
SUBJECT_NAMESPACE = uuid.UUID("6f0c7a52-3d55-4c1e-9a8e-0b3f2d1c7e41")


def release_commit(course_root: Path) -> str:
    """The git commit of release/ (the learners' notebooks the grades came from), or "unknown"."""
    try:
        done = subprocess.run(["git", "-C", str(course_root), "log", "-1", "--format=%H", "--", "release"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else "unknown"


def timestamp(moment: float) -> str:
    return datetime.fromtimestamp(int(moment), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def hashed_identity(identity: str, identity_type: str, salt: str | None = None) -> dict:
    """An IdentityObject: sha256 of the identity and a random salt, as "sha256$<hex>"."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256((identity + salt).encode()).hexdigest()
    return {"type": "IdentityObject", "identityHash": f"sha256${digest}", "identityType": identity_type,
            "hashed": True, "salt": salt}


def achievement(track: str, version: str) -> dict:
    """The track as an Achievement: what it takes, and a result description per module."""
    plan = syllabus.load()
    base = f"{plan.issuer_url}/tracks/{track}"
    modules = [plan.module(m) for m in plan.tracks[track]]
    marks = ", ".join(f"{m.id} ({m.pass_mark:.0%})" for m in modules)
    return {
        "id": base,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"{plan.course_title}: {plan.track_titles.get(track, track)} track",
        "description": f"Passed every module of the {plan.track_titles.get(track, track)} track of "
                      f"{plan.course_title}: " + "; ".join(f"{m.id} {m.title}" for m in modules) + ".",
        "criteria": {"narrative": f"Each module of the track at or above its pass mark, with its written answers "
                                  f"graded by a person, in autograded Jupyter notebooks: {marks}."},
        "creator": issuer_profile(),
        "version": version,
        "inLanguage": "en",
        "resultDescription": [
            {"id": f"{base}/results/{m.id}", "type": ["ResultDescription"], "name": f"{m.id}: {m.title}",
             "resultType": "Percent", "requiredValue": f"{m.pass_mark * 100:g}", "valueMin": "0", "valueMax": "100"}
            for m in modules],
    }


def issuer_profile() -> dict:
    plan = syllabus.load()
    return {"id": plan.issuer_url, "type": ["Profile"], "name": plan.issuer_name, "url": plan.issuer_url}


def build(standing: TrackStanding, identity: str, identity_type: str, issued: float, version: str,
          display_name: str = "") -> dict:
    """The unsigned credential of a learner who passed `standing.track`."""
    if standing.state != "passed":
        raise ValueError(f"{standing.student} has not passed the {standing.track} track ({standing.state})")
    plan = syllabus.load()
    identifiers = [hashed_identity(identity, identity_type)]
    if display_name:
        identifiers.append({"type": "IdentityObject", "identityHash": display_name, "identityType": "name",
                            "hashed": False})
    earned = achievement(standing.track, version)
    results = [{"type": ["Result"], "resultDescription": f"{earned['id']}/results/{m.module}",
                "value": f"{100 * m.score / m.max_score:.1f}" if m.max_score else "0", "status": "Completed"}
               for m in standing.modules]
    subject_id = uuid.uuid5(SUBJECT_NAMESPACE, identifiers[0]["identityHash"])
    return {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": earned["name"],
        "description": f"{plan.course_title} certificate: the {plan.track_titles.get(standing.track)} track.",
        "issuer": issuer_profile(),
        "validFrom": timestamp(issued),
        "credentialSubject": {"id": f"urn:uuid:{subject_id}", "type": ["AchievementSubject"],
                              "identifier": identifiers, "achievement": earned, "result": results},
        "credentialSchema": [dict(SCHEMA)],
        "credentialStatus": {"id": f"{plan.issuer_url}/certificates/revoked.json", "type": "1EdTechRevocationList"},
    }
