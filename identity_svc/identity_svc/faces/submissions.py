"""A worker's own face photo from the mobile page, for a site to accept (issue 10: "a worker can take their own on
the mobile page, for the site to accept").

The photo is checked by the same rules as 人脸采集 when the worker sends it, so a photo that cannot pass is refused
on the phone, naming the rule. What passes waits (待审核) with its template; a site that may enrol the person
looks at the photo and accepts it (the template becomes the person's, as 采集 would make it) or sends it back with
a reason the worker reads. The photo is erased at the decision; a new submission replaces one still waiting.
"""

import base64

from chassis.errors import InvalidInput, ServiceError
from chassis.events import utcnow
from chassis.messaging import rpc
from identity_svc.exceptions import EXPECTED, PersonNotFound
from identity_svc.faces import matching
from identity_svc.faces.entrypoints import cache_for, iso, kept_photo, person_ids_of
from identity_svc.models import FaceSubmission, FaceTemplate, Person

PENDING, ACCEPTED, REJECTED, REPLACED = "pending", "accepted", "rejected", "replaced"
REASON_LENGTH = 200


class FaceSubmissionNotFound(ServiceError):
    code = "FACE_SUBMISSION_NOT_FOUND"
    messages = ("未找到该人脸照片", "No such face photo.")


class FaceSubmissionDecided(ServiceError):
    code = "FACE_SUBMISSION_DECIDED"
    messages = ("该人脸照片已审核，请刷新后查看", "This face photo has been decided already; reload and look again.")


SUBMISSION_EXPECTED = EXPECTED + (FaceSubmissionNotFound, FaceSubmissionDecided)


def submission_view(submission: FaceSubmission | None) -> dict | None:
    if submission is None:
        return None
    return {"id": submission.id, "person_id": submission.person_id, "state": submission.state,
            "submitted_at": iso(submission.submitted_at), "decided_at": iso(submission.decided_at),
            "reason": submission.reason, "quality": submission.quality}


class FaceSubmissions:
    """The worker's 上传人脸照片 and the site's 审核; IdentityService provides db, outbox, vault, caller, faces and
    FaceEnrolment's ``_checked_face``, ``_keep_template`` and ``_may_enrol``."""

    @rpc(expected_exceptions=SUBMISSION_EXPECTED)
    def submit_own_face(self, image):
        """The worker's own photo (base64 JPEG or PNG): refused naming the rule as 人脸采集 would be, else waiting
        for the site → ``{"id", "person_id", "state": "pending", "submitted_at", "quality", …}``."""
        person_id = self._worker_person()
        template, quality, picture = self._checked_face(image)
        now = utcnow()
        with self.db.transaction() as session:
            if session.get(Person, person_id, with_for_update=True) is None:
                raise PersonNotFound(f"no person {person_id}")
            for earlier in session.query(FaceSubmission).filter_by(person_id=person_id, state=PENDING):
                earlier.state, earlier.decided_at = REPLACED, now
                earlier.photo_encrypted = earlier.template_encrypted = None
            submission = FaceSubmission(
                person_id=person_id, state=PENDING, quality=quality, submitted_at=now,
                photo_encrypted=self.vault.encrypt(base64.b64encode(kept_photo(picture)).decode()),
                template_encrypted=self.vault.encrypt(matching.encode_template(template)))
            session.add(submission)
            session.flush()
            answer = submission_view(submission)
        return answer

    @rpc(expected_exceptions=SUBMISSION_EXPECTED)
    def my_face(self):
        """The worker's 人脸: ``{"enrolled", "enrolled_at", "submission": {state, submitted_at, decided_at,
        reason …} or null}`` (the latest submission, whatever became of it)."""
        person_id = self._worker_person()
        session = self.db.session
        template = session.get(FaceTemplate, person_id)
        latest = session.query(FaceSubmission).filter(
            FaceSubmission.person_id == person_id, FaceSubmission.state != REPLACED).order_by(
            FaceSubmission.id.desc()).first()
        return {"enrolled": template is not None, "enrolled_at": iso(template.enrolled_at) if template else None,
                "submission": submission_view(latest)}

    @rpc(expected_exceptions=SUBMISSION_EXPECTED)
    def face_submissions(self, person_ids):
        """The photos waiting (待审核) of the listed persons: ``{str(person_id): {"id", "submitted_at", …}}``."""
        self.caller.require_known()  # staff: a worker reads their own with my_face
        wanted = person_ids_of(person_ids)
        waiting = self.db.session.query(FaceSubmission).filter(
            FaceSubmission.person_id.in_(wanted), FaceSubmission.state == PENDING) if wanted else []
        return {str(submission.person_id): submission_view(submission) for submission in waiting}

    @rpc(expected_exceptions=SUBMISSION_EXPECTED)
    def face_submission_photo(self, submission_id):
        """The waiting photo, for whoever may enrol the person: ``{"id", "person_id", "jpeg_base64"}``."""
        submission = self._submission(submission_id)
        self._may_enrol(self.caller.require_known(), submission.person_id)
        if submission.state != PENDING or submission.photo_encrypted is None:
            raise FaceSubmissionDecided("the photo was decided and is not kept")
        return {"id": submission.id, "person_id": submission.person_id,
                "jpeg_base64": self.vault.decrypt(submission.photo_encrypted)}

    @rpc(expected_exceptions=SUBMISSION_EXPECTED)
    def decide_face_submission(self, submission_id, accept, reason=None):
        """审核: ``accept`` makes the photo's template the person's face (``face_enrolled``, as 采集 would);
        otherwise 退回 with ``reason`` (required), which the worker reads. Either way the photo is erased from
        the submission (accepted, it becomes the face's kept photo where FACE_KEEP_PHOTOS is on).
        FACE_SUBMISSION_DECIDED when it was decided (or replaced) already."""
        caller = self.caller.require_known()
        if not isinstance(accept, bool):
            raise InvalidInput("accept: true or false", fields={"accept": "INVALID"})
        reason = (reason or "").strip() or None
        if not accept and reason is None:
            raise InvalidInput("a reason is required", fields={"reason": "REASON_REQUIRED"})
        if reason is not None and len(reason) > REASON_LENGTH:
            raise InvalidInput("the reason is too long", fields={"reason": "TOO_LONG"})
        submission = self._submission(submission_id)
        self._may_enrol(caller, submission.person_id)
        template = None
        with self.db.transaction() as session:
            if session.get(Person, submission.person_id, with_for_update=True) is None:
                raise PersonNotFound(f"no person {submission.person_id}")
            submission = session.get(FaceSubmission, submission.id, populate_existing=True)
            if submission.state != PENDING:
                raise FaceSubmissionDecided(f"the photo is {submission.state}")
            answer = None
            if accept:
                template = matching.decode_template(self.vault.decrypt(submission.template_encrypted))
                answer = self._keep_template(session, submission.person_id, template, submission.quality, caller,
                                             submission.photo_encrypted)
            submission.state = ACCEPTED if accept else REJECTED
            submission.decided_at, submission.reason = utcnow(), reason
            submission.decided_by_username, submission.decided_by_project_id = caller.username, caller.project_id
            submission.photo_encrypted = submission.template_encrypted = None
            decided = submission_view(submission)
        if template is not None:
            cache_for(self.db.engine.url).put(submission.person_id, answer["version"], template)
        return {**decided, "face": answer}

    def _worker_person(self) -> int:
        return self.caller.require_worker().person_id

    def _submission(self, submission_id) -> FaceSubmission:
        if not isinstance(submission_id, int) or isinstance(submission_id, bool):
            raise InvalidInput("submission_id: an id", fields={"submission_id": "INVALID"})
        submission = self.db.session.get(FaceSubmission, submission_id)
        if submission is None:
            raise FaceSubmissionNotFound(f"no face submission {submission_id}")
        return submission
