"""Rules of the real-name record, in plain Python.

Field problems are reported as codes (``ID_NUMBER_CHECK_DIGIT`` …) keyed by
field name; the gateway turns codes into words in the user's language.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, false, or_, select, true
from stdnum import numdb
from stdnum.cn import ric

from chassis import days
from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, WORKER, Caller
from chassis.errors import InvalidInput
from chassis.pii import normalise_id_number, normalise_phone
from identity_svc.exceptions import InvalidIdDocument, VerifiedFieldLocked
from identity_svc.reference import (
    DISABILITY_CARD,
    ETHNICITIES,
    EXIT_ENTRY_PERMIT_HK_MACAO,
    FEMALE,
    FOREIGNER_PERMANENT_RESIDENCE_CARD,
    GENDERS,
    HK_MACAO_HOME_RETURN_CERTIFICATE,
    HK_MACAO_RESIDENTS_PERMIT,
    HONG_KONG_IDENTITY_CARD,
    ID_DOCUMENT_TYPES,
    MALE,
    MILITARY_DOCUMENTS,
    PASSPORT,
    RESIDENCE_PERMIT_HK_MACAO_TAIWAN,
    RESIDENT_ID_CARD,
    TAIWAN_RESIDENTS_PERMIT,
    TRAVEL_PERMIT_TO_TAIWAN,
)

# -- GB 11643 numbers: 居民身份证, 港澳台居民居住证, 外国人永久居留身份证 ----------------------------------


@functools.cache
def _regions():
    return numdb.get("cn/loc")


def region_ever_existed(code: str) -> bool:
    """Whether ``code`` is, or ever was, a region of GB/T 2260 (python-stdnum's table lists every code with the
    years it was in force).

    A number carries the region where it was *assigned*, which may be a
    district created long after its holder's birth (python-stdnum refuses
    those: its own rule wants the region in force in the birth year).
    """
    if len(code) != 6 or not code.isdigit():
        return False
    *_, (_, county) = _regions().info(code)  # (province, {…}), (county part, {"county": names} or {})
    return "county" in county


#: 港澳台居民居住证: the region part of every permit number
PERMIT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}


@dataclass(frozen=True)
class Derived:
    """What a number says about its holder."""

    birth_date: dt.date | None = None
    gender: str | None = None


def _gb11643_problem(number: str) -> tuple[str | None, Derived]:
    """The parts every GB 11643 number shares: 17 digits, a birth date, a MOD 11-2 check digit."""
    if len(number) != 18:
        return "ID_NUMBER_LENGTH", Derived()
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "ID_NUMBER_FORMAT", Derived()
    try:
        birth_date = ric.get_birth_date(number)
    except ric.InvalidComponent:
        return "ID_NUMBER_BIRTH_DATE", Derived()
    if birth_date > days.today() or birth_date.year < 1900:
        return "ID_NUMBER_BIRTH_DATE", Derived()
    if ric.calc_check_digit(number) != number[17]:
        return "ID_NUMBER_CHECK_DIGIT", Derived()
    return None, Derived(birth_date, MALE if int(number[16]) % 2 == 1 else FEMALE)


def resident_id_problem(number: str) -> tuple[str | None, Derived]:
    """居民身份证: 6-digit region, birth date, sequence (odd for men), check digit."""
    problem, derived = _gb11643_problem(number)
    if problem in ("ID_NUMBER_LENGTH", "ID_NUMBER_FORMAT", "ID_NUMBER_BIRTH_DATE"):
        return problem, derived
    # the number of another card typed as a resident's: say which card it is
    if number[:6] in PERMIT_REGIONS:
        return "ID_NUMBER_IS_RESIDENCE_PERMIT", Derived()
    if number.startswith("9") and problem is None:
        return "ID_NUMBER_IS_FOREIGNER_CARD", Derived()
    if not region_ever_existed(number[:6]):
        return "ID_NUMBER_REGION", Derived()
    return problem, derived


def residence_permit_problem(number: str) -> tuple[str | None, Derived]:
    """港澳台居民居住证: a GB 11643 number whose region is 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan)."""
    if len(number) == 18 and number[:6] not in PERMIT_REGIONS:
        return "RESIDENCE_PERMIT_REGION", Derived()
    return _gb11643_problem(number)


_OLD_FOREIGNER_CARD = re.compile(r"^[A-Z]{3}\d{12}$")


def foreigner_card_problem(number: str) -> tuple[str | None, Derived]:
    """外国人永久居留身份证.

    The card issued since 1 December 2023 has an 18-character GB 11643
    number: ``9``, the issuing province, a 3-digit nationality code, the
    birth date, a sequence and the MOD 11-2 check digit. The older cards
    (2004 and 2017 layouts, still valid until they expire) carry 15
    characters: 3 Latin letters of the nationality and 12 digits; their inner
    layout and check character are not published, so only that shape is
    checked and the birth date must be typed.
    """
    if len(number) == 15:
        return (None if _OLD_FOREIGNER_CARD.match(number) else "FOREIGNER_CARD_NUMBER_FORMAT"), Derived()
    if len(number) != 18 or not number.startswith("9"):
        return "FOREIGNER_CARD_NUMBER_FORMAT", Derived()
    return _gb11643_problem(number)


def disability_card_problem(number: str) -> tuple[str | None, Derived]:
    """残疾人证 (second generation): the holder's resident ID number, the disability category (1–7) and grade
    (1–4)."""
    if not re.fullmatch(r"\d{17}[\dX][1-7][1-4]", number):
        return "DISABILITY_CARD_NUMBER_FORMAT", Derived()
    return resident_id_problem(number[:18])


# -- 香港身份证 ---------------------------------------------------------------------------------------

_HKID = re.compile(r"^([A-Z]{1,2})(\d{6})([0-9A])$")


def hkid_check_character(letters: str, digits: str) -> str:
    """The character in brackets of a Hong Kong identity card number (``A123456(3)``).

    Weights 9…2 over the letters and digits, a single letter preceded by a
    space worth 36, letters worth A=10 … Z=35; the check is 11 − sum mod 11,
    written A for 10 and 0 for 11.
    """
    values = ([36] if len(letters) == 1 else []) + [ord(ch) - 55 for ch in letters] + [int(d) for d in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1), strict=True))
    check = 11 - total % 11
    return {10: "A", 11: "0"}.get(check, str(check))


def hkid_problem(number: str) -> tuple[str | None, Derived]:
    match = _HKID.match(number)
    if not match:
        return "HKID_FORMAT", Derived()
    letters, digits, check = match.groups()
    if hkid_check_character(letters, digits) != check:
        return "HKID_CHECK_DIGIT", Derived()
    return None, Derived()


# -- numbers with a published shape and no check digit ------------------------------------------------


def shaped(pattern: str, problem: str):
    compiled = re.compile(pattern)

    def check(number: str) -> tuple[str | None, Derived]:
        return (None if compiled.fullmatch(number) else problem), Derived()

    return check


#: what every other document's number may hold: letters, digits and, on military cards, Chinese (南字第…号)
_ANY_DOCUMENT = shaped(r"[0-9A-Z]{4,30}", "DOCUMENT_NUMBER_FORMAT")
_MILITARY_DOCUMENT = shaped(r"[0-9A-Z\u4e00-\u9fff]{4,30}", "MILITARY_DOCUMENT_NUMBER_FORMAT")

NUMBER_RULES = {
    RESIDENT_ID_CARD: resident_id_problem,
    RESIDENCE_PERMIT_HK_MACAO_TAIWAN: residence_permit_problem,
    FOREIGNER_PERMANENT_RESIDENCE_CARD: foreigner_card_problem,
    DISABILITY_CARD: disability_card_problem,
    HONG_KONG_IDENTITY_CARD: hkid_problem,
    # ICAO 9303 document numbers (up to 9 letters and digits): Chinese passports (E12345678, EA1234567,
    # G12345678) and the foreign passports a foreign worker holds
    PASSPORT: shaped(r"(?=.*\d)[0-9A-Z]{5,9}", "PASSPORT_NUMBER_FORMAT"),
    # H (Hong Kong) or M (Macao) and 8 digits; older booklets add 2 digits of the issue count
    HK_MACAO_HOME_RETURN_CERTIFICATE: shaped(r"[HM]\d{8}(\d{2})?", "HK_MACAO_PERMIT_NUMBER_FORMAT"),
    HK_MACAO_RESIDENTS_PERMIT: shaped(r"[HM]\d{8}(\d{2})?", "HK_MACAO_PERMIT_NUMBER_FORMAT"),
    # the card since 2014: C and 8 characters (CA1234567 once the digits ran out); the older booklet: W and 8 digits
    EXIT_ENTRY_PERMIT_HK_MACAO: shaped(r"C[0-9A-Z]\d{7}|W\d{8}", "EXIT_ENTRY_PERMIT_NUMBER_FORMAT"),
    # 台胞证: one number for life, 8 digits; older booklets add 2 digits of the issue count
    TAIWAN_RESIDENTS_PERMIT: shaped(r"\d{8}(\d{2})?", "TAIWAN_PERMIT_NUMBER_FORMAT"),
    # the card since 2016: L and 8 digits; the older booklet: T and 8 digits
    TRAVEL_PERMIT_TO_TAIWAN: shaped(r"[LT]\d{8}", "TRAVEL_PERMIT_TO_TAIWAN_NUMBER_FORMAT"),
    **{code: _MILITARY_DOCUMENT for code in MILITARY_DOCUMENTS},
}


#: the most numbers one bulk lookup (find_by_id_numbers) takes: an import sends its rows in such slices
BULK_LOOKUP_BOUND = 5_000


def number_problem(id_type: str, number: str) -> tuple[str | None, Derived]:
    """(problem code or None, what the number says about its holder) for a normalised number of ``id_type``."""
    return NUMBER_RULES.get(id_type, _ANY_DOCUMENT)(number)


# -- 模糊查询: finding a number by the part of it a person types -------------------------------------------

#: the shortest beginning and end of a number a person may search by
SHORTEST_PREFIX, SHORTEST_SUFFIX = 6, 4
#: the most persons one fragment may name: a broader one finds nothing useful, the user types more of it
FRAGMENT_MATCH_BOUND = 5_000
#: blind-index purposes of the beginnings and ends of numbers (the whole number has its own, ``id_number``)
PREFIX, SUFFIX = "id_number:prefix", "id_number:suffix"


def fragments_of(number: str) -> list[tuple[str, str]]:
    """(purpose, fragment) of every beginning of 6 characters or more and every end of 4 or more of a
    normalised number, the whole number excepted.

    Only their blind indexes are kept, so no plain number is stored; equal
    fragments have equal indexes, which is what lets them be found (and
    lets whoever reads the table see that two numbers share a beginning).
    """
    return [(PREFIX, number[:length]) for length in range(SHORTEST_PREFIX, len(number))] + [
        (SUFFIX, number[-length:]) for length in range(SHORTEST_SUFFIX, len(number))
    ]


def id_fragment(term: str, field_name: str) -> str:
    """The normalised fragment a typed term stands for; refused when too short to tell people apart."""
    fragment = normalise_id_number(term)
    if len(fragment) < SHORTEST_SUFFIX:
        raise InvalidInput("an ID number fragment needs 4 characters or more",
                           fields={field_name: "ID_FRAGMENT_TOO_SHORT"})
    return fragment


def fragment_lookups(fragment: str) -> list[tuple[str, str]]:
    """(purpose, value) of the blind indexes a fragment is looked up by: an end of a number, and a beginning
    when it is long enough to be one (the whole number is looked up by its own index)."""
    lookups = [(SUFFIX, fragment)]
    if len(fragment) >= SHORTEST_PREFIX:
        lookups.append((PREFIX, fragment))
    return lookups


def refuse_too_broad(matches: int, field_name: str, bound: int = FRAGMENT_MATCH_BOUND):
    if matches > bound:
        raise InvalidInput(f"the fragment matches more than {bound} persons; type more of the number",
                           fields={field_name: "ID_FRAGMENT_TOO_BROAD"})


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


def resident_id_problems(number: str) -> tuple[str | None, dt.date | None, str | None]:
    """Checks a 居民身份证 number part by part: (problem code, birth date, gender)."""
    problem, derived = resident_id_problem(number)
    return problem, derived.birth_date, derived.gender


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
    elif "id_type" not in problems:
        problem, derived = number_problem(document.id_type, number)
        if problem:
            problems["id_number"] = problem
        else:
            if derived.gender and gender and gender != derived.gender:
                problems["gender"] = "GENDER_MISMATCH"
            if derived.birth_date and birth_date and birth_date != derived.birth_date:
                problems["birth_date"] = "BIRTH_DATE_MISMATCH"
            gender, birth_date = derived.gender or gender, derived.birth_date or birth_date

    if not name:
        problems["name"] = "REQUIRED"
    elif len(name) > 50:
        problems["name"] = "TOO_LONG"
    if gender is not None and gender not in GENDERS:
        problems["gender"] = "UNKNOWN_GENDER"
    if birth_date is None and not {"id_number", "id_type"} & problems.keys():
        problems["birth_date"] = "REQUIRED"
    elif birth_date is not None and birth_date > days.today():
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


@dataclass(frozen=True)
class Scope:
    """Which records a caller sees in full, as one rule with two faces: ``covers`` answers for one record,
    ``where`` is the same rule as a query condition.

    The authority sees every record of its platform. An enterprise sees the
    records it registered and the persons it employs now (a confirmed
    relation not yet ended, from employment_svc's events); a site the records
    registered for its project; anyone else, nothing. ``required`` holds the
    registrant's values a record must have; None means no record at all.
    ``employer_id``: the enterprise whose current employees are covered too.
    """

    required: tuple[tuple[str, int], ...] | None
    employer_id: int | None = None

    @classmethod
    def of(cls, caller: Caller) -> "Scope":
        if caller.role in (AUTHORITY, SYSTEM):
            return cls(())
        if caller.role == ENTERPRISE and caller.enterprise_id is not None:
            return cls((("enterprise_id", caller.enterprise_id),), employer_id=caller.enterprise_id)
        if caller.role == SITE and caller.project_id is not None:
            return cls((("project_id", caller.project_id),))
        return cls(None)

    @property
    def sees_anything(self) -> bool:
        return self.required is not None

    def covers(self, registrant: Registrant, employer_ids=()) -> bool:
        """``employer_ids``: the enterprises that employ the person now."""
        if not self.sees_anything:
            return False
        if self.employer_id is not None and self.employer_id in employer_ids:
            return True
        return all(getattr(registrant, name) == value for name, value in self.required)

    def where(self, record_class, employment_class=None):
        """The condition over a table whose registrant columns are ``registered_by_<field>`` (``Person``);
        ``employment_class``: the projection of current employments (``KnownEmployment``), whose persons an
        employer's scope covers too."""
        if not self.sees_anything:
            return false()
        registered = and_(true(), *(getattr(record_class, f"registered_by_{name}") == value
                                    for name, value in self.required))
        if self.employer_id is None or employment_class is None:
            return registered
        employed = select(employment_class.person_id).where(
            employment_class.enterprise_id == self.employer_id, *current_employment(employment_class))
        return or_(registered, record_class.id.in_(employed))


def current_employment(employment_class):
    """The conditions of a relation that binds now: confirmed and not ended."""
    return employment_class.confirmed_at.is_not(None), employment_class.ended_at.is_(None)


def in_scope(caller: Caller, registrant: Registrant) -> bool:
    """Whether ``caller`` may see a record in full (``Scope``)."""
    return Scope.of(caller).covers(registrant)


def is_own_record(caller: Caller, person_id: int) -> bool:
    """A worker reads their own record (我的信息 on the mobile page), and no other."""
    return caller.role == WORKER and caller.person_id is not None and caller.person_id == person_id


def may_reveal_in_export(caller: Caller) -> bool:
    """Who gets full ID numbers in a 用工查询 export: the authority alone; everyone else exports them masked
    (each full number handed out is audited by the gateway)."""
    return caller.role == AUTHORITY


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
