"""A refusal crosses RPC as its own type, with its code, fields and details: real containers, a real bus."""

import pytest
from nameko.exceptions import RemoteError

from chassis.caller import Caller
from employment_svc.exceptions import EnterpriseNotFound
from identity_svc.exceptions import PersonNotFound
from project_svc.exceptions import UnknownEnterprise

AUTHORITY = Caller("authority", "jianguan", region_code="310000")


def test_a_person_not_found_arrives_as_the_type_identity_svc_raised(run_service, rpc_as):
    run_service("identity_svc")
    with pytest.raises(PersonNotFound) as refused:
        rpc_as(AUTHORITY).identity_svc.get_person(987654)
    assert type(refused.value).__module__ == "identity_svc.exceptions"
    assert refused.value.code == "PERSON_NOT_FOUND" and refused.value.detail == "no person 987654"
    # and it is still the RemoteError Nameko promises, for code written against that
    assert isinstance(refused.value, RemoteError) and '"PERSON_NOT_FOUND"' in refused.value.value


def test_a_service_catches_another_services_refusal_by_its_type(run_service, rpc_as):
    run_service("employment_svc")
    run_service("project_svc")
    with pytest.raises(EnterpriseNotFound):
        rpc_as(AUTHORITY).employment_svc.get_enterprise(424242)
    # project_svc catches EnterpriseNotFound and refuses the form, naming the field
    with pytest.raises(UnknownEnterprise) as refused:
        rpc_as(AUTHORITY).project_svc.create_project(
            {"registration_number": "3101042026009999", "name": "无总包项目", "general_contractor_id": 424242})
    assert refused.value.code == "UNKNOWN_ENTERPRISE"
    assert refused.value.fields == {"general_contractor_id": "UNKNOWN_ENTERPRISE"}
