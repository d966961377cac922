"""校验 on a real database: attendance_svc.audit over a device's chained records, and bin/verify-records, which
reads the database itself. Each kind of tampering an administrator with SQL could do is found and named."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, select, update
from sqlalchemy.orm import Session

from attendance_svc import domain
from attendance_svc.audit import audit_device
from attendance_svc.models import ClockRecord, Device
from chassis.migrate import upgrade

COMMAND = Path(__file__).resolve().parents[3] / "bin" / "verify-records"
DAY = dt.date(2026, 11, 30)


def write_chain(session, device, days, per_day):
    """``per_day`` accepted records on each of ``days`` days from DAY, chained as _store_clocks chains them."""
    for offset in range(days):
        for number in range(per_day):
            occurred = dt.datetime.combine(DAY + dt.timedelta(days=offset), dt.time(7, number), dt.UTC)
            record = ClockRecord(
                device_id=device.id, seq=device.chain_length + 1, chain_index=device.chain_length + 1,
                project_id=device.project_id, person_id=100 + number, occurred_at=occurred, received_at=occurred,
                day=occurred.date(), method="006", direction="01", outcome="accepted", late=False,
                request_signature="ab" * 32, prev_hash=device.chain_head or domain.GENESIS)
            record.hash = domain.chain_hash(record.prev_hash, {name: getattr(record, name)
                                                               for name in domain.CHAINED_FIELDS})
            session.add(record)
            device.chain_length, device.chain_head = record.chain_index, record.hash
    session.commit()


@pytest.fixture
def records(database_url):
    url = database_url("attendance_svc")
    upgrade("attendance_svc", url)
    engine = create_engine(url)
    with Session(engine) as session:
        devices = [Device(project_id=5, kind="card_reader", serial=serial, name=name, direction="in",
                          status="online", chain_length=0) for serial, name in (("SN-A1", "东门"), ("SN-B2", "西门"))]
        session.add_all(devices)
        session.flush()
        for device in devices:
            write_chain(session, device, days=3, per_day=4)
        ids = [device.id for device in devices]
    yield url, engine, ids
    engine.dispose()


def audit(engine, device_id, first=None, last=None):
    with Session(engine) as session:
        return audit_device(session, session.get(Device, device_id), first, last)


def verify(url, *args):
    return subprocess.run([sys.executable, str(COMMAND), "--db-url", url, *args], capture_output=True, text=True,
                          timeout=60)


def tamper(engine, statement):
    with engine.begin() as connection:
        connection.execute(statement)


def test_untouched_records_verify_whole_and_by_day(records):
    url, engine, (east, west) = records
    assert audit(engine, east) == {"intact": True, "records": 12, "head_intact": True}
    assert audit(engine, east, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1))["records"] == 4
    done = verify(url)
    assert done.returncode == 0, done.stderr
    assert "完好 intact   项目 5 · SN-A1 · 东门: 12 条记录 records" in done.stdout
    assert "2 台设备 devices, 0 台被改动 broken" in done.stdout


def test_an_edited_record_is_found_at_its_sequence_number(records):
    url, engine, (east, west) = records
    tamper(engine, update(ClockRecord).where(ClockRecord.device_id == east, ClockRecord.seq == 6)
           .values(person_id=999))
    assert audit(engine, east) == {"intact": False, "records": 12, "first_broken_seq": 6, "problem": "edited",
                                   "head_intact": True}
    assert audit(engine, east, DAY, DAY)["intact"]  # the first day is untouched
    assert audit(engine, west)["intact"]
    done = verify(url, "--day", str(DAY + dt.timedelta(days=1)))
    assert done.returncode == 1
    assert "被改动 BROKEN 项目 5 · SN-A1 · 东门: 记录内容被改动 / a record's fields were changed (seq 6)" in done.stdout
    assert "1 台被改动 broken" in done.stdout


def test_a_re_hashed_forgery_and_a_deleted_record_break_the_link(records):
    url, engine, (east, west) = records
    with Session(engine) as session:
        forged = session.scalar(select(ClockRecord).where(ClockRecord.device_id == east, ClockRecord.seq == 3))
        forged.outcome = "refused"
        forged.hash = domain.chain_hash(forged.prev_hash, {name: getattr(forged, name)
                                                           for name in domain.CHAINED_FIELDS})
        session.commit()
    assert (audit(engine, east)["first_broken_seq"], audit(engine, east)["problem"]) == (4, "relinked")
    tamper(engine, delete(ClockRecord).where(ClockRecord.device_id == west, ClockRecord.seq == 9))
    assert (audit(engine, west)["first_broken_seq"], audit(engine, west)["problem"]) == (10, "missing")
    done = verify(url, "--device", "SN-B2")
    assert done.returncode == 1 and "记录被删除 / a record was deleted (seq 10)" in done.stdout
    assert "SN-A1" not in done.stdout


def test_the_newest_records_deleted_leave_the_head_behind(records):
    url, engine, (east, west) = records
    tamper(engine, delete(ClockRecord).where(ClockRecord.device_id == east, ClockRecord.seq >= 11))
    assert audit(engine, east) == {"intact": False, "records": 10, "head_intact": False, "problem": "head"}
    done = verify(url, "--device", str(east))
    assert done.returncode == 1 and "最新的记录被删除 / the newest records were deleted" in done.stdout


def test_a_database_that_cannot_be_read_says_so(tmp_path):
    done = verify(f"sqlite:///{tmp_path}/none/attendance.db")
    assert done.returncode == 2 and "cannot read attendance_svc's database" in done.stderr
