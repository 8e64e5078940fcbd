"""Sign a credential as VC-JWT (Open Badges 3.0, "JSON Web Token Proof Format"), with PyJWT and Ed25519.

The JOSE header has only `alg` ("EdDSA"), `kid` (the key's id in the course's published JWK set) and
`typ` ("JWT"). The JWT payload is the credential itself with the claims the proof format requires:
`iss` (issuer.id), `jti` (id), `nbf` (validFrom) and `sub` (credentialSubject.id).
"""
from __future__ import annotations

from datetime import datetime

import jwt

from curriculum.instructor.certificates.keys import IssuerKey
from curriculum.instructor.certificates.model import claim_value


def numeric_date(moment: str) -> int:
    return int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp())


def sign(credential: dict, key: IssuerKey) -> str:
    """The Compact JWS of `credential`, signed with `key`."""
    payload = dict(credential)
    payload.update(iss=claim_value(credential, "iss"), jti=credential["id"],
                   nbf=numeric_date(credential["validFrom"]), sub=claim_value(credential, "sub"))
    return jwt.encode(payload, key.private, algorithm="EdDSA", headers={"kid": key.jwk["kid"], "typ": "JWT"})


def credential_of(payload: dict) -> dict:
    """The credential inside a verified JWT payload: everything but the JWT claims."""
    return {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "sub", "exp", "iat")}
