"""`curriculum certify [TRACK]` issues (or `--revoke ID` withdraws) certificates; `curriculum verify FILE`
checks one offline, the way an employer would."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from curriculum.instructor.cli.common import console, course, fail, has_gradebook


def certify(track: Optional[str] = typer.Argument(None, help="A track of the syllabus (default: every track)."),
            revoke: Optional[str] = typer.Option(None, "--revoke", help="Withdraw the credential with this id "
                                                 "(urn:uuid:...) instead: verification then refuses it."),
            reason: str = typer.Option("withdrawn by the course team", "--reason", help="Why, with --revoke.")):
    """Issue a signed Open Badges 3.0 certificate to each learner who passed a track, and only to them."""
    from curriculum.instructor.certificates import revocation
    from curriculum.instructor.certificates.issue import certify as do_certify
    from curriculum.instructor.certificates.keys import KeyProblem
    from curriculum.learner import syllabus

    c = course()
    if revoke:
        if not revoke.startswith("urn:uuid:") or len(revoke) > 60:
            fail(f"{revoke[:60]!r} is not a credential id: they look like urn:uuid:... (the .json's \"id\")")
        entry = revocation.revoke(c.root, revoke, reason)
        console.print(f"revoked {escape(revoke)} on {entry['date']}: listed in {revocation.path(c.root)}; publish "
                      "that file with the course so that verifiers see it.")
        return
    plan = syllabus.load()
    if track is not None and track not in plan.tracks:
        fail(f"unknown track {track!r}: choose one of {', '.join(plan.tracks)}")
    if not has_gradebook(c):
        fail("Nothing has been released yet (no gradebook): run `curriculum release` first.", code=1)
    try:
        run = do_certify(c, [track] if track else None)
    except KeyProblem as exc:
        fail(str(exc))
    for name in run.not_open:
        closed = [m for m in plan.tracks[name] if plan.module(m).status != "built"]
        console.print(f"{plan.track_titles[name]}: nobody can pass yet, {', '.join(closed)} still being written.")
    for student, name, signed in run.issued:
        console.print(f"issued: {escape(student)} · {plan.track_titles[name]} · {signed}", highlight=False)
    for name, learners in run.held.items():
        console.print(f"held back: {len(learners)} learner(s) of the {plan.track_titles[name]} track wait for a person "
                      "to grade written answers (`curriculum formgrader`).")
    console.print(f"{len(run.issued)} certificate(s) issued, {len(run.already)} already held; key set: "
                  f"{c.path('certificates', 'issuer-keys.json')}")


def verify(file: Path = typer.Argument(..., help="A certificate: the signed .jwt (or its readable .json copy)."),
           keys: Optional[Path] = typer.Option(None, "--keys", help="The course's published key set "
                                               "(default: certificates/issuer-keys.json in the course)."),
           revoked: Optional[Path] = typer.Option(None, "--revoked", help="The course's revocation list "
                                                  "(default: certificates/revoked.json in the course).")):
    """Check a certificate offline: signature and key, dates, data model, revocation, pass marks."""
    from curriculum.instructor.certificates import revocation
    from curriculum.instructor.certificates.keys import KEYS_FILE
    from curriculum.instructor.certificates.verify import verify_file
    from curriculum.learner import syllabus

    c = course()
    keys = keys or c.path("certificates", KEYS_FILE)
    try:
        key_set = json.loads(keys.read_text())
        listed = revocation.read(revoked or revocation.path(c.root))
        verdict = verify_file(file, key_set, listed, plan=syllabus.load())
    except (OSError, ValueError) as exc:
        fail(f"cannot verify {file}: {getattr(exc, 'strerror', None) or exc}")
    for check in verdict.checks:
        mark = "\u2713 ok  " if check.ok else "\u2717 FAIL"
        console.print(f"{mark} {check.name}: {escape(check.detail)}", highlight=False, soft_wrap=True)
    if verdict.credential:
        subject = verdict.credential.get("credentialSubject", {})
        console.print(f"credential {escape(str(verdict.credential.get('id'))[:60])}: "
                      f"{escape(str(subject.get('achievement', {}).get('name'))[:120])}", highlight=False)
    console.print(f"verification code {verdict.code}: it must match the one printed on the certificate")
    console.print("VALID" if verdict.ok else f"NOT VALID: {escape(verdict.reasons[0])}", highlight=False)
    raise typer.Exit(0 if verdict.ok else 1)
