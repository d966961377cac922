"""自助登记人员 办理: project_svc in a real container on a real database. The project and its units are written
straight into its tables; the worker's submission goes through the public form's call, as the gateway sends it."""

import random

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis.caller import SYSTEM_CALLER, Caller
from chassis.errors import parse_remote_error
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from project_svc.models import Participant, Project

rng = random.Random(9605)


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def form(enterprise_id, number, **overrides):
    return {"enterprise_id": enterprise_id, "name": "扫码登记丙", "id_number": number,
            "birth_date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
            "gender": "1" if int(number[16]) % 2 else "2", "ethnicity": "汉族", "native_place": "江苏省南通市",
            "phone": "13900000311", "address": "上海市闵行区", "address_detail": "江川路2号", "person_kind": "worker",
            "trade": "钢筋工", "household_type": "rural", "household_place": "江苏省南通市", **overrides}


@pytest.fixture
def world(database_url, run_service, rpc_as, subscribe):
    url = database_url("project_svc")
    run_service("project_svc", url)
    events = subscribe("project_svc")
    engine = create_engine(url)
    ids = {"gc": rng.randrange(10**6, 10**7), "labour": rng.randrange(10**7, 10**8),
           "specialty": rng.randrange(10**8, 10**9), "stranger": rng.randrange(10**9, 2 * 10**9)}
    with Session(engine) as session:
        project = Project(registration_number=f"2103MH{rng.randrange(10**6):06d}", name="江川路小区成套改造",
                          general_contractor_id=ids["gc"], general_contractor_name="总包建工", state="in_progress")
        session.add(project)
        session.flush()
        for key, role in (("gc", "general_contractor"), ("labour", "labour_subcontractor"),
                          ("specialty", "specialty_subcontractor")):
            session.add(Participant(project_id=project.id, enterprise_id=ids[key], enterprise_name=f"{key}单位",
                                    credit_code="9" * 18, role=role))
        session.commit()
        project_id = project.id
    system = rpc_as(SYSTEM_CALLER).project_svc
    token = rpc_as(Caller("enterprise", "gc", enterprise_id=ids["gc"])).project_svc.join_code(project_id)["token"]
    yield {"project_id": project_id, "ids": ids, "events": events, "token": token, "system": system,
           "as": lambda key: rpc_as(Caller("enterprise", key, enterprise_id=ids[key])).project_svc,
           "site": lambda key: rpc_as(Caller("site", f"{key}-site", enterprise_id=ids[key],
                                             project_id=project_id)).project_svc,
           "authority": rpc_as(Caller("authority", "jianguan")).project_svc}
    engine.dispose()


def published(events, event_type):
    def seen():
        found = [e for e in events.wait_for(1) if e["event_type"] == event_type]
        assert found, f"no {event_type} yet"
        return found

    return eventually(seen)


def submitted(world, unit, number, **overrides):
    world["system"].submit_self_registration(world["token"], form(world["ids"][unit], number, **overrides))
    rows = world["as"](unit).self_registrations(world["project_id"], {})["items"]
    return next(row for row in rows if row["id_number_masked"][-3:] == number[-3:])


def test_the_chosen_unit_reads_the_plain_numbers_and_marks_it_handled_once(world):
    project_id, number = world["project_id"], resident_id_number(rng)
    row = submitted(world, "labour", number)
    assert (row["state"], row["handled_at"], row["person_id"], row["employment_id"]) == ("pending", None, None, None)

    for reader in (world["as"]("gc"), world["authority"]):  # they see it in the list, but it is not theirs to 办理
        assert reader.self_registrations(project_id, {"state": "pending"})["total"] == 1
        assert refusal(lambda reader=reader: reader.self_registration_to_handle(project_id, row["id"]))["code"] \
            == "NOT_SELF_REGISTRATION_UNIT"
    assert refusal(lambda: world["as"]("specialty").mark_self_registration_handled(
        project_id, row["id"], {"person_id": 7}))["code"] == "NOT_SELF_REGISTRATION_UNIT"
    assert refusal(lambda: world["as"]("stranger").self_registration_to_handle(project_id, row["id"]))["code"] \
        == "FORBIDDEN"
    assert refusal(lambda: world["as"]("labour").self_registration_to_handle(project_id, row["id"] + 10**6))[
        "code"] == "SELF_REGISTRATION_NOT_FOUND"

    for unit in (world["as"]("labour"), world["site"]("labour")):  # the unit's site users too
        plain = unit.self_registration_to_handle(project_id, row["id"])
        assert (plain["id_number"], plain["phone"], plain["person_name"]) == (number, "13900000311", "扫码登记丙")

    handled = world["as"]("labour").mark_self_registration_handled(project_id, row["id"],
                                                                   {"person_id": 41, "employment_id": 12})
    assert (handled["state"], handled["handled_by"], handled["person_id"], handled["employment_id"]) == (
        "handled", "labour", 41, 12)
    event = published(world["events"], "self_registration_handled")[0]["data"]
    assert (event["registration_id"], event["person_id"], event["employment_id"], event["enterprise_id"]) == (
        row["id"], 41, 12, world["ids"]["labour"])
    assert event["id_number_masked"] == row["id_number_masked"] and number not in str(event)

    for call in (lambda: world["as"]("labour").self_registration_to_handle(project_id, row["id"]),
                 lambda: world["as"]("labour").mark_self_registration_handled(project_id, row["id"],
                                                                               {"person_id": 41})):
        assert refusal(call)["code"] == "SELF_REGISTRATION_ALREADY_HANDLED"
    lists = {state: world["as"]("labour").self_registrations(project_id, {"state": state})["total"]
             for state in ("pending", "handled")}
    assert lists == {"pending": 0, "handled": 1}


def test_a_submission_after_handling_stays_handled_for_the_same_unit_and_reopens_for_another(world):
    project_id, number = world["project_id"], resident_id_number(rng)
    row = submitted(world, "labour", number)
    world["as"]("labour").mark_self_registration_handled(project_id, row["id"], {"person_id": 5})

    again = submitted(world, "labour", number, trade="木工")
    assert (again["state"], again["trade"], again["person_id"]) == ("handled", "木工", 5)

    elsewhere = submitted(world, "specialty", number)
    assert (elsewhere["id"], elsewhere["state"], elsewhere["handled_at"], elsewhere["person_id"]) == (
        row["id"], "pending", None, None)
    assert world["as"]("labour").self_registrations(project_id, {})["total"] == 0
    assert world["as"]("specialty").self_registration_to_handle(project_id, row["id"])["id_number"] == number


def test_handling_names_the_person(world):
    row = submitted(world, "labour", resident_id_number(rng))
    refused = refusal(lambda: world["as"]("labour").mark_self_registration_handled(
        world["project_id"], row["id"], {"employment_id": 3}))
    assert refused["fields"] == {"person_id": "REQUIRED"}
    assert world["as"]("labour").self_registrations(world["project_id"], {"state": "pending"})["total"] == 1
