"""Where the bytes of a person's documents are kept: behind ``DocumentStore``, so that a deployment can point it
at object storage; the platform's own store keeps them in identity_svc's database, in the transaction that
records the document."""

import uuid
from typing import Protocol

from nameko.extensions import DependencyProvider
from sqlalchemy import delete

from identity_svc.models import StoredDocument


class DocumentStore(Protocol):
    """The bytes of documents by key; the record of what a document is and whose stays in ``person_documents``,
    and only the service, after its scope check, reads through a store."""

    def put(self, content: bytes) -> str:
        """Keeps ``content``; the key it is found by."""

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class DatabaseDocumentStore:
    """The bytes in the service's own database (``document_contents``), written and deleted in the worker's
    transaction: a document is recorded with its bytes or not at all."""

    def __init__(self, worker_database):
        self._database = worker_database

    def put(self, content: bytes) -> str:
        key = uuid.uuid4().hex
        self._database.session.add(StoredDocument(storage_key=key, content=content))
        return key

    def get(self, key: str) -> bytes | None:
        stored = self._database.session.get(StoredDocument, key)
        return stored.content if stored is not None else None

    def delete(self, key: str) -> None:
        self._database.session.execute(delete(StoredDocument).where(StoredDocument.storage_key == key))


class Documents(DependencyProvider):
    """``documents = Documents()``: hands the worker the document store, here the database named by
    ``database_attr`` (the service's ``db``); another store is a class with ``DocumentStore``'s methods."""

    def __init__(self, database_attr="db"):
        self.database_attr = database_attr

    def setup(self):
        self.database = next(provider for provider in self.container.dependencies
                             if getattr(provider, "attr_name", None) == self.database_attr)

    def get_dependency(self, worker_ctx):
        return DatabaseDocumentStore(self.database.get_dependency(worker_ctx))
