from flask_smorest import Blueprint

from gateway.auth import ALL_ROLES, AUTHORITY, requires
from gateway.routes import services
from gateway.schemas import EnterprisePageSchema, EnterpriseQuerySchema, EnterpriseRegistrationSchema, EnterpriseSchema

blp = Blueprint("enterprises", __name__, url_prefix="/api/v1/enterprises", description="Enterprises (企业)")


@blp.route("", methods=["POST"])
@requires(AUTHORITY)
@blp.arguments(EnterpriseRegistrationSchema)
@blp.response(201, EnterpriseSchema)
def register_enterprise(registration):
    """Registers an enterprise (the authority).

    Example: ``{"name": "上海示范劳务有限公司", "credit_code": "91310000…", "unit_type": "labour_subcontractor",
    "contact_person": "王经理", "contact_phone": "13912345204"}``.
    """
    with services() as rpc:
        return rpc.employment_svc.register_enterprise(registration)


@blp.route("")
@requires(*ALL_ROLES)
@blp.arguments(EnterpriseQuerySchema, location="query")
@blp.response(200, EnterprisePageSchema)
def list_enterprises(query):
    """Enterprises by name fragment or credit code (the 用人单位 select searches here)."""
    with services() as rpc:
        return rpc.employment_svc.list_enterprises(query)


@blp.route("/<int:enterprise_id>")
@requires(*ALL_ROLES)
@blp.response(200, EnterpriseSchema)
def get_enterprise(enterprise_id):
    with services() as rpc:
        return rpc.employment_svc.get_enterprise(enterprise_id)
