"""The gateway's app factory."""

import logging
from pathlib import Path

from flask import Flask
from flask_smorest import Api

from chassis.config import load_config
from chassis.logs import name_process
from chassis.platform import PLATFORM_SERVICES
from gateway import idempotency, portal, request_ids
from gateway.database import GatewayDatabase
from gateway.errors import register_error_handlers
from gateway.routes import (
    assignments,
    attendance,
    attendance_live,
    attendance_warnings,
    auth,
    bindings,
    codes,
    contracts,
    device_dialects,
    devices,
    employments,
    enterprises,
    entries,
    face_submissions,
    health,
    imports,
    key_positions,
    manager_profiles,
    persons,
    projects,
    reference,
    self_registrations,
    site_authorisations,
    teams,
    worker_auth,
    worker_profiles,
)
from gateway.rpc import RpcPool

CONFIG_FILE = Path(__file__).resolve().parent.parent / "config.yaml"


def create_app(overrides: dict | None = None) -> Flask:
    settings = load_config(CONFIG_FILE)
    settings.setdefault("SERVICES", PLATFORM_SERVICES)  # the services /api/v1/health reaches
    settings.update(overrides or {})
    if not settings.get("AUTH_SECRET"):
        raise RuntimeError("AUTH_SECRET must be set (the key that signs login tokens)")

    name_process("gateway")
    app = Flask(__name__, static_folder=None)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config.get("MAX_CONTENT_LENGTH") or 32 * 1024 * 1024)
    app.config.update(
        API_TITLE="建筑工人实名制管理平台 API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearerAuth": []}],
        },
    )
    app.json.ensure_ascii = False

    db = GatewayDatabase(settings["DB_URL"])
    db.init_app(app)
    app.extensions["db"] = db
    idempotency.init_app(app, db.engine)
    app.extensions["rpc"] = RpcPool(settings, int(settings["RPC_POOL_SIZE"]), float(settings["RPC_TIMEOUT"]))
    app.extensions["health_rpc"] = RpcPool(settings, len(settings["SERVICES"]), float(settings["HEALTH_TIMEOUT"]))

    api = Api(app, spec_kwargs={"extra_plugins": [idempotency.IdempotencyKeyDocumented()]})
    for blueprint in (auth.blp, health.blp, reference.blp, persons.blp, enterprises.blp, projects.blp, entries.blp,
                      employments.blp, employments.worker_blp, imports.blp, worker_profiles.blp, teams.blp,
                      contracts.blp, contracts.documents_blp, manager_profiles.blp, worker_auth.blp,
                      key_positions.blp, codes.blp, codes.worker_blp, codes.awaiting_blp):
        api.register_blueprint(blueprint)
    api.register_blueprint(assignments.blp)
    api.register_blueprint(bindings.blp)
    api.register_blueprint(self_registrations.blp)
    api.register_blueprint(site_authorisations.blp)
    # 考勤 (issue 10): the site's pages, the worker's clock-in, and the gate devices' signed API
    for blueprint in (attendance.blp, attendance.worker_blp, attendance.person_blp, devices.blp,
                      device_dialects.iclock_blp, device_dialects.hikvision_blp, device_dialects.sync_blp,
                      face_submissions.blp, face_submissions.worker_blp, attendance_warnings.blp,
                      attendance_warnings.authority_blp, attendance_live.blp):
        api.register_blueprint(blueprint)
    register_error_handlers(app)
    request_ids.init_app(app)
    app.register_blueprint(portal.blp)
    logging.getLogger(__name__).info("gateway ready for %s", ", ".join(settings["SERVICES"]))
    return app
