"""The whole platform as separate processes, reached only through the gateway's HTTP API."""

import secrets
import socket
import uuid

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis.launcher import (
    PLATFORM_SERVICES,
    DistributedPlatform,
    EmbeddedPlatform,
    create_postgres_database,
    drop_postgres_database,
)
from chassis.testing import POSTGRES_ADMIN_URL, REAL
from gateway.accounts import ensure_account

SERVICES = PLATFORM_SERVICES
PASSWORD = "Test@2026!"
ACCOUNTS = {
    "authority": dict(role="authority", scope_name="上海市住房和城乡建设管理委员会", region_code="310000"),
    "enterprise_7": dict(role="enterprise", scope_name="测试劳务七公司", enterprise_id=7),
    "enterprise_8": dict(role="enterprise", scope_name="测试劳务八公司", enterprise_id=8),
    "site_3": dict(role="site", scope_name="测试项目三", project_id=3),
    "site_4": dict(role="site", scope_name="测试项目四", project_id=4),
}


def pytest_collection_modifyitems(config, items):
    if REAL:
        return
    # one process cannot lose one of its services; these run on the real backend (CI)
    kept = [item for item in items if "needs_separate_processes" not in item.fixturenames]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def platform(personal_data_keys, bus_uri, tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("platform-logs")
    env = {"AUTH_SECRET": secrets.token_urlsafe(32), "HEALTH_TIMEOUT": "2"}
    if REAL:
        suffix = uuid.uuid4().hex[:8]
        names = {component: f"e2e_{component}_{suffix}" for component in SERVICES + ("gateway",)}
        urls = {c: create_postgres_database(POSTGRES_ADMIN_URL, n) for c, n in names.items()}
        running = DistributedPlatform(SERVICES, urls, env, gateway_bind=f"127.0.0.1:{free_port()}",
                                      amqp_uri=bus_uri, log_dir=log_dir).start()
        running.gateway_db_url = urls["gateway"]
    else:
        var = tmp_path_factory.mktemp("var")
        running = EmbeddedPlatform(var, free_port(), env).start()
        running.gateway_db_url = f"sqlite:///{var}/gateway.db"
    engine = create_engine(running.gateway_db_url)
    with Session(engine) as session:
        for username, spec in ACCOUNTS.items():
            ensure_account(session, username, PASSWORD, display_name=username, **spec)
    engine.dispose()
    yield running
    running.stop()
    if REAL:
        for name in names.values():
            drop_postgres_database(POSTGRES_ADMIN_URL, name)


@pytest.fixture(scope="session")
def needs_separate_processes(platform):
    return platform


class ApiClient:
    def __init__(self, base_url, language="zh-CN"):
        self.base_url = base_url + "/api/v1"
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = language

    def login(self, username, password=PASSWORD):
        response = self.post("/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        self.http.headers["Authorization"] = "Bearer " + response.json()["token"]
        return self

    def get(self, path, **kwargs):
        return self.http.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path, **kwargs):
        return self.http.post(self.base_url + path, timeout=30, **kwargs)

    def patch(self, path, **kwargs):
        return self.http.patch(self.base_url + path, timeout=30, **kwargs)


@pytest.fixture(scope="session")
def api(platform):
    """``api('site_3')``: a client logged in as that account; ``api()`` is anonymous."""

    def client(username=None, language="zh-CN"):
        made = ApiClient(platform.base_url, language)
        return made.login(username) if username else made

    return client
