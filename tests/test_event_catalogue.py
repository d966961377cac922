"""The published event catalogue (docs/asyncapi.yaml) says what the services really publish."""

import ast
from pathlib import Path

import pytest
import yaml

from chassis.platform import PLATFORM_SERVICES
from employment_svc.schemas import EnterpriseEventSchema
from identity_svc.schemas import PersonEventSchema
from project_svc.schemas import ProjectEventSchema
from siteaccess_svc.schemas import EntryEventSchema

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())


def published_events():
    """(service, event type) of every ``self.outbox.add("<type>", …)`` in the services' entrypoints."""
    found = set()
    for service in PLATFORM_SERVICES:
        tree = ast.parse((ROOT / service / service / "service.py").read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"
                    and ast.unparse(node.func.value) == "self.outbox"):
                found.add((service, node.args[0].value))
    return found


def documented_events():
    return {(channel["bindings"]["amqp"]["exchange"]["name"].removesuffix(".events"), channel["address"])
            for channel in CATALOGUE["channels"].values()}


def test_every_published_event_is_documented_on_its_services_exchange():
    assert published_events() == documented_events()


@pytest.mark.parametrize(("component", "schema"), [
    ("person", PersonEventSchema), ("enterprise", EnterpriseEventSchema), ("project", ProjectEventSchema),
    ("entry", EntryEventSchema),
])
def test_each_payload_lists_the_fields_its_schema_sends(component, schema):
    sent = {field.data_key or name for name, field in schema().fields.items()}
    assert set(CATALOGUE["components"]["schemas"][component]["properties"]) == sent
