"""Documents (合同资料, 资质证书 …): the checks every upload passes, and where the bytes are kept.

The type of an upload is read from its first bytes (its declared type and name are not trusted): a JPEG or PNG
photo or a PDF, at most 10 MB. The bytes are kept behind ``DocumentStore``, so that a deployment can point it at
object storage; by default in the service's own database (a table of ``StoredDocumentMixin``), in the same
transaction as the record that names them.
"""

import base64
import binascii
import uuid
from typing import Protocol

from nameko.extensions import DependencyProvider
from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from chassis.errors import InvalidInput

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: what a document's first bytes say it is
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


class DocumentRefused(InvalidInput):
    """A document of a type other than JPEG, PNG or PDF (by its bytes), empty, not base64, or over the size
    limit; ``fields`` names the file field."""

    code = "DOCUMENT_REFUSED"


def document_type(content: bytes, field: str = "file") -> str:
    """The type of a document by its bytes: JPEG, PNG or PDF, at most 10 MB; refused otherwise."""
    if not content:
        raise DocumentRefused("empty document", fields={field: "REQUIRED"})
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("document too large", fields={field: "DOCUMENT_TOO_LARGE"},
                              details={"max_bytes": MAX_DOCUMENT_BYTES})
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    raise DocumentRefused("only JPEG, PNG or PDF", fields={field: "DOCUMENT_TYPE_NOT_ALLOWED"})


def decoded(content_base64: str, field: str = "file") -> bytes:
    """The bytes of an upload as it crosses RPC (base64 text); refused when it is not base64."""
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise DocumentRefused("not base64", fields={field: "INVALID"}) from None


class StoredDocumentMixin:
    """The bytes of documents, when the deployment keeps them in the service's own database (the default):
    ``class StoredDocument(StoredDocumentMixin, Base)`` gives the service its ``stored_documents`` table."""

    __tablename__ = "stored_documents"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentStore(Protocol):
    def put(self, content: bytes) -> str:
        """Keeps ``content``; returns the key it is found by."""

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class DatabaseDocumentStore:
    """The bytes in the service's ``stored_documents`` table, written in the worker's open transaction."""

    def __init__(self, worker_database, model):
        self._db = worker_database
        self._model = model

    def put(self, content: bytes) -> str:
        key = uuid.uuid4().hex
        self._db.session.add(self._model(key=key, content=content))
        return key

    def get(self, key: str) -> bytes | None:
        stored = self._db.session.get(self._model, key)
        return None if stored is None else bytes(stored.content)

    def delete(self, key: str) -> None:
        stored = self._db.session.get(self._model, key)
        if stored is not None:
            self._db.session.delete(stored)


#: ``DOCUMENT_STORE`` in the service's config names one of these
STORES = {"database": DatabaseDocumentStore}


class Documents(DependencyProvider):
    """``documents = Documents(StoredDocument)``: the store ``DOCUMENT_STORE`` names (``database``, the
    default), on the worker's ``db``, keeping bytes in the service's table of ``StoredDocumentMixin``."""

    def __init__(self, model, database_attr="db"):
        self.model = model
        self.database_attr = database_attr

    def setup(self):
        self.store_class = STORES[self.container.config.get("DOCUMENT_STORE") or "database"]
        self.database = next(provider for provider in self.container.dependencies
                             if getattr(provider, "attr_name", None) == self.database_attr)

    def get_dependency(self, worker_ctx):
        return self.store_class(self.database.get_dependency(worker_ctx), self.model)
