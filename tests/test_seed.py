"""``make seed`` at a small scale: the services serve what it loads as if they had written it themselves."""

import importlib.util
import sys
from pathlib import Path

import psycopg2.extensions
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.caller import Caller
from chassis.migrate import upgrade
from chassis.pii import PersonalDataVault
from chassis.platform import PLATFORM_SERVICES
from identity_svc.models import Person
from siteaccess_svc.models import EntryRecord

BIN = Path(__file__).resolve().parent.parent / "bin"
AUTHORITY = Caller("authority", "jianguan")


def seed_platform():
    """bin/seed's loader, which lives beside the script rather than in a package."""
    if "seed_platform" not in sys.modules:
        spec = importlib.util.spec_from_file_location("seed_platform", BIN / "seed_platform.py")
        sys.modules["seed_platform"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["seed_platform"])
    return sys.modules["seed_platform"]


class QuietProgress:
    def __init__(self, label, total, stream=None):
        pass

    def advance(self, count=1):
        pass

    def close(self):
        pass


@pytest.fixture
def seeded(needs_postgresql):
    urls = {service: needs_postgresql(service) for service in PLATFORM_SERVICES}
    for service, url in urls.items():
        upgrade(service, url)
    vault = PersonalDataVault.from_environment()
    # bin/seed runs as a plain blocking program; COPY refuses the green wait callback that the
    # services' database provider installs in this (eventlet) test process
    green = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        summary = seed_platform().seed(urls, vault, persons=300, entries=1500, seed_value=7, progress=QuietProgress)
    finally:
        psycopg2.extensions.set_wait_callback(green)
    return urls, vault, summary


def a_seeded_stay(urls, vault):
    """A person of the seed, their full ID number, and one of their entries."""
    with Session(create_engine(urls["identity_svc"])) as identity, \
            Session(create_engine(urls["siteaccess_svc"])) as siteaccess:
        entry = siteaccess.scalars(select(EntryRecord).order_by(EntryRecord.id).limit(1)).one()
        person = identity.get(Person, entry.person_id)
        return person, vault.decrypt(person.id_number_encrypted), entry


def test_the_seed_loads_what_it_was_asked_for(seeded):
    _, _, summary = seeded
    assert (summary["persons"], summary["entries"]) == (300, 1500)
    assert 0 < summary["on_site"] < summary["entries"]
    assert summary["team_leaders"] > 0 and summary["projects"] > 1


def test_the_services_find_seeded_people_by_id_number_and_name_within_scope(seeded, run_service, rpc_as):
    urls, vault, _ = seeded
    for service in ("identity_svc", "siteaccess_svc"):
        run_service(service, urls[service])
    person, number, entry = a_seeded_stay(urls, vault)
    authority = rpc_as(AUTHORITY)

    assert authority.identity_svc.find_by_id_number("01", number)["name"] == person.name
    assert person.id in authority.identity_svc.find_person_ids(number[-6:])  # the seed's fragments are indexed
    by_number = authority.siteaccess_svc.query_entries({"person": number, "page_size": 200})
    assert by_number["total"] >= 1
    assert {row["person_id"] for row in by_number["items"]} == {person.id}
    assert {row["id_number_masked"] for row in by_number["items"]} == {f"{number[:3]}*****{number[-3:]}"}

    by_name = authority.siteaccess_svc.query_entries({"person": person.name[:2], "page_size": 200})
    assert entry.id in {row["id"] for row in by_name["items"]}
    assert all(person.name[:2] in row["name"] for row in by_name["items"])

    own_site = rpc_as(Caller("site", "site", project_id=entry.project_id))
    assert entry.id in {row["id"] for row in own_site.siteaccess_svc.query_entries(
        {"person": number, "page_size": 200})["items"]}
    other_site = rpc_as(Caller("site", "site", project_id=entry.project_id + 100_000))
    assert other_site.siteaccess_svc.query_entries({"person": number})["total"] == 0
