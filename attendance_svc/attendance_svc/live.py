"""出勤记录 live: the records of a project after the last one a page holds (the gateway's Server-Sent Events poll
this), and the thumbnails of face records' photos where the installation keeps them (ATTENDANCE_KEEP_PHOTOS: a
96 px JPEG, encrypted at rest, never in an event)."""

import base64

from sqlalchemy import func, select

from attendance_svc import domain
from attendance_svc.exceptions import EXPECTED, PhotoNotFound
from attendance_svc.models import ClockPhoto, ClockRecord, Device
from chassis.messaging import rpc

#: the most records one poll answers
MAX_AFTER = 200


class LiveRecordsMixin:
    """出勤记录 as it happens, and its photos (a base of AttendanceService)."""

    @property
    def keep_photos(self) -> bool:
        return str(self.config.get("KEEP_PHOTOS") or "").strip().lower() in ("1", "true", "yes", "on")

    @rpc(expected_exceptions=EXPECTED)
    def clock_records_after(self, project_id, after_id=None, limit=50):
        """The project's records with an id above ``after_id``, oldest first (at most ``limit``, 200):
        ``{"items": [RECORD as clock_records has it, with has_photo], "last_id"}``. Without ``after_id``: none,
        and the last id now (where a new page starts listening)."""
        project_id = domain.project_scope(self.caller, project_id)
        session = self.db.session
        if after_id is None:
            last = session.scalar(select(func.max(ClockRecord.id)).where(ClockRecord.project_id == project_id))
            return {"items": [], "last_id": last or 0}
        limit = max(1, min(int(limit or 50), MAX_AFTER))
        rows = session.execute(
            select(ClockRecord, Device.name).join(Device, Device.id == ClockRecord.device_id)
            .where(ClockRecord.project_id == project_id, ClockRecord.id > int(after_id))
            .order_by(ClockRecord.id).limit(limit)).all()
        items = self._record_items(session, project_id, rows)
        return {"items": items, "last_id": items[-1]["id"] if items else int(after_id)}

    def _record_items(self, session, project_id, rows) -> list[dict]:
        names = self._names(session, project_id, {record.person_id for record, _ in rows} - {None})
        corrected = self._corrections_of(session, [r.id for r, _ in rows if r.reason == domain.CORRECTED])
        photos = self._photos_of(session, [r.id for r, _ in rows])
        zone = self.zone
        return [{"id": r.id, "person_id": r.person_id, "name": names.get(r.person_id), "device_name": device_name,
                 "occurred_at": domain.iso(r.occurred_at, zone), "direction": r.direction, "method": r.method,
                 "outcome": r.outcome, "reason": r.reason, "late": r.late, "correction": corrected.get(r.id),
                 "has_photo": r.id in photos} for r, device_name in rows]

    @rpc(expected_exceptions=EXPECTED + (PhotoNotFound,))
    def clock_photo(self, record_id):
        """A record's thumbnail: ``{"record_id", "project_id", "content_type": "image/jpeg", "image": "<base64>"}``,
        to the record's project's site and the authority; PHOTO_NOT_FOUND where none was kept."""
        session = self.db.session
        photo = session.get(ClockPhoto, int(record_id))
        if photo is None:
            raise PhotoNotFound(f"no photo of record {record_id}")
        domain.project_scope(self.caller, photo.project_id)
        return {"record_id": photo.record_id, "project_id": photo.project_id, "content_type": "image/jpeg",
                "image": self.vault.decrypt(photo.thumbnail_encrypted)}

    # -- used by the upload ----------------------------------------------------------------------------------------

    def _thumbnails(self, records):
        """Before the upload's transaction: each face record's thumbnail (``_thumbnail``), where photos are kept."""
        if not self.keep_photos:
            return
        for record in records:
            if record.get("photo"):
                record["_thumbnail"] = domain.thumbnail(record["photo"])

    def _keep_photo(self, session, clock, record):
        if record.get("_thumbnail"):
            session.add(ClockPhoto(record_id=clock.id, project_id=clock.project_id, thumbnail_encrypted=(
                self.vault.encrypt(base64.b64encode(record["_thumbnail"]).decode()))))

    @staticmethod
    def _photos_of(session, record_ids) -> set:
        if not record_ids:
            return set()
        return set(session.scalars(select(ClockPhoto.record_id).where(ClockPhoto.record_id.in_(list(record_ids)))))
