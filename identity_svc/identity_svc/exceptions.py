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
