"""An idempotency key is stored as sent, or by its digest when it is longer than the table's column."""

from chassis.idempotency import KEY_LENGTH, stored_key


def test_a_key_that_fits_is_stored_as_sent():
    assert stored_key("a" * KEY_LENGTH) == "a" * KEY_LENGTH


def test_a_longer_key_is_stored_by_its_digest_and_stays_distinct():
    long_key, other = "k" * (KEY_LENGTH + 1), "k" * (KEY_LENGTH + 2)
    assert len(stored_key(long_key)) <= KEY_LENGTH
    assert stored_key(long_key) == stored_key(long_key) != stored_key(other)
