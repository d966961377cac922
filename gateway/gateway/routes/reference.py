from flask import current_app
from flask_smorest import Blueprint

from chassis.caller import WORKER
from gateway.auth import ALL_ROLES, requires
from gateway.routes import services
from gateway.schemas import ReferenceSchema

blp = Blueprint("reference", __name__, url_prefix="/api/v1/reference", description="Code tables")
OWNERS = ("identity_svc", "employment_svc", "siteaccess_svc")


def all_reference_tables() -> dict:
    """Every service's code tables, fetched once per process: national tables change with a release."""
    cache = current_app.extensions.setdefault("reference_tables", {})
    if not cache:
        with services() as rpc:
            for owner in OWNERS:
                cache.update(getattr(rpc, owner).reference_tables())
    return cache


@blp.route("")
@requires(*ALL_ROLES, WORKER)
@blp.response(200, ReferenceSchema)
def reference_tables():
    """证件类型, 民族, 性别, 工种, 文化程度, 单位类型, 用工评价, 进场状态: the code tables the forms offer (and the
    worker's mobile page names their record's codes with)."""
    return all_reference_tables()
