"""The 人脸采集 and identification entrypoints; IdentityService provides db, outbox, vault, caller and
``_person_in_scope``.

Who may do what:
- ``enroll_face``: the authority and the system; an enterprise for the persons its scope covers (registered
  by it, or employed now); a site user for the persons registered for its project, on its site now (entered,
  not exited: siteaccess_svc's ``sites_of_person``) or confirmed there and awaiting entry (its
  ``projects_awaiting_person``), asked only when the record alone does not say.
- ``faces_of``: any staff role (有 / 无 and the date, nothing of the face itself).
- ``face_templates`` and ``identify_face``: system callers (attendance_svc building its matrix, a terminal's
  whitelist or a server-side identification) — a template is biometric data and a 1:N search over chosen
  candidates answers who a face is.
- ``face_photo``: system callers (attendance_svc sending a face to a terminal that wants the photo itself, as
  ZKTeco's BIOPHOTO). The photo is kept only where the installation says so (``FACE_KEEP_PHOTOS``, off by
  default): a JPEG at most 640 px, encrypted, replaced by the next enrolment (erased by one made with the
  setting off).
"""

import base64
import datetime as dt

import cv2
from nameko.dependency_providers import Config
from sqlalchemy import select

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM
from chassis.errors import Forbidden, InvalidInput
from chassis.events import utcnow
from chassis.messaging import RpcProxy, rpc
from identity_svc import domain
from identity_svc.exceptions import (
    EXPECTED,
    FaceNotEnrolled,
    FaceNotFound,
    FacePhotoNotKept,
    PersonNotFound,
    UnknownFace,
)
from identity_svc.faces import matching
from identity_svc.faces.engine import FaceEngineProvider
from identity_svc.faces.quality import check_quality, largest
from identity_svc.models import FaceTemplate, Person
from identity_svc.schemas import FaceEnrolledEventSchema

face_event_schema = FaceEnrolledEventSchema()
#: the most candidates one identification or one ``face_templates`` call takes
CANDIDATE_BOUND = 20_000
#: a kept photo's longest side: enough for a person to judge it and a terminal to enrol it, small enough to keep
PHOTO_SIDE = 640


def kept_photo(picture) -> bytes:
    """The photo as it is kept: a JPEG whose longest side is at most PHOTO_SIDE."""
    height, width = picture.shape[:2]
    scale = min(1.0, PHOTO_SIDE / max(height, width))
    if scale < 1:
        picture = cv2.resize(picture, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()


def person_ids_of(person_ids, bound=CANDIDATE_BOUND):
    if not isinstance(person_ids, list | tuple) or len(person_ids) > bound \
            or not all(isinstance(person_id, int) and not isinstance(person_id, bool) for person_id in person_ids):
        raise InvalidInput(f"person_ids: a list of at most {bound} ids", fields={"person_ids": "INVALID"})
    return list(dict.fromkeys(person_ids))


def fraction(value, name):
    """A similarity limit between -1 and 1, or the refusal naming its field."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not -1 <= value <= 1:
        raise InvalidInput(f"{name}: a number from -1 to 1", fields={name: "OUT_OF_RANGE"})
    return float(value)


def iso(moment):
    """ISO 8601 with the offset (SQLite keeps no time zone: its times are UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()


def chunked(items, size=1_000):
    return (items[start:start + size] for start in range(0, len(items), size))


class TemplateCache:
    """Decrypted templates by person, kept while their version holds: an identification decrypts only what was
    enrolled since the last one. Process-wide, per service database."""

    def __init__(self):
        self.vectors = {}

    def get(self, person_id, version):
        held = self.vectors.get(person_id)
        return held[1] if held is not None and held[0] == version else None

    def put(self, person_id, version, vector):
        self.vectors[person_id] = (version, vector)


_caches: dict = {}


def cache_for(database_url) -> TemplateCache:
    return _caches.setdefault(str(database_url), TemplateCache())


class FaceEnrolment:
    """人脸采集 (enrolment with 核验), the list's 有/无, templates for the gates, 1:N identification."""

    faces = FaceEngineProvider()
    config = Config()
    siteaccess = RpcProxy("siteaccess_svc")

    @property
    def keep_photos(self) -> bool:
        return str(self.config.get("FACE_KEEP_PHOTOS") or "").strip().lower() in ("1", "true", "yes", "on")

    @rpc(expected_exceptions=EXPECTED)
    def enroll_face(self, person_id, image):
        """人脸采集: checks the photo (base64 JPEG or PNG, at most 4 MB) by the rules of ``faces.quality`` and
        keeps its template, encrypted, in place of any earlier one: ``{"person_id": 12, "enrolled": true,
        "enrolled_at": "2026-12-01T06:30:00+00:00", "version": 2, "quality": {"face_px": 140, "yaw": -3.1,
        "pitch": 12.0, "sharpness": 160.2, "brightness": 171.5, "det_score": 0.85}}``. Refusals name the rule:
        FACE_IMAGE_INVALID, FACE_NOT_FOUND, FACE_MULTIPLE, FACE_TOO_SMALL, FACE_TOO_DARK, FACE_TOO_BRIGHT,
        FACE_NOT_FRONTAL, FACE_BLURRED, FACE_NOT_LIVE (liveness on); PERSON_NOT_FOUND, FORBIDDEN. The photo
        is kept (at most 640 px, encrypted) only where FACE_KEEP_PHOTOS is on."""
        caller = self.caller.require_known()
        if not isinstance(person_id, int) or isinstance(person_id, bool):
            raise InvalidInput("person_id: an id", fields={"person_id": "INVALID"})
        self._may_enrol(caller, person_id)
        template, quality, picture = self._checked_face(image)
        photo = self.vault.encrypt(base64.b64encode(kept_photo(picture)).decode()) if self.keep_photos else None
        with self.db.transaction() as session:
            if session.get(Person, person_id, with_for_update=True) is None:
                raise PersonNotFound(f"no person {person_id}")
            answer = self._keep_template(session, person_id, template, quality, caller, photo)
        cache_for(self.db.engine.url).put(person_id, answer["version"], template)
        return answer

    def _checked_face(self, image):
        """(template, quality, picture) of a photo that passes 人脸采集规范, or the refusal naming the rule."""
        engine = self.faces
        picture = engine.decode(image)
        analysed = engine.detect(picture)
        quality = check_quality(analysed.detections, picture, engine.settings.quality).as_dict()
        face = analysed.faces[0]
        live = engine.check_liveness(picture, face)
        if live is not None:
            quality["liveness"] = live
        return engine.embed(picture, face), quality, picture

    def _keep_template(self, session, person_id, template, quality, caller, photo_encrypted=None) -> dict:
        """The person's template, in place of any earlier one (``version`` bumped), and its ``face_enrolled``; in
        the caller's transaction, the person's row locked by it. The photo (encrypted, kept only where
        FACE_KEEP_PHOTOS is on) replaces the earlier one; none erases it."""
        stored = session.get(FaceTemplate, person_id)
        if stored is None:
            stored = FaceTemplate(person_id=person_id, version=0)
            session.add(stored)
        stored.version = (stored.version or 0) + 1
        stored.template_encrypted = self.vault.encrypt(matching.encode_template(template))
        stored.model_name = self.faces.settings.model_name
        stored.quality = quality
        stored.photo_encrypted = photo_encrypted if self.keep_photos else None
        stored.enrolled_at = utcnow()
        stored.enrolled_by_role, stored.enrolled_by_username = caller.role, caller.username
        stored.enrolled_by_enterprise_id, stored.enrolled_by_project_id = caller.enterprise_id, caller.project_id
        answer = {"person_id": person_id, "enrolled": True, "enrolled_at": iso(stored.enrolled_at),
                  "version": stored.version, "quality": quality}
        self.outbox.add("face_enrolled", face_event_schema.dump({
            **answer, "enrolled_by_role": caller.role, "project_id": caller.project_id}))
        return answer

    @rpc(expected_exceptions=EXPECTED)
    def faces_of(self, person_ids):
        """有 / 无 of the listed persons (at most 20,000 ids): ``[12, 40]`` → ``{"12": {"enrolled": true,
        "enrolled_at": "2026-12-01T06:30:00+00:00", "version": 1}, "40": {"enrolled": false, "enrolled_at":
        null, "version": null}}``; every id asked is answered."""
        self.caller.require_known()
        wanted = person_ids_of(person_ids)
        answer = {str(person_id): {"enrolled": False, "enrolled_at": None, "version": None} for person_id in wanted}
        for chunk in chunked(wanted):
            for person_id, enrolled_at, version in self.db.session.execute(
                    select(FaceTemplate.person_id, FaceTemplate.enrolled_at, FaceTemplate.version)
                    .where(FaceTemplate.person_id.in_(chunk))):
                answer[str(person_id)] = {"enrolled": True, "enrolled_at": iso(enrolled_at),
                                          "version": version}
        return answer

    @rpc(expected_exceptions=EXPECTED)
    def face_templates(self, person_ids):
        """The templates of the listed persons who have one (system callers only): ``[{"person_id": 12,
        "version": 2, "template": "<base64 of 512 float32 little-endian>"}]``, in the order asked."""
        self._require_system()
        wanted = person_ids_of(person_ids)
        vectors = self._templates(wanted)
        return [{"person_id": person_id, "version": version, "template": matching.encode_template(vector)}
                for person_id, (version, vector) in vectors.items()]

    @rpc(expected_exceptions=EXPECTED)
    def identify_face(self, image, person_ids, threshold=None, margin=None):
        """1:N among the candidates' templates (system callers only): the largest face of the photo against
        all of them in one matrix product. ``{"person_id": 12, "similarity": 0.63, "second_best": 0.17}``
        (``second_best`` -1.0 with one candidate); ``UNKNOWN_FACE`` when the best is below ``threshold``
        (FACE_MATCH_THRESHOLD, 0.45) or less than ``margin`` (FACE_MATCH_MARGIN, 0.05) above the second;
        FACE_NOT_FOUND, FACE_IMAGE_INVALID."""
        self._require_system()
        wanted = person_ids_of(person_ids)
        engine = self.faces
        threshold = engine.settings.match_threshold if threshold is None else fraction(threshold, "threshold")
        margin = engine.settings.match_margin if margin is None else fraction(margin, "margin")
        picture = engine.decode(image)
        analysed = engine.detect(picture)
        if not analysed.faces:
            raise FaceNotFound("no face in the photo")
        nearest = analysed.faces[analysed.detections.index(largest(analysed.detections))]
        probe = engine.embed(picture, nearest)
        candidates = self._templates(wanted)
        ids = list(candidates)
        row, similarity, second = matching.best_two(probe, matching.matrix_of([candidates[i][1] for i in ids]))
        figures = {"similarity": round(similarity, 4), "second_best": round(second, 4)}
        if row < 0 or not matching.accepted(similarity, second, threshold, margin):
            raise UnknownFace("no enrolled face matches", details={**figures, "threshold": threshold,
                                                                     "margin": margin})
        return {"person_id": ids[row], **figures}

    @rpc(expected_exceptions=EXPECTED)
    def face_photo(self, person_id):
        """The photo the person's face was enrolled from (system callers only), for a terminal that enrols the
        photo itself: ``{"person_id": 12, "version": 2, "jpeg_base64": "/9j/4AAQ…"}``. FACE_NOT_ENROLLED;
        FACE_PHOTO_NOT_KEPT where the installation keeps no photo (FACE_KEEP_PHOTOS off when it was enrolled)."""
        self._require_system()
        if not isinstance(person_id, int) or isinstance(person_id, bool):
            raise InvalidInput("person_id: an id", fields={"person_id": "INVALID"})
        stored = self.db.session.get(FaceTemplate, person_id)
        if stored is None:
            raise FaceNotEnrolled(f"person {person_id} has no face enrolled")
        if stored.photo_encrypted is None:
            raise FacePhotoNotKept(f"the photo of person {person_id}'s face is not kept")
        return {"person_id": person_id, "version": stored.version,
                "jpeg_base64": self.vault.decrypt(stored.photo_encrypted)}

    # -- helpers -----------------------------------------------------------------------------------------------

    def _require_system(self):
        caller = self.caller.require_known()
        if caller.role != SYSTEM:
            raise Forbidden("templates, photos and identification are for the platform's services")
        return caller

    def _may_enrol(self, caller, person_id):
        if caller.role in (AUTHORITY, SYSTEM):
            if self.db.session.get(Person, person_id) is None:
                raise PersonNotFound(f"no person {person_id}")
            return
        if caller.role not in (ENTERPRISE, SITE):
            raise Forbidden("this role may not enrol faces")
        person = self.db.session.get(Person, person_id)
        if person is None:
            raise PersonNotFound(f"no person {person_id}")
        if self._covers(domain.Scope.of(caller), person):
            return
        if caller.role == SITE and caller.project_id is not None and (
                any(site["project_id"] == caller.project_id for site in self._sites_of(person_id))
                or caller.project_id in self.siteaccess.projects_awaiting_person(person_id)):
            return
        raise Forbidden("this person is outside the caller's scope")

    def _sites_of(self, person_id):
        return self.siteaccess.sites_of_person(person_id)

    def _templates(self, person_ids):
        """``{person_id: (version, vector)}`` of those with a template, in the order asked; decrypting only
        what the process has not seen at that version."""
        cache = cache_for(self.db.engine.url)
        versions = {}
        for chunk in chunked(person_ids):
            versions.update(self.db.session.execute(
                select(FaceTemplate.person_id, FaceTemplate.version).where(FaceTemplate.person_id.in_(chunk))).all())
        missing = [person_id for person_id, version in versions.items() if cache.get(person_id, version) is None]
        for chunk in chunked(missing):
            for person_id, version, sealed in self.db.session.execute(
                    select(FaceTemplate.person_id, FaceTemplate.version, FaceTemplate.template_encrypted)
                    .where(FaceTemplate.person_id.in_(chunk))):
                cache.put(person_id, version, matching.decode_template(self.vault.decrypt(sealed)))
        return {person_id: (versions[person_id], cache.get(person_id, versions[person_id]))
                for person_id in person_ids if person_id in versions}
