"""Writes the code tables that GET /api/v1/reference serves to ``tests/fixtures/reference.json``, so the portal's
unit tests run on the real tables, not ones written for the test.

Run it from the repository root after a code table changes::

    python gateway/web/scripts/reference_tables.py

``tests/browser/test_portal_reference_tables.py`` fails while the fixture differs from the services' tables.
"""

import json
from pathlib import Path

from employment_svc.reference import reference_tables as employment_tables
from gateway.schemas import ReferenceSchema
from identity_svc.reference import reference_tables as identity_tables
from siteaccess_svc.reference import reference_tables as siteaccess_tables

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reference.json"


def served_tables():
    """Every service's code tables as the gateway dumps them (gateway.routes.reference)."""
    return ReferenceSchema().dump({**identity_tables(), **employment_tables(), **siteaccess_tables()})


def fixture_text():
    return json.dumps(served_tables(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    FIXTURE.write_text(fixture_text(), encoding="utf-8")
    print(f"wrote {FIXTURE}")
