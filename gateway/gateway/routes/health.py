from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from flask_smorest import Blueprint

from chassis.health import database_answers, short_reason
from gateway.outages import BrokerUnavailable, ServiceUnavailable
from gateway.schemas import HealthSchema, ServiceStatusSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Health")


def probe(pool, service):
    """What ``service`` says of itself (``{"status", "checks": {"database": …}}``), or why it said nothing."""
    try:
        with pool.proxy() as rpc:
            return getattr(rpc, service).health()
    except ServiceUnavailable:
        return {"status": "unavailable", "reason": f"no answer within {pool.timeout:g} s"}
    except BrokerUnavailable as error:
        return {"status": "unavailable", "reason": f"broker unreachable: {short_reason(error.__cause__)}"}
    except Exception as error:  # any failure to answer is what this endpoint reports
        return {"status": "unavailable", "reason": short_reason(error)}


def broker(services):
    """RabbitMQ as the probes found it: unreachable when a probe could not publish, else reachable."""
    for status in services.values():
        if status.get("reason", "").startswith("broker unreachable"):
            return {"status": "unavailable", "reason": status["reason"].removeprefix("broker unreachable: ")}
    return {"status": "ok"}


@blp.route("")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="A dependency is down: each failing one with its reason")
def health():
    """Reaches every service over RPC: 200 when all answer and their dependencies do too, 503 naming each failing
    dependency with its reason.

    Example (503): ``{"status": "unavailable", "gateway": {"status": "ok", "checks": {"database": {"status": "ok"},
    "broker": {"status": "ok"}}}, "services": {"identity_svc": {"status": "unavailable", "checks": {"database":
    {"status": "unavailable", "reason": "connection refused"}}}, "project_svc": {"status": "unavailable",
    "reason": "no answer within 3 s"}, …}}``.
    """
    pool = current_app.extensions["health_rpc"]
    names = current_app.config["SERVICES"]
    with ThreadPoolExecutor(max_workers=len(names)) as executor:
        services = dict(zip(names, executor.map(lambda name: probe(pool, name), names), strict=True))
    checks = {"database": database_answers(current_app.extensions["db"].engine), "broker": broker(services)}
    gateway = {"status": "ok" if all(c["status"] == "ok" for c in checks.values()) else "unavailable",
               "checks": checks}
    healthy = gateway["status"] == "ok" and all(status.get("status") == "ok" for status in services.values())
    return {"status": "ok" if healthy else "unavailable", "gateway": gateway, "services": services}, \
        200 if healthy else 503


@blp.route("/live")
@blp.response(200, ServiceStatusSchema)
def liveness():
    """The gateway process answers; says nothing of the services (a liveness probe must not restart it for them)."""
    return {"status": "ok"}
