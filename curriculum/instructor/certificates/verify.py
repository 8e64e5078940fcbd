"""Verify a certificate offline: its signature and key, dates, data model, revocation, and pass marks.

Only the course's published JWK set and revocation list are trusted; the certificate file is read
under a size limit and every check says, in words, why it failed. `curriculum verify FILE` prints the
checks one per line (a symbol and a word each).
"""
from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import jwt

from curriculum.instructor.certificates import model
from curriculum.instructor.certificates.vcjwt import credential_of, numeric_date

#: A certificate file larger than this is refused before it is parsed.
MAX_BYTES = 1_000_000
#: Clock difference tolerated between the issuer's machine and the verifier's (seconds).
LEEWAY = 300
ALLOWED_HEADERS = {"alg", "kid", "typ", "jwk"}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    credential: dict | None = None
    code: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [c.detail for c in self.checks if not c.ok]

    def add(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok


def verification_code(token: str) -> str:
    """A short code printed on the certificate page: the first 60 bits of the token's sha256, in base32."""
    digest = base64.b32encode(hashlib.sha256(token.strip().encode()).digest()).decode()[:12]
    return "-".join(digest[i:i + 4] for i in range(0, 12, 4))


def _date(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(moment))


def _signature(verdict: Verdict, token: str, key_set: dict) -> dict | None:
    """Header, key and signature; the verified payload, or None."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        verdict.add("format", False, "not a signed credential: a VC-JWT is three base64url parts separated by dots")
        return None
    good = header.get("alg") == "EdDSA" and set(header) <= ALLOWED_HEADERS
    if not verdict.add("header", good, "EdDSA (Ed25519), headers alg, kid and typ" if good else
                       f"header alg {str(header.get('alg'))[:20]!r} with {sorted(header)[:6]}: this course signs "
                       "with EdDSA and the headers alg, kid and typ only"):
        return None
    published = {k.get("kid"): k for k in key_set.get("keys", []) if isinstance(k, dict)}
    jwk = published.get(header.get("kid"))
    if not verdict.add("key", jwk is not None, "the key is in the course's published key set" if jwk else
                       f"signed with a key the course never published (kid {str(header.get('kid'))[:60]!r}): "
                       "a forgery, or a key set from another course"):
        return None
    try:
        payload = jwt.decode(token, jwt.PyJWK(jwk, algorithm="EdDSA"), algorithms=["EdDSA"],
                             options={"verify_nbf": False, "verify_exp": False, "require": list(model.JWT_CLAIMS)})
    except jwt.InvalidSignatureError:
        verdict.add("signature", False, "the signature does not match: the credential was changed after it was "
                    "signed (a score, a name or a date), or another key signed it")
        return None
    except jwt.PyJWTError as exc:
        verdict.add("signature", False, f"the token cannot be read: {str(exc)[:200]}")
        return None
    verdict.add("signature", True, f"signed by the course's key {jwk['kid'][:16]}...")
    nbf = payload.get("nbf")
    in_span = isinstance(nbf, int) and jwk.get("nbf", 0) <= nbf < jwk.get("exp", 0)
    verdict.add("key span", in_span, f"the key signs from {_date(jwk.get('nbf', 0))} to {_date(jwk.get('exp', 0))}; "
                f"this credential is dated {_date(nbf) if isinstance(nbf, int) else repr(nbf)[:40]}: "
                + ("inside its span" if in_span else "outside it (an expired key, or a backdated credential)"))
    return payload


def _claims_and_dates(verdict: Verdict, payload: dict, vc: dict, now: float) -> None:
    wrong = [c for c in model.JWT_CLAIMS if payload.get(c) != (numeric_date(vc["validFrom"]) if c == "nbf" and
             isinstance(vc.get("validFrom"), str) else model.claim_value(vc, c))]
    verdict.add("claims", not wrong, "the JWT claims iss, jti, nbf and sub match the credential" if not wrong else
                f"the JWT claims {', '.join(wrong)} do not match the credential's issuer, id, validFrom or subject")
    started = payload.get("nbf", 0)
    verdict.add("dates", started <= now + LEEWAY, f"valid from {_date(started)}" if started <= now + LEEWAY
                else f"not valid before {_date(started)} (a date in the future)")


def _pass_marks(verdict: Verdict, vc: dict, plan=None) -> None:
    subject = vc.get("credentialSubject") or {}
    described = {d.get("id"): d for d in (subject.get("achievement") or {}).get("resultDescription") or []}
    results = {r.get("resultDescription"): r for r in subject.get("result") or []}
    below = []
    for rid, d in described.items():
        try:
            if float(results[rid]["value"]) < float(d["requiredValue"]):
                below.append(f"{d.get('name', rid)} {results[rid]['value']}% < {d['requiredValue']}%")
        except (KeyError, TypeError, ValueError):
            below.append(f"{d.get('name', rid)} has no readable result")
    if plan is not None:
        below += _against_syllabus(subject, described, plan)
    verdict.add("pass marks", bool(described) and not below, "every module at or above its pass mark" if described
                and not below else "; ".join(below[:5]) or "no module results in the credential")


def _against_syllabus(subject: dict, described: dict, plan) -> list[str]:
    """The pass marks and modules the credential claims must be the syllabus's, for this course's tracks."""
    track = str((subject.get("achievement") or {}).get("id", "")).rsplit("/", 1)[-1]
    if track not in plan.tracks:
        return [f"the achievement names no track of this course ({track[:40]!r})"]
    marks = {rid.rsplit("/", 1)[-1]: d.get("requiredValue") for rid, d in described.items() if isinstance(rid, str)}
    expected = {m: f"{plan.module(m).pass_mark * 100:g}" for m in plan.tracks[track]}
    return [] if marks == expected else [f"the modules and pass marks differ from the syllabus's {track} track"]


def verify_token(token: str, key_set: dict, revoked: dict, now: float | None = None, plan=None) -> Verdict:
    """Every check of one Compact JWS, against the published keys and revocation list."""
    now = time.time() if now is None else now
    verdict = Verdict(code=verification_code(token))
    payload = _signature(verdict, token.strip(), key_set)
    if payload is None:
        return verdict
    vc = verdict.credential = credential_of(payload)
    problems = model.problems(vc)
    verdict.add("data model", not problems, "every property Open Badges 3.0 requires is there" if not problems
                else "; ".join(problems[:5]))
    if problems:
        return verdict
    _claims_and_dates(verdict, payload, vc, now)
    entry = revoked.get(vc["id"])
    verdict.add("revocation", entry is None, "not revoked" if entry is None else
                f"revoked on {entry.get('date', '?')}: {str(entry.get('reason', ''))[:200]}")
    _pass_marks(verdict, vc, plan)
    return verdict


def read_limited(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_BYTES // 1000} kB: not a certificate")
    return data.decode("utf-8", errors="replace")


def verify_file(path: Path, key_set: dict, revoked: dict, now: float | None = None, plan=None) -> Verdict:
    """A `.jwt` file, or a readable `.json` copy (checked against the `.jwt` beside it)."""
    path = Path(path)
    if path.suffix != ".json":
        return verify_token(read_limited(path), key_set, revoked, now, plan)
    signed = path.with_suffix(".jwt")
    if not signed.is_file():
        return Verdict([Check("format", False, f"{path.name} is a readable copy and carries no signature; verify the "
                                               f"signed {signed.name} instead")])
    verdict = verify_token(read_limited(signed), key_set, revoked, now, plan)
    try:
        copy = json.loads(read_limited(path))
    except ValueError:
        copy = None
    verdict.add("readable copy", copy == verdict.credential, f"{path.name} says the same as the signed {signed.name}"
                if copy == verdict.credential else f"{path.name} differs from the signed {signed.name}: it was "
                "edited (a score, a name or a date); only the signed file counts")
    return verdict
