"""Rules of the real-name record, in plain Python.

Field problems are reported as codes (``ID_NUMBER_CHECK_DIGIT`` …) keyed by
field name; the gateway turns codes into words in the user's language.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from stdnum.cn import ric

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller
from chassis.pii import normalise_phone
from identity_svc.exceptions import InvalidIdDocument, VerifiedFieldLocked
from identity_svc.reference import (
    ETHNICITIES,
    FEMALE,
    GENDERS,
    ID_DOCUMENT_TYPES,
    MALE,
    RESIDENT_ID_CARD,
)

_OTHER_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9()（）-]{5,30}$")


@dataclass(frozen=True)
class IdDocument:
    """证件信息 — what an ID document says about its holder."""

    id_type: str
    id_number: str
    name: str
    gender: str | None = None
    ethnicity: str | None = None
    birth_date: dt.date | None = None
    address: str | None = None
    issuing_authority: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None  # None: 长期 (valid for life)


@dataclass(frozen=True)
class Registrant:
    """Who put a record on the platform; it decides who else may see it."""

    role: str
    username: str
    enterprise_id: int | None = None
    project_id: int | None = None

    @classmethod
    def of(cls, caller: Caller):
        return cls(caller.role, caller.username, caller.enterprise_id, caller.project_id)


def normalise_id_number(raw: str | None) -> str:
    return (raw or "").strip().replace(" ", "").upper()


def resident_id_problems(number: str) -> tuple[str | None, dt.date | None, str | None]:
    """Checks a 居民身份证 number part by part: (problem code, birth date, gender)."""
    if len(number) != 18:
        return "ID_NUMBER_LENGTH", None, None
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "ID_NUMBER_FORMAT", None, None
    try:
        birth_date = ric.get_birth_date(number)
    except ric.InvalidComponent:
        return "ID_NUMBER_BIRTH_DATE", None, None
    if birth_date > dt.date.today() or birth_date.year < 1900:
        return "ID_NUMBER_BIRTH_DATE", None, None
    try:
        ric.get_birth_place(number)
    except ric.InvalidComponent:
        return "ID_NUMBER_REGION", None, None
    if ric.calc_check_digit(number) != number[17]:
        return "ID_NUMBER_CHECK_DIGIT", None, None
    gender = MALE if int(number[16]) % 2 == 1 else FEMALE
    return None, birth_date, gender


def check_id_document(document: IdDocument) -> IdDocument:
    """Returns the document with derived fields filled in, or raises with every problem found."""
    problems = {}
    number = normalise_id_number(document.id_number)
    name = (document.name or "").strip()
    gender, birth_date = document.gender, document.birth_date

    if document.id_type not in ID_DOCUMENT_TYPES:
        problems["id_type"] = "UNKNOWN_ID_TYPE"
    if not number:
        problems["id_number"] = "REQUIRED"
    elif document.id_type == RESIDENT_ID_CARD:
        problem, derived_birth_date, derived_gender = resident_id_problems(number)
        if problem:
            problems["id_number"] = problem
        else:
            if gender and gender != derived_gender:
                problems["gender"] = "GENDER_MISMATCH"
            if birth_date and birth_date != derived_birth_date:
                problems["birth_date"] = "BIRTH_DATE_MISMATCH"
            gender, birth_date = derived_gender, derived_birth_date
    elif not _OTHER_DOCUMENT_NUMBER.match(number):
        problems["id_number"] = "ID_NUMBER_FORMAT"

    if not name:
        problems["name"] = "REQUIRED"
    elif len(name) > 50:
        problems["name"] = "TOO_LONG"
    if gender is not None and gender not in GENDERS:
        problems["gender"] = "UNKNOWN_GENDER"
    if birth_date is None and not {"id_number", "id_type"} & problems.keys():
        problems["birth_date"] = "REQUIRED"
    elif birth_date is not None and birth_date > dt.date.today():
        problems["birth_date"] = "DATE_IN_FUTURE"
    if document.ethnicity is not None and document.ethnicity not in ETHNICITIES:
        problems["ethnicity"] = "UNKNOWN_ETHNICITY"
    if (
        document.valid_from is not None
        and document.valid_until is not None
        and document.valid_until < document.valid_from
    ):
        problems["valid_until"] = "VALIDITY_ENDS_BEFORE_START"

    if problems:
        raise InvalidIdDocument("the ID document is not valid", fields=problems)
    return replace(document, id_number=number, name=name, gender=gender, birth_date=birth_date)


def check_phone(phone: str | None) -> str | None:
    try:
        return normalise_phone(phone)
    except ValueError:
        raise InvalidIdDocument("the phone number is not valid", fields={"phone": "PHONE_FORMAT"}) from None


def in_scope(caller: Caller, registrant: Registrant) -> bool:
    """Whether ``caller`` may see a record in full.

    The authority sees every record of its platform. An enterprise sees the
    records it registered, a site the records registered for its project.
    (Employment and site rosters widen this in later services.)
    """
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    if caller.role == ENTERPRISE:
        return caller.enterprise_id is not None and caller.enterprise_id == registrant.enterprise_id
    if caller.role == SITE:
        return caller.project_id is not None and caller.project_id == registrant.project_id
    return False


def may_look_up(caller: Caller) -> bool:
    """Exact lookup by ID number is the employer's and the site's first step (manual 001)."""
    return caller.role in (AUTHORITY, SYSTEM, ENTERPRISE, SITE)


def may_register(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM, ENTERPRISE, SITE)


#: Fields that come from the ID document; fixed once the record is verified.
DOCUMENT_FIELDS = ("name", "ethnicity", "address", "issuing_authority", "valid_from", "valid_until")
EDITABLE_FIELDS = DOCUMENT_FIELDS + ("phone",)


@dataclass
class ChangeSet:
    values: dict = field(default_factory=dict)

    @property
    def changed_fields(self):
        return sorted(self.values)


def plan_update(current: dict, requested: dict, verified: bool) -> ChangeSet:
    """Which requested changes apply; refuses document changes on a verified record."""
    changes = ChangeSet()
    for name, value in requested.items():
        if name not in EDITABLE_FIELDS or current.get(name) == value:
            continue
        if verified and name in DOCUMENT_FIELDS:
            raise VerifiedFieldLocked(
                "document data of a verified record cannot be changed", fields={name: "VERIFIED_FIELD_LOCKED"}
            )
        changes.values[name] = value
    if "name" in changes.values and not (changes.values["name"] or "").strip():
        raise InvalidIdDocument("name is required", fields={"name": "REQUIRED"})
    if "ethnicity" in changes.values and changes.values["ethnicity"] not in (None, *ETHNICITIES):
        raise InvalidIdDocument("unknown ethnicity", fields={"ethnicity": "UNKNOWN_ETHNICITY"})
    valid_from = changes.values.get("valid_from", current.get("valid_from"))
    valid_until = changes.values.get("valid_until", current.get("valid_until"))
    if valid_from and valid_until and valid_until < valid_from:
        raise InvalidIdDocument("validity ends before it starts", fields={"valid_until": "VALIDITY_ENDS_BEFORE_START"})
    if "phone" in changes.values:
        changes.values["phone"] = check_phone(changes.values["phone"])
    return changes
