import base64
import os

import pytest

from chassis.pii import MissingKeys, PersonalDataVault, mask_id_number, mask_phone


def vault(keys, active):
    return PersonalDataVault(keys, active, index_key=b"i" * 32)


def test_a_value_is_unreadable_at_rest_and_readable_with_the_key():
    keys = {"k1": os.urandom(32)}
    stored = vault(keys, "k1").encrypt("310101198503021514")
    assert "310101198503021514" not in stored
    assert "198503" not in base64.b64decode(stored.split(":", 1)[1]).decode("latin-1")
    assert vault(keys, "k1").decrypt(stored) == "310101198503021514"


def test_the_same_value_encrypts_differently_each_time():
    v = vault({"k1": os.urandom(32)}, "k1")
    assert v.encrypt("13912345204") != v.encrypt("13912345204")


def test_values_stay_readable_after_the_active_key_rotates():
    old, new = os.urandom(32), os.urandom(32)
    stored_with_old = vault({"k1": old}, "k1").encrypt("13912345204")
    rotated = vault({"k1": old, "k2": new}, "k2")
    assert rotated.decrypt(stored_with_old) == "13912345204"
    assert rotated.encrypt("x").startswith("k2:")


def test_the_blind_index_matches_equal_values_only_and_depends_on_purpose():
    v = vault({"k1": os.urandom(32)}, "k1")
    assert v.blind_index("310101198503021514", "id_number") == v.blind_index("310101198503021514", "id_number")
    assert v.blind_index("310101198503021514", "id_number") != v.blind_index("310101198503021515", "id_number")
    assert v.blind_index("13912345204", "phone") != v.blind_index("13912345204", "id_number")


def test_settings_without_keys_are_refused():
    # the operator reads which settings to give
    with pytest.raises(MissingKeys, match="PII_KEYS, PII_ACTIVE_KEY and PII_INDEX_KEY must be set"):
        PersonalDataVault.from_settings("", "k1", "")
    with pytest.raises(MissingKeys, match="active key 'k9' is not among PII_KEYS"):
        PersonalDataVault({"k1": os.urandom(32)}, "k9", b"i" * 32)


@pytest.mark.parametrize(
    ("number", "masked"),
    [("310101198503021510", "310*****510"), ("42010219900101005X", "420*****05X"), ("E1234", "E****"), ("", "")],
)
def test_id_numbers_are_masked_as_the_manuals_list_them(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"), [("13912345204", "139****5204"), ("021-64081234", "021****1234"), (None, None)]
)
def test_phones_are_masked_as_the_manuals_list_them(phone, masked):
    assert mask_phone(phone) == masked
