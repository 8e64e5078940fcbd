"""The issuer's signing key: made on first use in the instructor's config folder, published as a JWK set.

The private key (Ed25519, PEM) lives in `$CURRICULUM_CONFIG_DIR` (default `$XDG_CONFIG_HOME/curriculum`,
else `~/.config/curriculum`), one per course id, readable by its owner only (0600, folder 0700), and
never inside the course folder, so it cannot be committed. The public key goes into the course's
`certificates/issuer-keys.json`, a JWK set that anyone can use to verify offline. Each key there
carries the span it signs in (`nbf`, `exp`: extra JWK members, which RFC 7517 lets readers ignore):
a credential dated outside its key's span is refused. When the current key's span ends, the next
`certify` makes a new key and publishes it beside the old ones, which still verify what they signed.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from curriculum.instructor.grading.records import write_whole

#: How long one key signs certificates before the next is made (two years).
KEY_LIFETIME = 2 * 365 * 24 * 3600
KEYS_FILE = "issuer-keys.json"
_KEY_NAME = "issuer-ed25519.pem"


class KeyProblem(RuntimeError):
    """The key cannot be used safely; the message says what to do."""


@dataclass(frozen=True)
class IssuerKey:
    private: Ed25519PrivateKey
    jwk: dict  # the public JWK as published, with kid, nbf and exp


def config_dir() -> Path:
    """Where the instructor's private keys live (outside any course)."""
    if os.environ.get("CURRICULUM_CONFIG_DIR"):
        return Path(os.environ["CURRICULUM_CONFIG_DIR"])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "curriculum"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(private: Ed25519PrivateKey) -> dict:
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint(jwk: dict) -> str:
    """RFC 7638: sha256 over the required members in lexical order, no spaces."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def published(course_root: Path) -> dict:
    """The course's JWK set ({"keys": []} before the first certificate)."""
    path = Path(course_root) / "certificates" / KEYS_FILE
    if not path.is_file():
        return {"keys": []}
    return json.loads(path.read_text())


def _key_path(course_id: str, course_root: Path) -> Path:
    folder = config_dir() / course_id
    root = Path(course_root).resolve()
    if folder.resolve() == root or root in folder.resolve().parents:
        raise KeyProblem(f"the key folder {folder} is inside the course folder {root}: a private key must never "
                         "sit where it could be committed; set CURRICULUM_CONFIG_DIR to a folder outside it")
    return folder / _KEY_NAME


def _read_private(path: Path) -> Ed25519PrivateKey:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyProblem(f"{path} can be read by others (mode {mode:o}): run `chmod 600 {path}`, and make a new key "
                         "if anyone else may have copied it")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{path} is not an Ed25519 key")
    return key


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.replace(path.with_suffix(".tmp"), path)


def _publish(course_root: Path, jwk: dict) -> None:
    keys = published(course_root)
    keys["keys"] = [k for k in keys["keys"] if k.get("kid") != jwk["kid"]] + [jwk]
    path = Path(course_root) / "certificates" / KEYS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, (json.dumps(keys, indent=2) + "\n").encode())


def signing_key(course_id: str, course_root: Path, now: float | None = None) -> IssuerKey:
    """The key that signs today: the config folder's, while its published span lasts; else a new one."""
    now = time.time() if now is None else now
    path = _key_path(course_id, course_root)
    if path.is_file():
        private = _read_private(path)
        kid = thumbprint(public_jwk(private))
        for jwk in published(course_root)["keys"]:
            if jwk.get("kid") == kid and jwk.get("nbf", 0) <= now < jwk.get("exp", 0):
                return IssuerKey(private, jwk)
        if not any(jwk.get("kid") == kid for jwk in published(course_root)["keys"]):
            jwk = {**public_jwk(private), "kid": kid, "alg": "EdDSA", "use": "sig", "nbf": int(now),
                   "exp": int(now) + KEY_LIFETIME}  # a key made elsewhere for this course: publish it
            _publish(course_root, jwk)
            return IssuerKey(private, jwk)
        path.rename(path.with_name(f"{_KEY_NAME}.retired-{int(now)}"))  # its span is over: keep, never use
    private = Ed25519PrivateKey.generate()
    _write_private(path, private)
    jwk = {**public_jwk(private), "kid": thumbprint(public_jwk(private)), "alg": "EdDSA", "use": "sig",
           "nbf": int(now), "exp": int(now) + KEY_LIFETIME}
    _publish(course_root, jwk)
    return IssuerKey(private, jwk)
