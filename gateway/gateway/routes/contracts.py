"""劳动合同: who has signed, contracts ending soon, and the photos or PDFs of the signed paper (manual 003 §5)."""

import base64
import io

from flask import send_file
from flask_smorest import Blueprint

from gateway.auth import AUTHORITY, ENTERPRISE, requires
from gateway.errors import ApiError
from gateway.routes import services
from gateway.schemas import (
    ContractDocumentSchema,
    ContractFormSchema,
    ContractPageSchema,
    ContractQuerySchema,
    ContractSchema,
    DeletedDocumentSchema,
    DocumentUploadSchema,
)

blp = Blueprint("contracts", __name__, url_prefix="/api/v1/contracts", description="Labour contracts (劳动合同)")
documents_blp = Blueprint("contract_documents", __name__, url_prefix="/api/v1/contract-documents",
                          description="Contract documents (合同资料)")
READERS = (ENTERPRISE, AUTHORITY)
#: the most a contract document may hold (employment_svc checks it again, with the type, by the bytes)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
contract_form = ContractFormSchema()
contract_query = ContractQuerySchema()


@blp.route("")
@requires(*READERS)
@blp.arguments(contract_query, location="query")
@blp.response(200, ContractPageSchema)
def list_contracts(query):
    """The employees now and their contracts: ``?signed=false`` who has not signed, ``?expiring_within_days=30``
    contracts ending within 30 days; ``contract`` is null for who has not signed."""
    with services() as rpc:
        return rpc.employment_svc.list_contracts(contract_query.dump(query))


@blp.route("/<int:relation_id>", methods=["PUT"])
@requires(ENTERPRISE)
@blp.arguments(contract_form)
@blp.response(200, ContractSchema)
def save_contract(contract, relation_id):
    """签订合同 (or its correction) of an employee: ``{"number": "HT-2026-001", "contract_type": "fixed",
    "signed_on": "2026-11-02", "starts_on": "2026-11-03", "ends_on": "2027-11-02"}``."""
    with services() as rpc:
        return rpc.employment_svc.save_contract(relation_id, contract_form.dump(contract))


@blp.route("/<int:contract_id>/documents", methods=["POST"])
@requires(ENTERPRISE)
@blp.arguments(DocumentUploadSchema, location="files")
@blp.response(201, ContractDocumentSchema)
def add_document(upload, contract_id):
    """合同资料上传 (multipart/form-data, field ``file``): a JPEG or PNG photo or a PDF of the signed paper, at
    most 10 MB; its type is read from its bytes (422 DOCUMENT_REFUSED otherwise)."""
    file = upload["file"]
    content = file.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ApiError("DOCUMENT_REFUSED", fields={"file": "DOCUMENT_TOO_LARGE"})
    with services() as rpc:
        return rpc.employment_svc.add_contract_document(contract_id, file.filename or "document", file.mimetype,
                                                        base64.b64encode(content).decode())


@documents_blp.route("/<int:document_id>")
@requires(*READERS)
@documents_blp.response(200, description="the file, as image/jpeg, image/png or application/pdf")
def get_document(document_id):
    """The document's file, for its employer (and the authority) only."""
    with services() as rpc:
        document = rpc.employment_svc.get_contract_document(document_id)
    response = send_file(io.BytesIO(base64.b64decode(document["content_base64"])),
                         mimetype=document["content_type"], download_name=document["filename"])
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@documents_blp.route("/<int:document_id>", methods=["DELETE"])
@requires(ENTERPRISE)
@documents_blp.response(200, DeletedDocumentSchema)
def delete_document(document_id):
    """删除 a wrong photo; another can be uploaded in its place."""
    with services() as rpc:
        return rpc.employment_svc.delete_contract_document(document_id)
