"""The published event catalogue (docs/asyncapi.yaml) says what the services really publish."""

import ast
from pathlib import Path

import pytest
import yaml

from chassis.platform import PLATFORM_SERVICES
from employment_svc.schemas import (
    ContractEventSchema,
    EmploymentConfirmedEventSchema,
    EmploymentEndedEventSchema,
    EmploymentRequestedEventSchema,
    EnterpriseEventSchema,
    RelationEventSchema,
    TeamDissolvedEventSchema,
    TeamEventSchema,
    TeamMemberEventSchema,
    WorkerProfileEventSchema,
)
from identity_svc.schemas import FaceEnrolledEventSchema, PersonEventSchema, PersonProfileEventSchema
from project_svc.assignment_schemas import (
    AssignmentConfirmedEventSchema,
    AssignmentEndedEventSchema,
    AssignmentRejectedEventSchema,
    PersonAssignedEventSchema,
)
from project_svc.binding_schemas import (
    BindingEventSchema,
    SelfRegistrationEventSchema,
    SelfRegistrationHandledEventSchema,
)
from project_svc.key_position_schemas import KeyPositionEventSchema
from project_svc.schemas import (
    ParticipantAddedEventSchema,
    ProjectApprovedEventSchema,
    ProjectDeclaredEventSchema,
    ProjectEventSchema,
    ProjectRejectedEventSchema,
    ProjectRulesChangedEventSchema,
    ProjectStateChangedEventSchema,
    SectionReportedEventSchema,
)
from siteaccess_svc.schemas import EntryEventSchema

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())


def published_events():
    """(service, event type) of every ``self.outbox.add("<type>", …)`` or ``add_many`` in a service's modules."""
    found = set()
    for service in PLATFORM_SERVICES:
        for module in (ROOT / service / service).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text())):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("add", "add_many") and ast.unparse(node.func.value) == "self.outbox"):
                    found.add((service, node.args[0].value))
    return found


def documented_events():
    return {(channel["bindings"]["amqp"]["exchange"]["name"].removesuffix(".events"), channel["address"])
            for channel in CATALOGUE["channels"].values()}


def test_every_published_event_is_documented_on_its_services_exchange():
    assert published_events() == documented_events()


@pytest.mark.parametrize(("component", "schema"), [
    ("person", PersonEventSchema), ("enterprise", EnterpriseEventSchema), ("project", ProjectEventSchema),
    ("entry", EntryEventSchema), ("employmentRequested", EmploymentRequestedEventSchema),
    ("employmentConfirmed", EmploymentConfirmedEventSchema), ("relationStep", RelationEventSchema),
    ("employmentEnded", EmploymentEndedEventSchema), ("workerProfile", WorkerProfileEventSchema),
    ("team", TeamEventSchema), ("teamMember", TeamMemberEventSchema), ("teamDissolved", TeamDissolvedEventSchema),
    ("contract", ContractEventSchema), ("personProfile", PersonProfileEventSchema),
    ("faceEnrolled", FaceEnrolledEventSchema),
    ("keyPosition", KeyPositionEventSchema),
    ("projectDeclared", ProjectDeclaredEventSchema), ("projectRejected", ProjectRejectedEventSchema),
    ("projectApproved", ProjectApprovedEventSchema), ("projectRules", ProjectRulesChangedEventSchema),
    ("projectState", ProjectStateChangedEventSchema), ("contractSection", SectionReportedEventSchema),
    ("participant", ParticipantAddedEventSchema),
    ("personAssigned", PersonAssignedEventSchema), ("assignmentConfirmed", AssignmentConfirmedEventSchema),
    ("assignmentRejected", AssignmentRejectedEventSchema), ("assignmentEnded", AssignmentEndedEventSchema),
    ("binding", BindingEventSchema), ("selfRegistration", SelfRegistrationEventSchema),
    ("selfRegistrationHandled", SelfRegistrationHandledEventSchema),
])
def test_each_payload_lists_the_fields_its_schema_sends(component, schema):
    sent = {field.data_key or name for name, field in schema().fields.items()}
    assert set(CATALOGUE["components"]["schemas"][component]["properties"]) == sent
