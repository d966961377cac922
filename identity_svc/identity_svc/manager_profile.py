"""Rules of 管理人员登记 (manual 004 §4.1), the person-level part of a manager's extended profile, and of the
documents kept with a person (人员相片, 附件, 社保缴费证明), in plain Python.

Field problems are codes keyed by path (``education.2.ends_on``), as ``chassis.schemas`` reports what a
schema refuses, so one table of words covers both.
"""

import base64
import binascii
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from chassis.caller import AUTHORITY, ENTERPRISE, SYSTEM, Caller
from chassis.pii import normalise_phone
from identity_svc.exceptions import DocumentTooLarge, DocumentTypeNotAllowed, InvalidManagerProfile

#: 影响社保的缴费证明应确保在60天有效期内 (manual 004): a proof older than this many days is flagged
PROOF_VALID_DAYS = 60
#: the repeating sections, in the order of the manual's screen
SECTIONS = ("education", "emergency_contacts", "trainings", "titles", "licences", "awards")
#: the most rows a section holds
MAX_ROWS = 50

#: dates that tell what has happened, so cannot be later than today: (section or None, field)
PAST_DATES = (
    (None, "social_insurance_proof_date"),
    ("education", "starts_on"),
    ("trainings", "trained_on"),
    ("titles", "granted_on"),
    ("awards", "awarded_on"),
)


def may_edit(caller: Caller) -> bool:
    """Who completes a manager's profile: the enterprise (its own managers, as ``Scope`` decides) and the
    authority; a site or a worker reads at most."""
    return caller.role in (AUTHORITY, SYSTEM, ENTERPRISE)


@dataclass(frozen=True)
class ProofStatus:
    """How old the social insurance payment proof is, on ``today``."""

    age_days: int | None
    expired: bool


def proof_status(proof_date: dt.date | None, today: dt.date) -> ProofStatus:
    """社保缴费证明: flagged once older than ``PROOF_VALID_DAYS``; never stored, as it changes with the day."""
    if proof_date is None:
        return ProofStatus(None, False)
    age = (today - proof_date).days
    return ProofStatus(age, age > PROOF_VALID_DAYS)


def check_manager_profile(profile: dict, today: dt.date) -> dict:
    """The profile (as its schema loaded it) with phones normalised; raises with every problem found."""
    problems = {section: "TOO_LONG" for section in SECTIONS if len(profile.get(section) or []) > MAX_ROWS}
    for section, name in PAST_DATES:
        rows = [(name, profile)] if section is None else [
            (f"{section}.{index}.{name}", row) for index, row in enumerate(profile.get(section) or [])]
        for path, row in rows:
            if row.get(name) is not None and row[name] > today:
                problems[path] = "DATE_IN_FUTURE"
    for index, row in enumerate(profile.get("education") or []):
        starts, ends = row.get("starts_on"), row.get("ends_on")
        if starts and ends and ends < starts:
            problems[f"education.{index}.ends_on"] = "ENDS_BEFORE_START"
        elif row.get("graduated") and ends and ends > today:
            problems[f"education.{index}.ends_on"] = "GRADUATED_IN_FUTURE"
    contacts = []
    for index, row in enumerate(profile.get("emergency_contacts") or []):
        phone = row.get("phone")
        if phone is None:
            contacts.append(row)  # kept from the stored row (``id``), or refused by the service
            continue
        try:
            contacts.append({**row, "phone": normalise_phone(phone)})
        except ValueError:
            problems[f"emergency_contacts.{index}.phone"] = "PHONE_FORMAT"
            continue
        if contacts[-1]["phone"] is None:
            problems[f"emergency_contacts.{index}.phone"] = "REQUIRED"
    if problems:
        raise InvalidManagerProfile("the manager profile is not valid", fields=problems)
    return {**profile, "emergency_contacts": contacts} if "emergency_contacts" in profile else profile


# -- documents ---------------------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
#: what each kind of document accepts
ACCEPTED = {
    "photo": (JPEG, PNG),
    "attachment": (JPEG, PNG, PDF),
    "social_insurance_proof": (JPEG, PNG, PDF),
}
#: the first bytes of each accepted type
_MAGIC = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|]')


def content_type_of(content: bytes) -> str | None:
    """The type a file's first bytes say it is, among the accepted ones; None for anything else."""
    return next((kind for magic, kind in _MAGIC if content.startswith(magic)), None)


def decode_content(content_base64: str) -> bytes:
    try:
        return base64.b64decode(content_base64 or "", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidManagerProfile("the file is not base64", fields={"content_base64": "INVALID"}) from None


def safe_filename(filename: str | None, content_type: str) -> str:
    """The name a file is kept and downloaded under: its last path part, without control characters or those
    no file system takes, at most 200 characters; ``document`` with the type's extension when nothing is left."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .")
    if not name:
        name = "document." + {JPEG: "jpg", PNG: "png", PDF: "pdf"}[content_type]
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 199 - len(extension)] + dot + extension) if dot and len(extension) <= 10 else name[:200]
    return name


def check_document(kind: str, content: bytes) -> str:
    """The content type of a file ``kind`` accepts, by its first bytes; refused when it is empty, larger than
    ``MAX_DOCUMENT_BYTES`` or of another type."""
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(f"a document holds at most {MAX_DOCUMENT_BYTES} bytes",
                               details={"max_bytes": MAX_DOCUMENT_BYTES})
    content_type = content_type_of(content)
    if content_type not in ACCEPTED[kind]:
        raise DocumentTypeNotAllowed(f"a {kind} is one of {', '.join(ACCEPTED[kind])}",
                                     details={"allowed": list(ACCEPTED[kind])})
    return content_type


def age_on(birth_date: dt.date | None, today: dt.date) -> int | None:
    """年龄: whole years lived on ``today``."""
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
