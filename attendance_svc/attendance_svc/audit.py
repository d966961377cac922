"""校验: whether a device's clock records are as they were written (tamper evidence).

Each record is chained to the one before it on its device (domain.chain_hash) and the device row keeps the chain's
length and head. A check reads the records in chain order, a batch at a time (a busy gate's device has millions),
recomputes each hash, follows each link, and compares the newest record with the head: an edited field, a record
re-hashed to hide an edit, a record deleted in the middle or at the end are each found, named by the first
record where the chain breaks. Used by ``verify_records`` (the portal's 校验) and by ``bin/verify-records``, which
reads the database directly and so does not take the service's word for it.
"""

import datetime as dt

from sqlalchemy import func, select

from attendance_svc import domain
from attendance_svc.models import ClockRecord, Device

BATCH = 5_000


def audit_device(session, device: Device, first_day: dt.date | None = None, last_day: dt.date | None = None) -> dict:
    """``{"intact", "records", "head_intact", "first_broken_seq"?, "problem"?}`` of the device's records of the
    days from ``first_day`` to ``last_day`` (each open: every day; ``records``: how many they are); ``problem``
    edited | relinked | missing, or ``head`` when the newest records were deleted (the device row's head is not
    the newest record)."""
    conditions = [ClockRecord.device_id == device.id]
    if first_day is not None:
        conditions.append(ClockRecord.day >= first_day)
    if last_day is not None:
        conditions.append(ClockRecord.day <= last_day)
    checked, after, known = 0, 0, {}
    while True:
        rows = session.scalars(select(ClockRecord).where(*conditions, ClockRecord.chain_index > after)
                               .order_by(ClockRecord.chain_index).limit(BATCH)).all()
        if not rows:
            break
        records = [row.chained() for row in rows]
        for record in records:
            record["occurred_at"] = domain.aware(record["occurred_at"])
            record["received_at"] = domain.aware(record["received_at"])
        indexes = {record["chain_index"] for record in records}
        wanted = {index - 1 for index in indexes} - indexes - known.keys() - {0}
        if wanted:  # the records just before these that are not among them: another day's, or deleted
            known.update(session.execute(select(ClockRecord.chain_index, ClockRecord.hash).where(
                ClockRecord.device_id == device.id, ClockRecord.chain_index.in_(wanted))).all())
        verdict = domain.verify_chain(records, known)
        if not verdict["intact"]:
            held = session.scalar(select(func.count()).select_from(ClockRecord).where(*conditions))
            return {**verdict, "records": held, "head_intact": head_intact(session, device)}
        checked += len(records)
        after = records[-1]["chain_index"]
        known = {after: records[-1]["hash"]}
    head = head_intact(session, device)
    answer = {"intact": head, "records": checked, "head_intact": head}
    return answer if head else {**answer, "problem": "head"}


def head_intact(session, device: Device) -> bool:
    newest = session.execute(select(ClockRecord.chain_index, ClockRecord.hash).where(
        ClockRecord.device_id == device.id,
        ClockRecord.chain_index == select(func.max(ClockRecord.chain_index)).where(
            ClockRecord.device_id == device.id).scalar_subquery())).first()
    return domain.verify_head(newest and newest.chain_index, newest and newest.hash, device.chain_length or 0,
                              device.chain_head)
