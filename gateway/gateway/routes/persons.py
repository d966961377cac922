from flask_smorest import Blueprint

from gateway.auth import ALL_ROLES, requires
from gateway.errors import request_language
from gateway.messages import NOTICES, words
from gateway.reveals import audit_reveals
from gateway.routes import services
from gateway.schemas import (
    EntrySchema,
    LookupQuerySchema,
    LookupResultSchema,
    PersonChangesSchema,
    PersonPageSchema,
    PersonQuerySchema,
    PersonRegistrationSchema,
    PersonSchema,
    RegistrationResultSchema,
    RevealedNumberSchema,
)

blp = Blueprint("persons", __name__, url_prefix="/api/v1/persons", description="Real-name records (实名登记)")
# instances, not classes: webargs builds a schema given as a class anew for every request, which cost a lookup
# 0.04 ms and a registration 0.2 ms of the gateway's time (marshmallow resolves every field each time)
registration = PersonRegistrationSchema()
person_query = PersonQuerySchema()
lookup_query = LookupQuerySchema()
person_changes = PersonChangesSchema()


@blp.route("", methods=["POST"])
@requires(*ALL_ROLES)
@blp.arguments(registration)
@blp.response(201, RegistrationResultSchema)
@blp.alt_response(200, schema=RegistrationResultSchema, description="Already registered: the existing record")
def register_person(document):
    """Registers a person's real-name record (the ID-document part of 非正常登记).

    Example: ``{"id_type": "01", "id_number": "310101198503021514", "name": "张伟",
    "ethnicity": "01", "address": "上海市黄浦区…", "phone": "13912345204"}``.
    For 居民身份证 gender and birth date come from the number and must agree if typed.
    The same number twice returns the existing record with ``created: false``.
    """
    with services() as rpc:
        result = rpc.identity_svc.register_person(registration.dump(document))
    notice = "PERSON_REGISTERED" if result["created"] else "PERSON_ALREADY_REGISTERED"
    result["message"] = words(NOTICES[notice], request_language())
    return result, 201 if result["created"] else 200


@blp.route("")
@requires(*ALL_ROLES)
@blp.arguments(person_query, location="query")
@blp.response(200, PersonPageSchema)
def list_persons(query):
    """Real-name records the caller may see, newest first; ``q`` is a name fragment, or (digits and Latin
    letters) an ID number or its first 6+ / last 4+ characters."""
    with services() as rpc:
        return rpc.identity_svc.list_persons(query)


@blp.route("/lookup")
@requires(*ALL_ROLES)
@blp.arguments(lookup_query, location="query")
@blp.response(200, LookupResultSchema)
def lookup_person(query):
    """Finds a person by exact ID number: type the number, see the name (manual 001).

    Outside the caller's scope only the summary (name, gender, masked number) comes back.
    """
    with services() as rpc:
        return {"person": rpc.identity_svc.find_by_id_number(query["id_type"], query["id_number"])}


@blp.route("/<int:person_id>")
@requires(*ALL_ROLES)
@blp.response(200, PersonSchema)
def get_person(person_id):
    """One real-name record, masked."""
    with services() as rpc:
        return rpc.identity_svc.get_person(person_id)


@blp.route("/<int:person_id>", methods=["PATCH"])
@requires(*ALL_ROLES)
@blp.arguments(person_changes)
@blp.response(200, PersonSchema)
def update_person(changes, person_id):
    """Changes a record. Example: ``{"address": "上海市浦东新区…", "phone": "13812345678"}``."""
    with services() as rpc:
        return rpc.identity_svc.update_person(person_id, person_changes.dump(changes))


@blp.route("/<int:person_id>/id-number")
@requires(*ALL_ROLES)
@blp.response(200, RevealedNumberSchema)
def reveal_id_number(person_id):
    """The full ID number, for callers whose scope covers the person; every reveal is audited."""
    with services() as rpc:
        revealed = rpc.identity_svc.reveal_id_number(person_id)
    audit_reveals({person_id: revealed["id_number"]}, "person page")
    return revealed


@blp.route("/<int:person_id>/site-history")
@requires(*ALL_ROLES)
@blp.response(200, EntrySchema(many=True))
def site_history(person_id):
    """履历: every entry and exit of the person, with evaluations, on the projects the caller may see."""
    with services() as rpc:
        return rpc.siteaccess_svc.person_history(person_id)
