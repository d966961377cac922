"""Refusals of identity_svc; each ``code`` is a stable error the gateway maps."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class InvalidIdDocument(InvalidInput):
    """ID document fields that cannot be true (check digit, birth date, gender …)."""

    code = "INVALID_ID_DOCUMENT"


class PersonNotFound(ServiceError):
    code = "PERSON_NOT_FOUND"


class VerifiedFieldLocked(ServiceError):
    """Document data of a verified record comes from the card and cannot be typed over."""

    code = "VERIFIED_FIELD_LOCKED"


EXPECTED = (InvalidInput, InvalidIdDocument, PersonNotFound, VerifiedFieldLocked, Forbidden)


class InvalidManagerProfile(InvalidInput):
    """管理人员登记 fields that cannot be true together (dates out of order, a phone that cannot be dialled …);
    ``fields`` by path: ``education.2.ends_on``."""

    code = "INVALID_MANAGER_PROFILE"


class PersonDocumentNotFound(ServiceError):
    code = "PERSON_DOCUMENT_NOT_FOUND"


class DocumentTypeNotAllowed(ServiceError):
    """A file that is not what its kind accepts (JPEG or PNG photos; JPEG, PNG or PDF attachments), by its
    first bytes, whatever its name or declared type says. ``details``: ``{"allowed": ["image/jpeg", …]}``."""

    code = "PERSON_DOCUMENT_TYPE_NOT_ALLOWED"


class DocumentTooLarge(ServiceError):
    """``details``: ``{"max_bytes": 10485760}``."""

    code = "PERSON_DOCUMENT_TOO_LARGE"


EXPECTED = EXPECTED + (InvalidManagerProfile, PersonDocumentNotFound, DocumentTypeNotAllowed, DocumentTooLarge)


# -- 人脸采集 and identification -------------------------------------------------------------------------------


# Each refusal of a photo carries ``messages``: (中文, English), the words the user reads, naming the rule (the
# gateway's table, gateway/gateway/messages.py, says the same; a test keeps them equal).


class FaceImageInvalid(ServiceError):
    """Not a JPEG or PNG image that decodes, or larger than the limit (``details``: ``{"max_bytes"}``)."""

    code = "FACE_IMAGE_INVALID"
    messages = ("照片无法识别：请上传不超过4MB的JPG或PNG图片", "The photo cannot be read: upload a JPG or PNG image of "
                "at most 4 MB.")


class FaceNotFound(ServiceError):
    code = "FACE_NOT_FOUND"
    messages = ("照片中未检测到人脸，请正对镜头重新拍摄", "No face was found in the photo; take it again facing the "
                "camera.")


class FaceMultiple(ServiceError):
    code = "FACE_MULTIPLE"
    messages = ("照片中有多张人脸，请只拍摄本人", "There is more than one face in the photo; photograph the person "
                "alone.")


class FaceTooSmall(ServiceError):
    code = "FACE_TOO_SMALL"
    messages = ("人脸太小，请靠近镜头，使面部占照片高度的五分之一以上",
                "The face is too small; come closer so that it fills at least a fifth of the photo's height.")


class FaceNotFrontal(ServiceError):
    code = "FACE_NOT_FRONTAL"
    messages = ("人脸不是正面，请正对镜头、不要侧脸、低头或仰头", "The face is not frontal; look straight at the "
                "camera without turning, lowering or raising the head.")


class FaceBlurred(ServiceError):
    code = "FACE_BLURRED"
    messages = ("照片模糊，请保持稳定、对焦后重新拍摄", "The photo is blurred; hold still and focus before taking "
                "it again.")


class FaceTooDark(ServiceError):
    code = "FACE_TOO_DARK"
    messages = ("照片太暗，请在光线充足处重新拍摄", "The photo is too dark; take it again in good light.")


class FaceTooBright(ServiceError):
    code = "FACE_TOO_BRIGHT"
    messages = ("照片过亮，请避免强光直射后重新拍摄", "The photo is too bright; avoid strong direct light and take "
                "it again.")


class FaceNotLive(ServiceError):
    code = "FACE_NOT_LIVE"
    messages = ("活体检测未通过，请本人正对镜头拍摄，不要使用照片或屏幕翻拍", "The liveness check failed: the person "
                "must face the camera themselves, not a photo or a screen.")


class UnknownFace(ServiceError):
    """No candidate's template is similar enough, or the best is too close to the second best
    (``details``: ``{"similarity", "second_best", "threshold", "margin"}``)."""

    code = "UNKNOWN_FACE"
    messages = ("未能识别此人脸，请确认已采集人脸或重新拍摄", "The face was not recognised; check that the person's "
                "face is enrolled, or take the photo again.")


class FaceEngineUnavailable(ServiceError):
    """The face models are not installed where the configuration says (or liveness is on without its model):
    the engine does not start, and insightface is never left to download anything."""

    code = "FACE_ENGINE_UNAVAILABLE"
    messages = ("人脸识别服务暂不可用，请联系管理员安装人脸模型", "Face recognition is not available; ask the "
                "administrator to install the face models.")


class FaceNotEnrolled(ServiceError):
    """``face_photo`` of a person who has no face enrolled."""

    code = "FACE_NOT_ENROLLED"
    messages = ("此人尚未采集人脸，请先采集", "This person has no face enrolled; enrol the face first.")


class FacePhotoNotKept(ServiceError):
    """``face_photo`` where the installation keeps no photo (FACE_KEEP_PHOTOS off when the face was enrolled):
    a terminal that wants the photo itself gets it once the face is enrolled again with the setting on."""

    code = "FACE_PHOTO_NOT_KEPT"
    messages = ("未保存此人的人脸照片，无法下发到需要照片的考勤机；请开启人脸照片保存后重新采集",
                "The face photo is not kept, so it cannot go to a terminal that needs the photo; keep face photos "
                "and enrol the face again.")


FACE_REFUSALS = (FaceImageInvalid, FaceNotFound, FaceMultiple, FaceTooSmall, FaceNotFrontal, FaceBlurred,
                 FaceTooDark, FaceTooBright, FaceNotLive, UnknownFace, FaceEngineUnavailable)

EXPECTED = EXPECTED + FACE_REFUSALS + (FaceNotEnrolled, FacePhotoNotKept)
