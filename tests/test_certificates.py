"""Certificates: Open Badges 3.0 credentials signed as VC-JWT, verified offline, refused when anything is off.

A valid credential passes every check; a forged score, a changed name, a wrong key, a revoked
credential, a tampered date and an expired key each fail with their own reason. Every property the
Open Badges 3.0 data model requires is there, and a second JOSE library (joserfc), given only the
published key set, accepts what we sign. The learners certified are the ones who passed, only them.
"""
from __future__ import annotations

import base64
import json
import os
import stat
import time
import warnings

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from curriculum.instructor.certificates import credential, issue, keys, model, revocation, vcjwt
from curriculum.instructor.certificates.verify import verification_code, verify_file, verify_token
from curriculum.instructor.course import Course
from curriculum.instructor.grading.tracks import ModuleStanding, TrackStanding
from curriculum.learner import syllabus

NOW = 1_796_000_000  # 2026-11-30


def passed(student: str = "learner-001", track: str = "decision-maker", score: float = 20.0) -> TrackStanding:
    plan = syllabus.load()
    modules = tuple(ModuleStanding(m, "passed", score, 24.0, plan.module(m).pass_mark) for m in plan.tracks[track])
    return TrackStanding(student, track, "passed", modules)


@pytest.fixture
def issuer(tmp_path, monkeypatch):
    """A course folder with a key made on first use in a config folder outside it."""
    monkeypatch.setenv("CURRICULUM_CONFIG_DIR", str(tmp_path / "config"))
    root = tmp_path / "course"
    root.mkdir()
    return root, keys.signing_key("ai-foundations", root, now=NOW)


def signed(key: keys.IssuerKey, standing: TrackStanding | None = None, when: float = NOW, name: str = "") -> str:
    vc = credential.build(standing or passed(), "ada@example.org", "emailAddress", when, "f" * 40, display_name=name)
    return vcjwt.sign(vc, key)


def check(token: str, root, now: float = NOW + 60, revoked: dict | None = None):
    return verify_token(token, keys.published(root), revoked or {}, now=now, plan=syllabus.load())


def failing(verdict) -> dict[str, str]:
    return {c.name: c.detail for c in verdict.checks if not c.ok}


def with_payload(token: str, change) -> str:
    """The token with its payload edited and the original signature kept (what a forger can do)."""
    head, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    change(payload)
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"{head}.{body}.{sig}"


def test_a_valid_certificate_passes_every_check(issuer):
    root, key = issuer
    verdict = check(signed(key), root)
    assert verdict.ok, failing(verdict)
    assert [c.name for c in verdict.checks] == ["header", "key", "signature", "key span", "data model", "claims",
                                               "dates", "revocation", "pass marks"]


def test_a_forged_score_fails_on_the_signature(issuer):
    root, key = issuer

    def lower_the_mark(p):
        p["credentialSubject"]["result"][0]["value"] = "99.0"

    assert "changed after it was signed" in failing(check(with_payload(signed(key), lower_the_mark), root))["signature"]


def test_a_changed_name_fails(issuer):
    root, key = issuer

    def rename(p):
        p["credentialSubject"]["identifier"][1]["identityHash"] = "Someone Else"

    assert "signature" in failing(check(with_payload(signed(key, name="Ada Lovelace"), rename), root))


def test_a_wrong_key_fails_whether_or_not_it_claims_the_courses_key_id(issuer):
    root, key = issuer
    stranger = keys.IssuerKey(Ed25519PrivateKey.generate(), {"kid": "someone-elses-key"})
    assert "never published" in failing(check(signed(stranger), root))["key"]
    impostor = keys.IssuerKey(Ed25519PrivateKey.generate(), {"kid": key.jwk["kid"]})
    assert "another key signed it" in failing(check(signed(impostor), root))["signature"]


def test_a_revoked_certificate_fails_with_the_date_and_reason(issuer):
    root, key = issuer
    token = signed(key)
    vc_id = vcjwt.credential_of(jwt.decode(token, options={"verify_signature": False}))["id"]
    revocation.revoke(root, vc_id, "copied work", now=NOW + 10)
    verdict = check(token, root, revoked=revocation.read(revocation.path(root)))
    assert "revoked on 2026-" in failing(verdict)["revocation"] and "copied work" in failing(verdict)["revocation"]


def test_a_tampered_date_fails(issuer):
    root, key = issuer

    def backdate(p):
        p["validFrom"], p["nbf"] = "2020-01-01T00:00:00Z", 1_577_836_800

    assert "signature" in failing(check(with_payload(signed(key), backdate), root))
    future = failing(check(signed(key, when=NOW + 86_400), root, now=NOW))
    assert "not valid before" in future["dates"]


def test_a_key_whose_span_ended_before_the_credential_fails(issuer):
    root, key = issuer
    late = NOW + keys.KEY_LIFETIME + 3600
    assert "expired key" in failing(check(signed(key, when=late), root, now=late + 60))["key span"]


def test_a_new_key_replaces_an_expired_one_and_the_old_certificates_still_verify(issuer):
    root, key = issuer
    old = signed(key)
    later = NOW + keys.KEY_LIFETIME + 1
    fresh = keys.signing_key("ai-foundations", root, now=later)
    assert fresh.jwk["kid"] != key.jwk["kid"] and len(keys.published(root)["keys"]) == 2
    assert check(old, root, now=later).ok and check(signed(fresh, when=later), root, now=later + 60).ok


def test_scores_below_a_pass_mark_or_pass_marks_unlike_the_syllabus_fail_even_when_signed(issuer):
    root, key = issuer
    below = failing(check(signed(key, passed(score=10.0)), root))
    assert "< 70%" in below["pass marks"]
    vc = credential.build(passed(), "ada@example.org", "emailAddress", NOW, "f" * 40)
    for described in vc["credentialSubject"]["achievement"]["resultDescription"]:
        described["requiredValue"] = "10"
    assert "differ from the syllabus" in failing(check(vcjwt.sign(vc, key), root))["pass marks"]


def test_every_property_the_open_badges_data_model_requires_is_there(issuer):
    _, key = issuer
    vc = credential.build(passed(), "ada@example.org", "emailAddress", NOW, "f" * 40, display_name="Ada")
    subject = vc["credentialSubject"]
    earned = subject["achievement"]
    found = {"OpenBadgeCredential": [vc], "Profile": [vc["issuer"], earned["creator"]],
             "AchievementSubject": [subject], "Achievement": [earned], "IdentityObject": subject["identifier"],
             "Result": subject["result"], "ResultDescription": earned["resultDescription"],
             "CredentialSchema": vc["credentialSchema"], "CredentialStatus": [vc["credentialStatus"]]}
    assert set(found) == set(model.REQUIRED)
    for cls, objects in found.items():
        for obj in objects:
            assert all(obj.get(p) not in (None, "", []) for p in model.REQUIRED[cls]), cls
    assert vc["@context"][0] == model.VC_CONTEXT and vc["@context"][1].startswith(model.OB_CONTEXT_PREFIX)
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(vc["type"])
    assert earned["criteria"]["narrative"] and subject["identifier"][0]["hashed"] is True
    assert "ada@example.org" not in json.dumps(vc)  # hashed and salted, never in plain text
    payload = jwt.decode(vcjwt.sign(vc, key), options={"verify_signature": False})
    assert {payload[c] for c in model.JWT_CLAIMS} >= {vc["id"], vc["issuer"]["id"], subject["id"]}
    for name in model.REQUIRED["OpenBadgeCredential"]:
        assert any(name in p for p in model.problems({k: v for k, v in vc.items() if k != name})), name


def test_a_third_party_library_verifies_our_signature_from_the_published_key_set_alone(issuer):
    from joserfc import jwt as jose_jwt
    from joserfc.jwk import KeySet

    root, key = issuer
    token = signed(key)
    published = json.loads((root / "certificates" / keys.KEYS_FILE).read_text())
    assert all("d" not in k for k in published["keys"])  # never the private part
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc notes RFC 9864's fully specified name "Ed25519"; EdDSA is in use
        decoded = jose_jwt.decode(token, KeySet.import_key_set(published), algorithms=["EdDSA"])
        assert decoded.header == {"alg": "EdDSA", "kid": key.jwk["kid"], "typ": "JWT"}
        assert decoded.claims["jti"] == decoded.claims["id"]
        with pytest.raises(Exception, match="(?i)signature"):
            jose_jwt.decode(with_payload(token, lambda p: p.update(name="forged")), KeySet.import_key_set(published),
                            algorithms=["EdDSA"])


def test_the_private_key_is_the_owners_alone_and_never_in_the_course(issuer, tmp_path, monkeypatch):
    root, _ = issuer
    pem = tmp_path / "config" / "ai-foundations" / "issuer-ed25519.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600 and stat.S_IMODE(pem.parent.stat().st_mode) == 0o700
    assert not any(p.suffix == ".pem" for p in root.rglob("*"))
    os.chmod(pem, 0o644)
    with pytest.raises(keys.KeyProblem, match="chmod 600"):
        keys.signing_key("ai-foundations", root, now=NOW)
    monkeypatch.setenv("CURRICULUM_CONFIG_DIR", str(root / "keys"))
    with pytest.raises(keys.KeyProblem, match="inside the course folder"):
        keys.signing_key("ai-foundations", root, now=NOW)


def test_certify_issues_to_those_who_passed_once_and_again_after_a_revocation(issuer, monkeypatch):
    root, _ = issuer
    (root / "nbgrader_config.py").write_text("")
    waiting = TrackStanding("learner-002", "decision-maker", "waiting", passed().modules)
    going = TrackStanding("learner-003", "decision-maker", "in progress", passed().modules)
    hostile = passed(student='<script>alert(1)</script>"x')
    monkeypatch.setattr(issue, "standings", lambda course, tracks=None: [passed(), waiting, going, hostile])
    monkeypatch.setattr(issue, "_identity", lambda course, s: (s, "systemId", "Ada <b>Lovelace</b>"))
    course = Course(root)
    run = issue.certify(course, now=NOW + 5)
    assert [s for s, _, _ in run.issued] == ["learner-001", hostile.student] and run.held == {"decision-maker":
                                                                                                ["learner-002"]}
    signed_file = run.issued[0][2]
    page = signed_file.with_suffix(".html").read_text()
    assert "<b>Lovelace</b>" not in page and "&lt;b&gt;Lovelace&lt;/b&gt;" in page
    assert verification_code(signed_file.read_text()) in page and "<script>" not in run.issued[1][2].name
    verdict = verify_file(signed_file, keys.published(root), {}, now=NOW + 60, plan=syllabus.load())
    assert verdict.ok, failing(verdict)
    copy = signed_file.with_suffix(".json")
    copy.write_text(copy.read_text().replace('"value": "83.3"', '"value": "100.0"'))
    assert "was edited" in failing(verify_file(copy, keys.published(root), {}, now=NOW + 60))["readable copy"]
    assert issue.certify(course, now=NOW + 6).issued == []  # already held
    revocation.revoke(root, verdict.credential["id"], "issued in error")
    again = issue.certify(course, now=NOW + 7)
    assert [s for s, _, _ in again.issued] == ["learner-001"]


def test_a_readable_copy_alone_is_not_a_certificate(tmp_path):
    copy = tmp_path / "learner.json"
    copy.write_text("{}")
    assert "carries no signature" in verify_file(copy, {"keys": []}, {}).reasons[0]
    blob = tmp_path / "huge.jwt"
    blob.write_bytes(b"a" * 2_000_000)
    with pytest.raises(ValueError, match="not a certificate"):
        verify_file(blob, {"keys": []}, {})
    assert not verify_token("not-a-token", {"keys": []}, {}, now=time.time()).ok
