"""Refusals of attendance_svc (their words, zh-CN and en, are in gateway/gateway/messages.py)."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class ProjectNotFound(ServiceError):
    code = "PROJECT_NOT_FOUND"


class DeviceNotFound(ServiceError):
    """No device of that id (or one retired) in the caller's scope."""

    code = "DEVICE_NOT_FOUND"


class DeviceSerialTaken(ServiceError):
    """A device in service already has this serial number; ``details.device_id`` names it."""

    code = "DEVICE_SERIAL_TAKEN"


class DeviceUnknown(ServiceError):
    """A device request names a serial no device in service has."""

    code = "DEVICE_UNKNOWN"


class DeviceSignatureInvalid(ServiceError):
    """A device request whose HMAC does not match its device's secret (or is missing)."""

    code = "DEVICE_SIGNATURE_INVALID"


class DeviceRequestStale(ServiceError):
    """A device request whose timestamp is further from the platform's clock than the window allows."""

    code = "DEVICE_REQUEST_STALE"


class DeviceNotConnected(ServiceError):
    """对账 from the device itself, of a device the platform cannot call (no ISAPI address)."""

    code = "DEVICE_NOT_CONNECTED"


class DeviceUnreachable(ServiceError):
    """The platform could not reach the device's address (no connection, or no answer in time)."""

    code = "DEVICE_UNREACHABLE"


class DeviceLoginRefused(ServiceError):
    """The device refused the username or password the platform holds for it."""

    code = "ISAPI_UNAUTHORIZED"


class DeviceHistoryUnsupported(ServiceError):
    """The device cannot hand over its history (its firmware answers notSupport): paste it instead."""

    code = "DEVICE_HISTORY_UNSUPPORTED"


class DeviceRefused(ServiceError):
    """The device refused the platform's request; ``details.reason`` is its own code (``ISAPI deviceBusy``)."""

    code = "DEVICE_REFUSED"


class DeviceRequestReplayed(ServiceError):
    """A device request whose nonce this device already used within the window."""

    code = "DEVICE_REQUEST_REPLAYED"


class DeviceRequestUnknown(ServiceError):
    """A device request to a method and path the device API does not have."""

    code = "DEVICE_REQUEST_UNKNOWN"


class NotOnSite(ServiceError):
    """Clocking in, or a card for, a person who is not on the project's site (entered and not exited)."""

    code = "NOT_ON_SITE"


class CardNumberTaken(ServiceError):
    """The attendance card number is another person's on this project; ``details.person_id`` names them."""

    code = "CARD_NUMBER_TAKEN"


class CardNotFound(ServiceError):
    """Withdrawing the card of a person who holds none on the project."""

    code = "CARD_NOT_FOUND"


EXPECTED = (InvalidInput, Forbidden, ProjectNotFound, DeviceNotFound, DeviceSerialTaken, DeviceUnknown,
            DeviceSignatureInvalid, DeviceRequestStale, DeviceRequestReplayed, DeviceRequestUnknown, NotOnSite,
            CardNumberTaken, CardNotFound, DeviceNotConnected, DeviceUnreachable, DeviceLoginRefused,
            DeviceHistoryUnsupported, DeviceRefused)

#: why a clock record was refused (each record of an upload has its own outcome; these are not raised)
NOT_ON_SITE = NotOnSite.code
UNKNOWN_FACE = "UNKNOWN_FACE"
UNKNOWN_CARD = "UNKNOWN_CARD"
UNKNOWN_CODE = "UNKNOWN_CODE"
#: a duplicate's reason: the same person clocked within CLOCK_REPEAT_SECONDS (the record is kept, not counted)
REPEATED = "REPEATED"


# -- 补卡 -------------------------------------------------------------------------------------------------------

class CorrectionNotFound(ServiceError):
    """No 补卡 application of that id in the caller's project."""

    code = "CORRECTION_NOT_FOUND"


class CorrectionDecided(ServiceError):
    """The 补卡 application was approved or rejected already."""

    code = "CORRECTION_DECIDED"


class OwnCorrection(ServiceError):
    """A site user approving or rejecting their own 补卡 application: another site user decides."""

    code = "CORRECTION_OWN_APPLICATION"


CORRECTION_EXPECTED = EXPECTED + (CorrectionNotFound, CorrectionDecided, OwnCorrection)


class PhotoNotFound(ServiceError):
    """No photo was kept of that clock record (none came with it, or the installation keeps none)."""

    code = "PHOTO_NOT_FOUND"
