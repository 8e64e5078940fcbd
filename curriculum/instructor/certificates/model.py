"""What the Open Badges 3.0 data model requires of a credential, checked without a network.

The required properties below are those of the 1EdTech Open Badges Specification 3.0, "Data Model"
(AchievementCredential / OpenBadgeCredential, Profile, AchievementSubject, Achievement, Criteria,
IdentityObject, Result, ResultDescription, CredentialSchema, CredentialStatus: the properties with
multiplicity [1] or [1..*]), and of the JSON Web Token proof format (the JWT claims iss, jti, nbf,
sub). `problems` names every one that is missing or of the wrong shape, by its path.
"""
from __future__ import annotations

from datetime import datetime

#: class -> the properties it must have (the spec's [1] and [1..*])
REQUIRED = {
    "OpenBadgeCredential": ("@context", "id", "type", "name", "issuer", "validFrom", "credentialSubject"),
    "Profile": ("id", "type"),
    "AchievementSubject": ("type", "achievement"),
    "Achievement": ("id", "type", "criteria", "description", "name"),
    "IdentityObject": ("type", "hashed", "identityHash", "identityType"),
    "Result": ("type",),
    "ResultDescription": ("id", "type", "name", "resultType"),
    "CredentialSchema": ("id", "type"),
    "CredentialStatus": ("id", "type"),
}
#: the JWT claims the proof format requires, and the credential property each must equal
JWT_CLAIMS = {"iss": ("issuer", "id"), "jti": ("id",), "nbf": ("validFrom",), "sub": ("credentialSubject", "id")}
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0."


def _missing(obj, cls: str, path: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{path} should be an object ({cls})"]
    return [f"{path}.{name} ({cls}) is missing" for name in REQUIRED[cls] if obj.get(name) in (None, "", [])]


def _types(obj) -> list:
    value = obj.get("type") if isinstance(obj, dict) else None
    return value if isinstance(value, list) else [value]


def _datetime(value) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def problems(vc) -> list[str]:
    """Every required property missing, or malformed, in the credential `vc` (empty: none)."""
    out = _missing(vc, "OpenBadgeCredential", "credential")
    if out and not isinstance(vc, dict):
        return out
    contexts = vc.get("@context") or []
    if not contexts or contexts[0] != VC_CONTEXT or not any(str(c).startswith(OB_CONTEXT_PREFIX) for c in contexts):
        out.append(f"credential.@context should start with {VC_CONTEXT} and include the Open Badges 3.0 context")
    types = set(_types(vc))
    if "VerifiableCredential" not in types or not {"OpenBadgeCredential", "AchievementCredential"} & types:
        out.append("credential.type should hold VerifiableCredential and OpenBadgeCredential")
    if "validFrom" in vc and not _datetime(vc["validFrom"]):
        out.append("credential.validFrom should be a date and time with a time zone")
    out += _missing(vc.get("issuer"), "Profile", "credential.issuer")
    subject = vc.get("credentialSubject")
    out += _missing(subject, "AchievementSubject", "credential.credentialSubject")
    if not isinstance(subject, dict):
        return out
    for i, identity in enumerate(subject.get("identifier") or []):
        out += _missing(identity, "IdentityObject", f"credential.credentialSubject.identifier[{i}]")
    earned = subject.get("achievement")
    out += _missing(earned, "Achievement", "credential.credentialSubject.achievement")
    if isinstance(earned, dict):
        criteria = earned.get("criteria")
        if not isinstance(criteria, dict) or not (criteria.get("id") or criteria.get("narrative")):
            out.append("credential.credentialSubject.achievement.criteria needs an id or a narrative")
        for i, described in enumerate(earned.get("resultDescription") or []):
            out += _missing(described, "ResultDescription",
                            f"credential.credentialSubject.achievement.resultDescription[{i}]")
    for i, result in enumerate(subject.get("result") or []):
        out += _missing(result, "Result", f"credential.credentialSubject.result[{i}]")
    for i, schema in enumerate(vc.get("credentialSchema") or []):
        out += _missing(schema, "CredentialSchema", f"credential.credentialSchema[{i}]")
    if vc.get("credentialStatus") is not None:
        out += _missing(vc["credentialStatus"], "CredentialStatus", "credential.credentialStatus")
    return out


def claim_value(vc: dict, claim: str):
    """The credential property a JWT claim must equal (None when the credential lacks it)."""
    value = vc
    for key in JWT_CLAIMS[claim]:
        value = value.get(key) if isinstance(value, dict) else None
    return value
