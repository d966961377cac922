"""The personal 建设码: a short-lived token a gate verifies offline, and its typed form for when scanning fails.

The token is Ed25519 over 9 bytes — version (1), person id (4, big endian), expiry in Unix seconds (4) — followed
by the 64-byte signature, in URL-safe base64 without padding: 98 characters, a small QR code (version 6 at level
M). Anyone holding the platform's public key (``public_key_pem`` / ``public_key_raw``) verifies it without asking
the platform: ``verify_token(public_key, token, now)``.

The typed form: 8 characters of Crockford's base32 (40 bits) issued with the token, valid as long as it. It
cannot be verified offline (it carries no signature), so the platform keeps it, as an HMAC of the code under a
key derived from the signing key (a leaked table names no code), with its person and expiry.

The signing key is the installation's ``CODE_SIGNING_KEY`` (base64 of the 32-byte Ed25519 seed), made with the
other secrets (``chassis.pii.generate_settings``, deploy/make_env.py).
"""

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import os
import secrets
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nameko.extensions import DependencyProvider

from chassis.pii import MissingKeys
from siteaccess_svc.exceptions import CodeExpired, CodeInvalid

SETTING_NAME = "CODE_SIGNING_KEY"
VERSION = 1
LIFETIME = dt.timedelta(seconds=60)
#: a gate's clock may be this far behind the platform's
LEEWAY = dt.timedelta(seconds=5)
PAYLOAD = struct.Struct(">BII")
#: what ``read_personal_code`` hands the site user: the person, the project, and time to fill the entry form
TICKET_VERSION = 2
TICKET_PREFIX = "T."
TICKET_PAYLOAD = struct.Struct(">BIII")
TICKET_LIFETIME = dt.timedelta(minutes=15)
SIGNATURE_LENGTH = 64
SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
SHORT_LENGTH = 8
#: what people type for what they meant (Crockford's decoding)
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_signing_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _unpadded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(token: str) -> bytes:
    token = token.strip()
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def refuse_expired(expires_at: dt.datetime, now: dt.datetime):
    if now > expires_at + LEEWAY:
        raise CodeExpired("the code has expired: show a fresh one", fields={"personal_code": "CODE_EXPIRED"},
                          details={"expired_at": expires_at.isoformat()})


def invalid():
    return CodeInvalid("not a code the platform issued", fields={"personal_code": "CODE_INVALID"})


def verify_token(public_key: Ed25519PublicKey, token: str, now: dt.datetime) -> int:
    """The person id a token names; CODE_INVALID when it is not the platform's, CODE_EXPIRED when it is old."""
    try:
        raw = _decode(token)
    except (binascii.Error, ValueError):
        raise invalid() from None
    if len(raw) != PAYLOAD.size + SIGNATURE_LENGTH:
        raise invalid()
    payload, signature = raw[:PAYLOAD.size], raw[PAYLOAD.size:]
    try:
        public_key.verify(signature, payload)
    except InvalidSignature:
        raise invalid() from None
    version, person_id, expires = PAYLOAD.unpack(payload)
    if version != VERSION:
        raise invalid()
    refuse_expired(dt.datetime.fromtimestamp(expires, dt.UTC), now)
    return person_id


def normalise_short_code(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum()).translate(_TYPED)


def looks_like_short_code(typed: str) -> bool:
    code = normalise_short_code(typed)
    return len(code) == SHORT_LENGTH and all(ch in SHORT_ALPHABET for ch in code)


class CodeSigner:
    """Issues and reads personal codes with the installation's key."""

    def __init__(self, seed: bytes):
        self.private_key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self.private_key.public_key()
        self._short_key = hashlib.sha256(b"personal-short-code\x00" + seed).digest()

    @classmethod
    def from_setting(cls, value: str | None):
        if not value:
            raise MissingKeys(f"{SETTING_NAME} must be set")
        seed = base64.b64decode(value)
        if len(seed) != 32:
            raise MissingKeys(f"{SETTING_NAME} must be 32 bytes, base64")
        return cls(seed)

    @classmethod
    def from_environment(cls):
        return cls.from_setting(os.environ.get(SETTING_NAME))

    def issue(self, person_id: int, now: dt.datetime) -> dict:
        """``{"token", "short_code", "expires_at"}``: a fresh code of the person, valid for ``LIFETIME``."""
        expires_at = (now + LIFETIME).replace(microsecond=0)
        payload = PAYLOAD.pack(VERSION, person_id, int(expires_at.timestamp()))
        token = _unpadded(payload + self.private_key.sign(payload))
        short = "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))
        return {"token": token, "short_code": short, "expires_at": expires_at}

    def verify(self, token: str, now: dt.datetime) -> int:
        return verify_token(self.public_key, token, now)

    def ticket(self, person_id: int, project_id: int, now: dt.datetime) -> str:
        """After a code was read at a gate: admits its person on that project for ``TICKET_LIFETIME``."""
        payload = TICKET_PAYLOAD.pack(TICKET_VERSION, person_id, project_id, int((now + TICKET_LIFETIME).timestamp()))
        return TICKET_PREFIX + _unpadded(payload + self.private_key.sign(payload))

    def verify_ticket(self, ticket: str, project_id: int, now: dt.datetime) -> int:
        try:
            raw = _decode(ticket.removeprefix(TICKET_PREFIX))
        except (binascii.Error, ValueError):
            raise invalid() from None
        payload, signature = raw[:TICKET_PAYLOAD.size], raw[TICKET_PAYLOAD.size:]
        try:
            self.public_key.verify(signature, payload)
            version, person_id, ticket_project_id, expires = TICKET_PAYLOAD.unpack(payload)
        except (InvalidSignature, struct.error):
            raise invalid() from None
        if version != TICKET_VERSION or ticket_project_id != project_id:
            raise invalid()
        refuse_expired(dt.datetime.fromtimestamp(expires, dt.UTC), now)
        return person_id

    def short_code_hash(self, typed: str) -> str:
        return hmac.new(self._short_key, normalise_short_code(typed).encode(), hashlib.sha256).hexdigest()

    def public_key_pem(self) -> str:
        return self.public_key.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def public_key_raw(self) -> str:
        return base64.b64encode(self.public_key.public_bytes(serialization.Encoding.Raw,
                                                             serialization.PublicFormat.Raw)).decode()


class PersonalCodes(DependencyProvider):
    """Hands workers the signer built from the environment at container setup (as ``PersonalData`` does)."""

    def setup(self):
        self.signer = CodeSigner.from_environment()

    def get_dependency(self, worker_ctx):
        return self.signer
