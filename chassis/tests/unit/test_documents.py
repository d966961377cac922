"""What every upload passes: its type read from its bytes, its size, and the store that keeps it."""

import base64

import pytest

from chassis.documents import MAX_DOCUMENT_BYTES, DocumentRefused, decoded, document_type


@pytest.mark.parametrize(("content", "content_type"), [
    (b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"), (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"),
    (b"%PDF-1.7\n" + b"0" * 20, "application/pdf")])
def test_a_document_is_typed_by_its_bytes(content, content_type):
    assert document_type(content) == content_type


@pytest.mark.parametrize(("content", "code"), [
    (b"", "REQUIRED"), (b"GIF89a" + b"0" * 20, "DOCUMENT_TYPE_NOT_ALLOWED"),
    (b"<html>%PDF-", "DOCUMENT_TYPE_NOT_ALLOWED"),
    (b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, "DOCUMENT_TOO_LARGE")])
def test_a_document_of_another_type_or_too_large_is_refused(content, code):
    with pytest.raises(DocumentRefused) as refused:
        document_type(content)
    assert refused.value.fields == {"file": code}


def test_a_refusal_names_the_form_s_own_field():
    with pytest.raises(DocumentRefused) as refused:
        document_type(b"GIF89a", field="certificate")
    assert refused.value.fields == {"certificate": "DOCUMENT_TYPE_NOT_ALLOWED"}


def test_an_upload_that_is_not_base64_is_refused():
    assert decoded(base64.b64encode(b"%PDF-1").decode()) == b"%PDF-1"
    with pytest.raises(DocumentRefused) as refused:
        decoded("not base64!")
    assert refused.value.fields == {"file": "INVALID"}
