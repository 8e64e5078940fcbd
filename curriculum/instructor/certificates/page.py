"""The printable page of a certificate: the credential's facts and its short verification code.

Rendered with Jinja2 autoescaping (a display name comes from the roster, but nothing reaches the
page unescaped), with a Content-Security-Policy that allows no script. Print it, or save it as PDF
from the browser's print dialog.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from curriculum.instructor.certificates.keys import KEYS_FILE
from curriculum.instructor.certificates.verify import verification_code

_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def page_facts(vc: dict, token: str, learner: str, signed_name: str) -> dict:
    """What the page shows, from the credential itself (never from anything else)."""
    subject = vc["credentialSubject"]
    earned = subject["achievement"]
    names = {d["id"]: (d["name"], d["requiredValue"]) for d in earned["resultDescription"]}
    results = [{"name": names[r["resultDescription"]][0], "value": r["value"],
                "required": names[r["resultDescription"]][1]} for r in subject["result"]]
    issued = datetime.fromisoformat(vc["validFrom"].replace("Z", "+00:00"))
    return {"title": earned["name"], "description": earned["description"], "criteria": earned["criteria"]["narrative"],
            "issuer": vc["issuer"]["name"], "learner": learner, "results": results,
            "issued": issued.strftime("%d %B %Y"), "version": str(earned.get("version", ""))[:12],
            "credential_id": vc["id"], "code": verification_code(token), "signed_name": signed_name,
            "keys_name": KEYS_FILE}


def write_page(path: Path, vc: dict, token: str, learner: str) -> Path:
    html = _ENV.get_template("certificate.html.j2").render(**page_facts(vc, token, learner,
                                                                       path.with_suffix(".jwt").name))
    path.write_text(html)
    return path
