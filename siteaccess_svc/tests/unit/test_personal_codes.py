"""The personal 建设码: signed, short-lived, verifiable offline with the public key alone; its typed form."""

import base64
import datetime as dt
import random

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from siteaccess_svc import codes
from siteaccess_svc.exceptions import CodeExpired, CodeInvalid

rng = random.Random(9301)
NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def signer():
    return codes.CodeSigner(rng.randbytes(32))


def test_a_code_names_its_person_until_it_expires_and_is_short_enough_for_a_qr_code():
    issuer = signer()
    issued = issuer.issue(4242, NOW)
    assert len(issued["token"]) <= 100
    assert issued["expires_at"] == NOW + codes.LIFETIME
    assert issuer.verify(issued["token"], NOW) == 4242
    assert issuer.verify(issued["token"], NOW + dt.timedelta(seconds=59)) == 4242


def test_a_gate_verifies_offline_with_the_published_public_key():
    issuer = signer()
    token = issuer.issue(7, NOW)["token"]
    public_key = load_pem_public_key(issuer.public_key_pem().encode())
    assert codes.verify_token(public_key, token, NOW) == 7
    assert len(base64.b64decode(issuer.public_key_raw())) == 32


def test_an_old_screenshot_is_refused_as_expired():
    issuer = signer()
    token = issuer.issue(7, NOW)["token"]
    with pytest.raises(CodeExpired) as refused:
        issuer.verify(token, NOW + codes.LIFETIME + codes.LEEWAY + dt.timedelta(seconds=1))
    assert refused.value.fields == {"personal_code": "CODE_EXPIRED"}


@pytest.mark.parametrize("tamper", ["other_key", "person", "expiry", "truncated", "garbage", "empty"])
def test_a_forged_or_altered_code_is_refused_as_invalid(tamper):
    issuer = signer()
    token = issuer.issue(7, NOW)["token"]
    raw = bytearray(base64.urlsafe_b64decode(token + "=="))
    if tamper == "other_key":
        token = signer().issue(7, NOW)["token"]
    elif tamper in ("person", "expiry"):
        raw[4 if tamper == "person" else 8] ^= 1
        token = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    elif tamper == "truncated":
        token = token[:-4]
    elif tamper == "garbage":
        token = "not a code!"
    else:
        token = ""
    with pytest.raises(CodeInvalid):
        issuer.verify(token, NOW)


def test_the_typed_code_is_eight_unambiguous_characters_forgiving_how_people_type_it():
    issued = signer().issue(7, NOW)
    short = issued["short_code"]
    assert codes.looks_like_short_code(short)
    assert set(short) <= set(codes.SHORT_ALPHABET) and len(short) == 8
    typed = f" {short[:4].lower()}-{short[4:]} ".replace("0", "o").replace("1", "l")
    assert codes.normalise_short_code(typed) == short
    assert not codes.looks_like_short_code(issued["token"])


def test_the_typed_code_is_kept_as_a_keyed_hash_only():
    issuer, other = signer(), signer()
    assert issuer.short_code_hash("ABCD2345") == issuer.short_code_hash("abcd-2345")
    assert issuer.short_code_hash("ABCD2345") != other.short_code_hash("ABCD2345")
    assert "ABCD2345" not in issuer.short_code_hash("ABCD2345")


def test_a_ticket_admits_its_person_on_its_project_only_and_for_a_quarter_of_an_hour():
    issuer = signer()
    ticket = issuer.ticket(7, 55, NOW)
    assert issuer.verify_ticket(ticket, 55, NOW + dt.timedelta(minutes=14)) == 7
    with pytest.raises(CodeInvalid):
        issuer.verify_ticket(ticket, 56, NOW)
    with pytest.raises(CodeInvalid):
        signer().verify_ticket(ticket, 55, NOW)
    with pytest.raises(CodeExpired):
        issuer.verify_ticket(ticket, 55, NOW + dt.timedelta(minutes=16))


def test_the_signing_key_comes_from_the_installation_settings():
    with pytest.raises(codes.MissingKeys):
        codes.CodeSigner.from_setting("")
    with pytest.raises(codes.MissingKeys):
        codes.CodeSigner.from_setting(base64.b64encode(b"short").decode())
    assert codes.CodeSigner.from_setting(codes.generate_signing_key()).issue(1, NOW)["token"]
