"""The audit log of full personal numbers shown to someone: one row per person revealed."""

from flask import g, request
from sqlalchemy import insert

from gateway.database import database
from gateway.models import RevealAudit


def audit_reveals(revealed: dict, purpose: str):
    """``revealed`` maps person ids to what was shown; ``purpose`` says where (a page, an export)."""
    if not revealed:
        return
    session = database()
    # one multi-row INSERT: an export reveals thousands at once, and one object per row costs seconds
    session.execute(insert(RevealAudit), [
        {"username": g.caller.username, "role": g.caller.role, "subject": "person", "subject_id": person_id,
         "field": "id_number", "purpose": purpose, "client_address": request.remote_addr}
        for person_id in revealed
    ])
    session.commit()
