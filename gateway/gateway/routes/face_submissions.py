"""The worker's own face photo (上传人脸照片 on the mobile page) and the site's 审核 of it: accepted, it is the
person's face as 人脸采集 would make it; sent back, the worker reads why. identity_svc checks the photo by the
rules of 人脸采集 when it is sent, and who may see and decide it (the sites that may enrol the person)."""

import base64
import io

from flask import send_file
from flask_smorest import Blueprint

from chassis.caller import SITE, WORKER
from gateway.attendance_schemas import (
    FacePhotoSchema,
    FaceSubmissionDecidedSchema,
    FaceSubmissionDecisionSchema,
    FaceSubmissionSchema,
    MyFaceSchema,
)
from gateway.auth import AUTHORITY, requires
from gateway.routes import services
from gateway.routes.attendance import own_site, photo_of_request

blp = Blueprint("face_submissions", __name__, url_prefix="/api/v1/projects",
                description="审核 of the face photos workers sent from their phones")
worker_blp = Blueprint("my_face", __name__, url_prefix="/api/v1/me/face",
                       description="The worker's own face photo, for the site to accept")

PHOTO_BODY = {"content": {
    "application/json": {"schema": FacePhotoSchema},
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                "format": "binary"}}}},
}}


@worker_blp.route("")
@requires(WORKER)
@worker_blp.response(200, MyFaceSchema)
def my_face():
    """我的人脸: whether the face is enrolled, and the latest photo sent with what became of it (待审核 / 已通过 /
    退回 with the reason)."""
    with services() as rpc:
        return rpc.identity_svc.my_face()


@worker_blp.route("", methods=["POST"])
@requires(WORKER)
@worker_blp.arguments(FacePhotoSchema, required=False)
@worker_blp.doc(requestBody=PHOTO_BODY)
@worker_blp.response(201, FaceSubmissionSchema)
def submit_my_face(body):
    """上传人脸照片: the worker's own photo (multipart ``file`` or JSON ``{"image": base64}``, JPEG or PNG ≤ 4 MB),
    refused naming the rule of 人脸采集 it fails (422 FACE_MULTIPLE, FACE_TOO_SMALL …), else 待审核 until a site
    accepts it; a new one replaces one still waiting."""
    image = photo_of_request(body)
    with services() as rpc:
        return rpc.identity_svc.submit_own_face(image)


@blp.route("/<int:project_id>/face-submissions/<int:submission_id>/photo")
@requires(SITE, AUTHORITY)
@blp.response(200, description="the photo, image/jpeg")
def face_submission_photo(project_id, submission_id):
    """The photo waiting for 审核 (its longest side at most 640 px), for a site that may enrol the person."""
    own_site(project_id)
    with services() as rpc:
        shown = rpc.identity_svc.face_submission_photo(submission_id)
    response = send_file(io.BytesIO(base64.b64decode(shown["jpeg_base64"])), mimetype="image/jpeg",
                         download_name=f"face-{submission_id}.jpg")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.route("/<int:project_id>/face-submissions/<int:submission_id>", methods=["POST"])
@requires(SITE)
@blp.arguments(FaceSubmissionDecisionSchema)
@blp.response(200, FaceSubmissionDecidedSchema)
def decide_face_submission(decision, project_id, submission_id):
    """审核: ``{"accept": true}`` makes the photo the person's face; ``{"accept": false, "reason": "戴了帽子"}``
    sends it back (reason required). 409 FACE_SUBMISSION_DECIDED when decided already."""
    own_site(project_id, write=True)
    with services() as rpc:
        return rpc.identity_svc.decide_face_submission(submission_id, decision["accept"], decision.get("reason"))

