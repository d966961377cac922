"""Terminals of other dialects through the gateway, with every service running: a site registers a ZKTeco terminal
and a Hikvision terminal (each shown the address to configure, its key in it, once). The ZKTeco terminal takes the
people on site as USERINFO commands at getrequest and confirms them at devicecmd, and its punches are stored once
however often it sends them; the Hikvision terminal's pushed events are stored once each, and a lost event shows as
a gap in reconciliation. A face enrolled through the gateway reaches the ZKTeco terminal as the photo it enrols
itself (BIOPHOTO; the platform runs with FACE_KEEP_PHOTOS on); a Hikvision terminal given its ISAPI address is
called by the platform, which pushes it the person and the face. ``bin/gate-sim`` speaks both dialects the same
way."""

import base64
import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from chassis import days
from devtools.gate import HikvisionIsapi, HikvisionTerminal, ZKTecoTerminal, sample_photos
from devtools.synthetic import credit_code, resident_id_number
from devtools.testing import eventually

pytestmark = pytest.mark.e2e
rng = random.Random(1012)
TODAY = days.today()
GATE_SIM = Path(__file__).resolve().parents[2] / "bin" / "gate-sim"


@pytest.fixture
def on_site(api):
    """A worker registered and entered on site_3 by its site user, for an employer of this test alone."""
    site = api("site_3")
    employer = api("authority").post("/enterprises", json={
        "name": f"方言劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"})
    assert employer.status_code == 201, employer.text
    number = resident_id_number(rng)
    person = site.post("/persons", json={
        "id_type": "01", "id_number": number, "name": "方言测试", "ethnicity": "01", "address": "上海市徐汇区测试路6号",
        "issuing_authority": "上海市公安局徐汇分局", "valid_from": "2018-03-01", "valid_until": None})
    assert person.status_code == 201, person.text
    entry = site.post("/entries", json={
        "id_number": number, "employer_id": employer.json()["id"], "is_team_leader": False,
        "team_leader_entry_id": None, "phone": None, "trade": "020", "education": "71",
        "entry_date": str(TODAY - dt.timedelta(days=1))})
    assert entry.status_code == 201, entry.text
    return {"site": site, "person_id": entry.json()["person_id"]}


def gate_sim(platform, dialect, serial, secret, person_id, *more):
    """``bin/gate-sim``: two records of the person, the second kept while offline and flushed later, the first
    sent again; its answers, one a line. The key as ``--secret=…``: one that starts with "-" is no option."""
    simulated = subprocess.run(
        [sys.executable, str(GATE_SIM), "--url", platform.base_url, "--dialect", dialect, "--serial", serial,
         f"--secret={secret}", "--person", str(person_id), "--records", "2", "--offline", "1", "--duplicates", "1",
         *more], capture_output=True, text=True, timeout=120, env={**os.environ})
    assert simulated.returncode == 0, simulated.stderr
    return [json.loads(line) for line in simulated.stdout.splitlines()]


def register(site, project, protocol, serial):
    registered = site.post(f"{project}/devices", json={
        "kind": "face_terminal", "serial": serial, "direction": "both", "location": "2号门",
        "name": f"{protocol}测试机", "protocol": protocol})
    assert registered.status_code == 201, registered.text
    answer = registered.json()
    assert answer["device"]["protocol"] == protocol
    assert parse_qs(urlparse(answer["push_url"]).query)["token"] == [answer["secret"]]
    return answer


def records_of(site, project, person_id, device_name):
    items = site.get(f"{project}/attendance/records", params={"person_id": person_id, "page_size": 100}).json()
    return [item for item in items["items"] if item["device_name"] == device_name]


def test_a_zkteco_terminal_takes_its_people_and_its_punches_are_stored_once(api, platform, registry, on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    serial = f"ZK{rng.randrange(10**8):08d}"
    registered = register(site, project, "zkteco", serial)
    device_id = registered["device"]["id"]
    terminal = ZKTecoTerminal(platform.base_url, serial, registered["secret"])

    assert f"GET OPTION FROM: {serial}" in terminal.handshake()
    wrong = ZKTecoTerminal(platform.base_url, serial, "not-the-key").request("GET", "getrequest")
    assert (wrong.status_code, wrong.json()["error"]) == (401, "DEVICE_UNKNOWN")

    # the people on site come down as USERINFO commands, PIN = person id; the terminal confirms them
    delivered = []

    def worker_delivered():
        commands = terminal.getrequest()
        delivered.extend(commands)
        if commands:
            terminal.results(*((line.split(":")[1], 0) for line in commands)).raise_for_status()
        assert any(f"DATA UPDATE USERINFO PIN={person_id}\tName=方言测试" in line for line in delivered), delivered

    eventually(worker_delivered, timeout=30)
    state = site.get(f"{project}/devices/{device_id}/commands")
    assert state.status_code == 200, state.text
    mine = next(row for row in state.json()["people"] if row["person_id"] == person_id)
    assert (mine["operation"], mine["state"], mine["attempts"]) == ("upsert", "ok", 1)

    # a punch, answered once stored; sent again (its answer lost), it is the same record
    punch = ZKTecoTerminal.punch(person_id, dt.datetime.now(dt.UTC), verify=15)
    first = terminal.upload(punch)
    again = terminal.upload(punch)
    assert (first.status_code, first.text, again.status_code, again.text) == (200, "OK: 1", 200, "OK: 1")
    stored = records_of(site, project, person_id, "zkteco测试机")
    assert [(r["method"], r["outcome"]) for r in stored] == [("001", "accepted")]

    # bin/gate-sim, the same dialect: a punch buffered while offline and flushed later, one sent twice
    lines = gate_sim(platform, "zkteco", serial, registered["secret"], person_id, "--spacing", "600")
    assert [line["answer"] for line in lines if line["kind"] == "records"] == ["OK: 1", "OK: 1", "OK: 1"]
    assert len(records_of(site, project, person_id, "zkteco测试机")) == 3
    device = next(d for d in site.get(f"{project}/devices").json() if d["id"] == device_id)
    assert device["status"] == "online"


def test_a_face_enrolled_at_the_gateway_reaches_a_zkteco_terminal_as_its_photo(api, platform, registry, on_site):
    import cv2
    import numpy as np

    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    serial = f"ZF{rng.randrange(10**8):08d}"
    registered = register(site, project, "zkteco", serial)
    device_id = registered["device"]["id"]
    terminal = ZKTecoTerminal(platform.base_url, serial, registered["secret"])
    terminal.handshake()

    enrolment = sample_photos()["worker"]
    enrolled = site.post(f"{project}/people/{person_id}/face", json={"image": base64.b64encode(enrolment).decode()})
    assert enrolled.status_code == 201, enrolled.text

    # the terminal polls: the person as USERINFO, then the face as BIOPHOTO, each confirmed
    def face_on_the_terminal():
        terminal.poll()
        assert str(person_id) in terminal.faces, sorted(terminal.faces)

    eventually(face_on_the_terminal, timeout=30)
    kept = cv2.imdecode(np.frombuffer(base64.b64decode(terminal.faces[str(person_id)]), np.uint8), cv2.IMREAD_COLOR)
    sent = cv2.imdecode(np.frombuffer(enrolment, np.uint8), cv2.IMREAD_COLOR)
    assert kept.shape == sent.shape  # the enrolment photo itself (at most 640 px), re-encoded
    assert float(np.abs(kept.astype(int) - sent.astype(int)).mean()) < 4

    # 同步 shows the person's row and the face confirmed; the terminal's counts agree at its next poll
    def confirmed():
        rows = site.get(f"{project}/devices/{device_id}/commands").json()["people"]
        mine = {row["kind"]: (row["operation"], row["state"]) for row in rows if row["person_id"] == person_id}
        assert mine == {"person": ("upsert", "ok"), "face": ("upsert", "ok")}, mine

    eventually(confirmed, timeout=10)
    terminal.poll()
    device = next(d for d in site.get(f"{project}/devices").json() if d["id"] == device_id)
    assert device["reported_face_count"] == len(terminal.faces) >= 1

    # a face for a PIN the terminal does not hold is refused as a terminal refuses it
    assert terminal.carry_out(["C:1:DATA UPDATE BIOPHOTO PIN=999999\tType=9\tSize=4\tContent=AAAA"]) == [("1", -1)]


def test_a_hikvision_terminal_given_its_address_is_pushed_the_person_and_face_over_isapi(
        api, platform, registry, on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    terminal = HikvisionIsapi("admin", "Hik 12345").start()
    try:
        serial = f"DH{rng.randrange(10**8):08d}"
        form = {"kind": "face_terminal", "serial": serial, "direction": "in", "location": "3号门", "name": "海康下发机",
                "protocol": "hikvision", "device_address": "192.168.1.64", "username": "admin"}
        refused = site.post(f"{project}/devices", json=form)
        assert refused.status_code == 422, refused.text
        assert set(refused.json()["fields"]) == {"device_address", "password"}
        assert "设备地址" in refused.json()["message"]
        registered = site.post(f"{project}/devices", json={**form, "device_address": terminal.address,
                                                           "password": "Hik 12345"})
        assert registered.status_code == 201, registered.text
        device = registered.json()["device"]
        assert (device["device_address"], device["pushes_people"]) == (terminal.address, True)
        enrolled = site.post(f"{project}/people/{person_id}/face",
                             json={"image": base64.b64encode(sample_photos()["worker"]).decode()})
        assert enrolled.status_code == 201, enrolled.text

        # the platform calls the terminal: the person, then the face (the enrolment photo), each confirmed
        eventually(lambda: _holds(terminal, person_id), timeout=40)
        assert terminal.users[str(person_id)]["name"] == "方言测试"

        def confirmed():
            rows = site.get(f"{project}/devices/{device['id']}/commands").json()["people"]
            mine = {row["kind"]: (row["operation"], row["state"]) for row in rows if row["person_id"] == person_id}
            assert mine == {"person": ("upsert", "ok"), "face": ("upsert", "ok")}, mine
            listed = next(d for d in site.get(f"{project}/devices").json() if d["id"] == device["id"])
            assert (listed["status"], listed["reported_face_count"]) == ("online", len(terminal.faces)), listed

        eventually(confirmed, timeout=40)

        # 对账 read from the terminal itself: an event it holds that never reached the platform
        at = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).replace(microsecond=0)
        terminal.events = [{"major": 5, "minor": 75, "serialNo": 77, "employeeNoString": str(person_id),
                            "time": at.isoformat()}]
        report = site.post(f"{project}/devices/{device['id']}/reconciliation", json={"from_device": True})
        assert report.status_code == 200, report.text
        assert [(m["seq"], m["person_ref"]) for m in report.json()["missing"]] == [(77, str(person_id))]
    finally:
        terminal.stop()
    unreachable = site.post(f"{project}/devices/{device['id']}/reconciliation", json={"from_device": True})
    assert (unreachable.status_code, unreachable.json()["error"]) == (503, "DEVICE_UNREACHABLE")
    assert "无法连接" in unreachable.json()["message"]


def _holds(terminal, person_id):
    assert str(person_id) in terminal.users and str(person_id) in terminal.faces, (terminal.users, terminal.faces)


def test_a_hikvision_terminals_events_are_stored_once_and_a_lost_one_is_a_gap(api, platform, registry, on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    serial = f"DS{rng.randrange(10**8):08d}"
    registered = register(site, project, "hikvision", serial)
    device_id = registered["device"]["id"]
    terminal = HikvisionTerminal(platform.base_url, serial, registered["secret"])
    now = dt.datetime.now(dt.UTC)

    # the platform hears of the worker's entry after answering it
    def accepted_face():
        answer = terminal.push(HikvisionTerminal.event(1, person_id, now - dt.timedelta(hours=2)), wrapped=True)
        assert answer.status_code == 200, answer.text
        assert answer.json()["outcome"] == "accepted", answer.json()
        return answer.json()

    first = eventually(accepted_face, timeout=30)
    assert first["person_id"] == person_id
    again = terminal.push(HikvisionTerminal.event(1, person_id, now - dt.timedelta(hours=2)), wrapped=True)
    assert again.json() == {"seq": 1, "outcome": "duplicate", "record_id": first["record_id"]}

    # multipart with the capture, a door event (no clock), and an event after two that never arrived
    with_photo = terminal.push(HikvisionTerminal.event(2, person_id, now - dt.timedelta(hours=1), status="checkOut"),
                               photo=sample_photos()["worker_again"])
    assert with_photo.status_code == 200 and with_photo.json()["outcome"] == "accepted", with_photo.text
    door = terminal.push(HikvisionTerminal.event(3, None, now, minor=21))
    assert (door.status_code, door.json()) == (200, {"ignored": True})
    lost_after = terminal.push(HikvisionTerminal.event(6, person_id, now, front=5))
    assert lost_after.status_code == 200, lost_after.text
    wrong = HikvisionTerminal(platform.base_url, serial, "not-the-key").push(HikvisionTerminal.event(7, person_id))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "DEVICE_UNKNOWN")

    # 对账: the terminal's own history names what the platform lacks (the door event 3 arrived: no gap, not
    # missing); the gap shows in its serial numbers
    history = [{"seq": seq, "occurred_at": (now - dt.timedelta(minutes=10 - seq)).isoformat(),
                "person_ref": str(person_id)} for seq in (1, 2, 3, 4, 5, 6)]
    report = site.post(f"{project}/devices/{device_id}/reconciliation", json={"records": history})
    assert report.status_code == 200, report.text
    assert [m["seq"] for m in report.json()["missing"]] == [4, 5]
    assert report.json()["gaps"] == [{"from": 4, "to": 5}]
    state = site.get(f"{project}/devices/{device_id}/commands").json()
    assert state["gaps"] == [{"from": 4, "to": 5}]
    stored = sorted((r["method"], r["direction"], r["outcome"])
                    for r in records_of(site, project, person_id, "hikvision测试机"))
    assert stored == [("001", "01", "accepted"), ("001", "01", "accepted"), ("001", "02", "accepted")]

    # bin/gate-sim goes on from serialNo 7, each event with its capture: no new gap, the resent one a duplicate
    lines = gate_sim(platform, "hikvision", serial, registered["secret"], person_id, "--first-seq", "7")
    assert [(line["seq"], line["status"], line["answer"]["outcome"]) for line in lines if line["kind"] == "record"] \
        == [(7, 200, "accepted"), (8, 200, "accepted"), (7, 200, "duplicate")]
    assert site.get(f"{project}/devices/{device_id}/commands").json()["gaps"] == [{"from": 4, "to": 5}]


def test_gate_sim_speaks_the_platform_api_too(api, platform, registry, on_site):
    site, person_id = on_site["site"], on_site["person_id"]
    project = f"/projects/{registry['site_3']['id']}"
    serial = f"PF{rng.randrange(10**8):08d}"
    registered = site.post(f"{project}/devices", json={
        "kind": "face_terminal", "serial": serial, "direction": "in", "name": "平台测试机"})
    assert registered.status_code == 201 and registered.json()["push_url"] is None, registered.text

    def clocked():
        lines = gate_sim(platform, "platform", serial, registered.json()["secret"], person_id, "--person-count", "0")
        outcomes = [line["outcome"] for line in lines if line["kind"] == "record"]
        assert outcomes == ["accepted", "accepted", "duplicate"], lines
        assert lines[0]["kind"] == "heartbeat" and lines[0]["resync"] is True

    eventually(clocked, timeout=30)  # the platform hears of the worker's entry after answering it
