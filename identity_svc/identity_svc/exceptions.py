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
