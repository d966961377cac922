from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from flask_smorest import Blueprint

from gateway.schemas import HealthSchema, ServiceStatusSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Health")


def probe(pool, service):
    try:
        with pool.proxy() as rpc:
            return getattr(rpc, service).health()
    except Exception:  # any failure to answer is what this endpoint reports
        return {"status": "unavailable"}


@blp.route("")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="A service does not answer")
def health():
    """Reaches every service over RPC: 200 when all answer, 503 naming the ones that do not."""
    pool = current_app.extensions["health_rpc"]
    names = current_app.config["SERVICES"]
    with ThreadPoolExecutor(max_workers=len(names)) as executor:
        statuses = dict(zip(names, executor.map(lambda name: probe(pool, name), names), strict=True))
    healthy = all(status.get("status") == "ok" for status in statuses.values())
    return {"status": "ok" if healthy else "unavailable", "services": statuses}, 200 if healthy else 503


@blp.route("/live")
@blp.response(200, ServiceStatusSchema)
def liveness():
    """The gateway process answers; says nothing of the services (a liveness probe must not restart it for them)."""
    return {"status": "ok"}
