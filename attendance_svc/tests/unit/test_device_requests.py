"""The signed device API: signature, freshness and replay (domain rules, no broker, no database)."""

import datetime as dt

import pytest

from attendance_svc import domain

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
SECRET = domain.new_secret()
BODY = '{"person_count": 3, "face_count": 2}'
PATH = "/api/v1/device/heartbeat"


def signed(timestamp=None, nonce="n-1", body=BODY, secret=SECRET, path=PATH):
    timestamp = int(NOW.timestamp()) if timestamp is None else timestamp
    return {"method": "POST", "path": path, "timestamp": timestamp, "nonce": nonce, "body": body,
            "signature": domain.sign(secret, "POST", path, timestamp, nonce, body)}


def check(request, seen=None, window=300):
    seen = set() if seen is None else seen

    def nonce_seen(nonce):
        if nonce in seen:
            return True
        seen.add(nonce)
        return False

    return domain.check_request(SECRET, now=NOW, window_seconds=window, nonce_seen=nonce_seen, **request)


def refusal(request, **options):
    with pytest.raises(domain.RequestRefused) as refused:
        check(request, **options)
    return refused.value.reason


def test_the_secret_is_32_random_bytes_in_base64url():
    assert len(SECRET) == 43 and domain.new_secret() != SECRET
    assert set(SECRET) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_the_signature_is_hmac_sha256_over_method_path_time_nonce_and_the_body_digest():
    import hashlib
    import hmac

    text = f"POST\n{PATH}\n1764576000\nabc\n{hashlib.sha256(BODY.encode()).hexdigest()}"
    assert domain.sign(SECRET, "post", PATH, 1764576000, "abc", BODY) == \
        hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()


def test_a_correctly_signed_fresh_request_passes_with_its_time():
    assert check(signed()) == NOW


def test_a_changed_body_path_or_another_secret_breaks_the_signature():
    assert refusal({**signed(), "body": BODY.replace("3", "4")}) == "DEVICE_SIGNATURE_INVALID"
    assert refusal({**signed(), "path": "/api/v1/device/records"}) == "DEVICE_SIGNATURE_INVALID"
    assert refusal(signed(secret=domain.new_secret())) == "DEVICE_SIGNATURE_INVALID"
    assert refusal({**signed(), "signature": ""}) == "DEVICE_SIGNATURE_INVALID"
    assert refusal({**signed(), "signature": None}) == "DEVICE_SIGNATURE_INVALID"


def test_a_request_older_or_newer_than_the_window_is_stale():
    assert check(signed(int(NOW.timestamp()) - 300)) == NOW - dt.timedelta(seconds=300)
    assert refusal(signed(int(NOW.timestamp()) - 301)) == "DEVICE_REQUEST_STALE"
    assert refusal(signed(int(NOW.timestamp()) + 301)) == "DEVICE_REQUEST_STALE"
    assert refusal(signed("yesterday")) == "DEVICE_REQUEST_STALE"


def test_a_nonce_used_again_is_a_replay_and_a_new_one_passes():
    seen = set()
    check(signed(nonce="once"), seen)
    assert refusal(signed(nonce="once"), seen=seen) == "DEVICE_REQUEST_REPLAYED"
    check(signed(nonce="twice"), seen)


def test_a_stale_or_forged_request_does_not_use_up_its_nonce():
    seen = set()
    refusal(signed(int(NOW.timestamp()) - 900, nonce="n"), seen=seen)
    refusal({**signed(nonce="m"), "signature": "0" * 64}, seen=seen)
    assert seen == set()


def test_nonces_are_kept_for_twice_the_window():
    assert domain.nonce_kept_until(NOW, 300) == NOW + dt.timedelta(seconds=600)
