"""Certificates an employer can verify: Open Badges 3.0 credentials signed as VC-JWT (Ed25519)."""
