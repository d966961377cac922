"""What every service shares: the chassis' health entrypoint, and a database holding only tables it uses."""

import importlib

import pytest
from nameko.events import EventHandler
from sqlalchemy import create_engine, inspect

from chassis.migrate import upgrade
from chassis.platform import PLATFORM_SERVICES


def service_class(service):
    module = importlib.import_module(f"{service}.service")
    return next(value for value in vars(module).values()
                if isinstance(value, type) and getattr(value, "name", None) == service)


def handles_events(service):
    return any(isinstance(entrypoint, EventHandler)
               for member in vars(service_class(service)).values()
               for entrypoint in getattr(member, "nameko_entrypoints", ()))


@pytest.mark.parametrize("service", PLATFORM_SERVICES)
def test_nameko_run_finds_exactly_the_service_in_its_module(service):
    from nameko.cli.run import import_service

    assert import_service(f"{service}.service") == [service_class(service)]


@pytest.mark.parametrize("service", PLATFORM_SERVICES)
def test_every_service_answers_the_chassis_health_check(service, run_service, rpc_as):
    run_service(service)
    assert rpc_as().__getattr__(service).health() == {
        "status": "ok", "checks": {"database": {"status": "ok"}},
        "dead_letters": {"queue": f"{service}.dead-letters", "count": 0}}


@pytest.mark.parametrize("service", PLATFORM_SERVICES)
def test_a_migrated_database_holds_the_tables_of_the_models_and_no_others(service, database_url):
    url = database_url(service)
    upgrade(service, url)
    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert tables == set(importlib.import_module(f"{service}.models").Base.metadata.tables)
    # a redelivered event is recognised by processed_events: only a service that handles events keeps one
    assert ("processed_events" in tables) == handles_events(service)
