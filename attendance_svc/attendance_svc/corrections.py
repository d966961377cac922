"""补卡 (a correction): a site user applies for a clock the gate did not record — a person on site, the day and
time, in or out, and why — and another site user of the project approves or rejects it with a reason (the manuals
name no approver; four eyes on the project's site). An approved application becomes a NEW accepted record (method
011, reason CORRECTION) in the hash chain of the project's virtual device ``correction:<project>``; no record is
ever edited. It counts in the views like any accepted record and is published as ``attendance_recorded``."""

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from attendance_svc import domain
from attendance_svc.exceptions import (
    CORRECTION_EXPECTED,
    CorrectionDecided,
    CorrectionNotFound,
    NotOnSite,
    OwnCorrection,
)
from attendance_svc.models import ClockCorrection, ClockRecord, Device, SiteStay
from attendance_svc.schemas import CorrectionApplicationSchema, CorrectionDecisionSchema, CorrectionQuerySchema
from chassis.errors import InvalidInput
from chassis.events import utcnow
from chassis.messaging import rpc
from chassis.schemas import load_or_refuse


class CorrectionsMixin:
    """补卡 of attendance_svc (a base of AttendanceService)."""

    @rpc(expected_exceptions=CORRECTION_EXPECTED)
    def apply_correction(self, project_id, person_id, day, time, direction, reason):
        """补卡申请: ``time`` "HH:MM" on ``day``, the site's time; ``direction`` in / out. The person is on site and
        was so that day (NOT_ON_SITE; ``day`` BEFORE_ENTRY; ``time`` DATE_IN_FUTURE). Answers CORRECTION."""
        project_id = domain.project_scope(self.caller, project_id, write=True)
        values = load_or_refuse(CorrectionApplicationSchema(), {
            "person_id": person_id, "day": day, "time": time, "direction": direction, "reason": reason})
        zone, now = self.zone, utcnow()
        occurred_at = dt.datetime.combine(values["day"], values["time"], zone).astimezone(dt.UTC)
        reason_text = values["reason"].strip()
        if not reason_text:
            raise InvalidInput("say why", fields={"reason": "REQUIRED"})
        with self.db.transaction() as session:
            stay = session.scalar(select(SiteStay).where(
                SiteStay.project_id == project_id, SiteStay.person_id == values["person_id"],
                SiteStay.exit_date.is_(None)).order_by(SiteStay.entry_id.desc()).limit(1))
            if stay is None:
                raise NotOnSite("the person is not on this site", fields={"person_id": "NOT_ON_SITE"})
            wrong = domain.correction_refusal(occurred_at, now, stay.entry_date, zone)
            if wrong:
                raise InvalidInput("the clock asked for is not while the person was on site", fields=wrong)
            correction = ClockCorrection(
                project_id=project_id, person_id=values["person_id"], occurred_at=occurred_at,
                day=domain.local_day(occurred_at, zone),
                direction=domain.IN if values["direction"] == "in" else domain.OUT, reason=reason_text,
                applicant=self.caller.username, applied_at=now, status=domain.PENDING)
            session.add(correction)
            session.flush()
            return self._correction_view(correction, stay.name)

    @rpc(expected_exceptions=CORRECTION_EXPECTED)
    def list_corrections(self, project_id, status=None, page=1, page_size=20):
        """补卡审批's list, newest first: ``{"items": [CORRECTION], "total"}``; ``status`` pending / approved /
        rejected."""
        project_id = domain.project_scope(self.caller, project_id)
        query = load_or_refuse(CorrectionQuerySchema(), {"status": status, "page": page, "page_size": page_size})
        conditions = [ClockCorrection.project_id == project_id]
        if query["status"] is not None:
            conditions.append(ClockCorrection.status == query["status"])
        session = self.db.session
        total = session.scalar(select(func.count()).select_from(ClockCorrection).where(*conditions))
        rows = session.scalars(select(ClockCorrection).where(*conditions).order_by(ClockCorrection.id.desc())
                               .offset((query["page"] - 1) * query["page_size"]).limit(query["page_size"])).all()
        names = self._names(session, project_id, {row.person_id for row in rows})
        return {"items": [self._correction_view(row, names.get(row.person_id)) for row in rows], "total": total}

    @rpc(expected_exceptions=CORRECTION_EXPECTED)
    def decide_correction(self, correction_id, approve, reason=None):
        """审批: approve (a new record in the project's correction chain) or reject with a ``reason``, by a site user
        of the project other than the applicant (CORRECTION_OWN_APPLICATION); once (CORRECTION_DECIDED)."""
        values = load_or_refuse(CorrectionDecisionSchema(), {"approve": approve, "reason": reason})
        why = (values["reason"] or "").strip() or None
        if not values["approve"] and why is None:
            raise InvalidInput("say why the correction is rejected", fields={"reason": "REQUIRED"})
        for attempt in range(2):  # the project's first correction makes its device; two at once, one wins
            try:
                return self._decide(int(correction_id), values["approve"], why)
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _decide(self, correction_id, approve, why):
        now = utcnow()
        with self.db.transaction() as session:
            correction = session.get(ClockCorrection, correction_id, with_for_update=True, populate_existing=True)
            if correction is None:
                raise CorrectionNotFound(f"no correction {correction_id}")
            domain.project_scope(self.caller, correction.project_id, write=True)
            if correction.status != domain.PENDING:
                raise CorrectionDecided("the correction was decided already",
                                        details={"status": correction.status})
            if not domain.may_decide(correction.applicant, self.caller.username):
                raise OwnCorrection("another site user of the project approves or rejects it")
            name = self._names(session, correction.project_id, {correction.person_id}).get(correction.person_id)
            if approve:
                correction.record_id = self._store_correction(session, correction, name, now)
            correction.status = domain.APPROVED if approve else domain.REJECTED
            correction.decided_by, correction.decided_at, correction.decision_reason = \
                self.caller.username, now, why
            return self._correction_view(correction, name)

    def _store_correction(self, session, correction, name, now) -> int:
        device = self._correction_device(session, correction.project_id)
        record = ClockRecord(
            device_id=device.id, seq=correction.id, chain_index=device.chain_length + 1,
            project_id=correction.project_id, person_id=correction.person_id, occurred_at=correction.occurred_at,
            received_at=now, day=correction.day, method=domain.CORRECTION_METHOD, direction=correction.direction,
            outcome=domain.ACCEPTED, reason=domain.CORRECTED, late=False, similarity=None, card_number_masked=None,
            duplicate_of=None, request_signature=None, prev_hash=device.chain_head or domain.GENESIS)
        record.hash = domain.chain_hash(record.prev_hash, {field: getattr(record, field)
                                                           for field in domain.CHAINED_FIELDS})
        session.add(record)
        session.flush()
        device.chain_length, device.chain_head = record.chain_index, record.hash
        self.outbox.add("attendance_recorded", {
            "record_id": record.id, "project_id": record.project_id, "device_id": device.id,
            "person_id": record.person_id, "name": name, "occurred_at": domain.iso(record.occurred_at, self.zone),
            "method": record.method, "direction": record.direction, "late": False, "card_number_masked": None})
        return record.id

    @staticmethod
    def _correction_device(session, project_id):
        serial = f"{domain.CORRECTION}:{project_id}"
        device = session.scalar(select(Device).where(Device.serial == serial, Device.retired_at.is_(None))
                                .with_for_update())
        if device is None:
            device = Device(project_id=project_id, kind=domain.CORRECTION, serial=serial, name="补卡",
                            direction="both", location=None, status="online", registered_at=utcnow(),
                            chain_length=0, resync_required=False)
            session.add(device)
            session.flush()
        return device

    def _correction_view(self, correction, name) -> dict:
        zone = self.zone
        return {"id": correction.id, "project_id": correction.project_id, "person_id": correction.person_id,
                "name": name, "occurred_at": domain.iso(correction.occurred_at, zone),
                "day": correction.day.isoformat(),
                "direction": correction.direction, "reason": correction.reason, "applicant": correction.applicant,
                "applied_at": domain.iso(correction.applied_at), "status": correction.status,
                "decided_by": correction.decided_by, "decided_at": domain.iso(correction.decided_at),
                "decision_reason": correction.decision_reason, "record_id": correction.record_id}

    def _corrections_of(self, session, record_ids) -> dict:
        """record id → ``{reason, applicant, approver}`` of the records that are approved corrections."""
        if not record_ids:
            return {}
        return {record_id: {"reason": reason, "applicant": applicant, "approver": approver}
                for record_id, reason, applicant, approver in session.execute(select(
                    ClockCorrection.record_id, ClockCorrection.reason, ClockCorrection.applicant,
                    ClockCorrection.decided_by).where(ClockCorrection.record_id.in_(list(record_ids)))).all()}
