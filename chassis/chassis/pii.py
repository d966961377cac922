"""Personal data at rest: AES-GCM encryption with key rotation, blind indexes, masking.

Keys come from the environment:
- ``PII_KEYS``: ``kid:base64key[,kid:base64key…]`` (32-byte AES keys),
- ``PII_ACTIVE_KEY``: the kid new values are encrypted with,
- ``PII_INDEX_KEY``: base64 HMAC key of the blind index (never rotated
  without re-indexing, since lookups depend on it).
Ciphertext is stored as ``kid:base64(nonce || ciphertext)``, so old values stay
readable after the active key changes.
"""

import base64
import hashlib
import hmac
import os
import re

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nameko.extensions import DependencyProvider

#: the settings a vault is built from, in the environment or in var/secrets.env
SETTING_NAMES = ("PII_KEYS", "PII_ACTIVE_KEY", "PII_INDEX_KEY")


class MissingKeys(RuntimeError):
    pass


class PersonalDataVault:
    def __init__(self, keys: dict[str, bytes], active_key_id: str, index_key: bytes):
        if active_key_id not in keys:
            raise MissingKeys(f"active key {active_key_id!r} is not among PII_KEYS")
        self._ciphers = {kid: AESGCM(key) for kid, key in keys.items()}
        self._active_key_id = active_key_id
        self._index_key = index_key

    @classmethod
    def from_settings(cls, keys: str, active_key_id: str, index_key: str):
        if not keys or not active_key_id or not index_key:
            raise MissingKeys("PII_KEYS, PII_ACTIVE_KEY and PII_INDEX_KEY must be set")
        parsed = {}
        for entry in keys.split(","):
            kid, _, encoded = entry.strip().partition(":")
            parsed[kid] = base64.b64decode(encoded)
        return cls(parsed, active_key_id, base64.b64decode(index_key))

    @classmethod
    def from_mapping(cls, settings):
        """From the three settings of ``SETTING_NAMES`` in ``settings`` (the environment, a secrets file)."""
        return cls.from_settings(*(settings.get(name, "") for name in SETTING_NAMES))

    @classmethod
    def from_environment(cls):
        return cls.from_mapping(os.environ)

    def encrypt(self, plaintext: str | None) -> str | None:
        if plaintext is None:
            return None
        nonce = os.urandom(12)
        sealed = self._ciphers[self._active_key_id].encrypt(nonce, plaintext.encode(), None)
        return f"{self._active_key_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str | None) -> str | None:
        if stored is None:
            return None
        kid, _, encoded = stored.partition(":")
        raw = base64.b64decode(encoded)
        return self._ciphers[kid].decrypt(raw[:12], raw[12:], None).decode()

    def blind_index(self, value: str, purpose: str) -> str:
        """An exact-match lookup key: equal values give equal indexes, nothing else is learnt."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()


def generate_settings() -> dict[str, str]:
    """Fresh keys for a new installation (used by ``make run`` to fill var/secrets.env)."""
    return {
        "PII_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
        "PII_ACTIVE_KEY": "k1",
        "PII_INDEX_KEY": base64.b64encode(os.urandom(32)).decode(),
        # the Ed25519 seed siteaccess_svc signs personal 建设码 with (siteaccess_svc.codes)
        "CODE_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


_MOBILE_PHONE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_PHONE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(raw: str | None) -> str | None:
    """A mobile or landline number without spaces; None when empty; ValueError when it cannot be dialled."""
    if raw is None or not raw.strip():
        return None
    phone = raw.strip().replace(" ", "")
    if not (_MOBILE_PHONE.match(phone) or _LANDLINE_PHONE.match(phone)):
        raise ValueError(f"not a phone number: {raw!r}")
    return phone


# -- ID numbers as people type them --------------------------------------------------------------------

#: full-width forms (U+FF01–FF5E, what a Chinese input method types) to their ASCII letters, digits and signs,
#: the ideographic space (U+3000) to a space
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: what people paste between the characters of a number: spaces of every kind, hyphens and dashes, brackets
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−()\[\]]+")
_NUMBER_CHARACTERS = re.compile(r"[0-9A-Z]*[0-9][0-9A-Z]*")


def normalise_id_number(raw: str | None) -> str:
    """The number as it is stored and searched: ``'３１０１０１　１９８５-0302-151ｘ'`` → ``'31010119850302151X'``.

    Full-width digits and letters become ASCII, letters upper case; spaces,
    hyphens and brackets go, so that ``A123456(3)`` and ``A1234563`` are one
    Hong Kong number. Register, lookup and every search go through it.
    """
    return _SEPARATORS.sub("", (raw or "").translate(_FULL_WIDTH)).upper()


#: the dots between the parts of minority and foreign names (阿卜杜·热合曼), in the several forms people type
_NAME_DOTS = re.compile(r"[·•‧・.．]+")


def comparable_name(name: str | None) -> str:
    """A name as it is compared with a real-name record: as ID numbers are (full-width letters as ASCII, upper
    case, no spaces of any width), and without the separating dots."""
    return _NAME_DOTS.sub("", normalise_id_number(name))


def same_name(typed: str, on_file: str) -> bool:
    return comparable_name(typed) == comparable_name(on_file)


def looks_like_id_number(term: str) -> bool:
    """Whether a search term (人员 of 退场查询 / 用工查询, the persons list) is part of an ID number: digits and
    Latin letters only, with a digit among them, as typed (full width too). Anything else is part of a name,
    names with a digit in them too (``王维恒1`` in manual 000's lists)."""
    return bool(_NUMBER_CHARACTERS.fullmatch(normalise_id_number(term)))


def mask_id_number(number: str | None) -> str | None:
    """``310101198503021510`` → ``310*****510`` as the manuals list them."""
    if not number:
        return number
    if len(number) <= 6:
        return number[0] + "*" * (len(number) - 1)
    return f"{number[:3]}*****{number[-3:]}"


def mask_phone(number: str | None) -> str | None:
    """``13912345204`` → ``139****5204``."""
    if not number:
        return number
    if len(number) <= 7:
        return number[:2] + "*" * (len(number) - 2)
    return f"{number[:3]}****{number[-4:]}"


class PersonalData(DependencyProvider):
    """Hands workers the vault built from the environment at container setup."""

    def setup(self):
        self.vault = PersonalDataVault.from_environment()

    def get_dependency(self, worker_ctx):
        return self.vault
