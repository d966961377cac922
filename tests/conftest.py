"""The whole platform as separate processes, reached only through the gateway's HTTP API."""

import contextlib
import random
import secrets
import socket
import uuid

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from chassis.platform import PLATFORM_SERVICES
from devtools.launcher import (
    DistributedPlatform,
    EmbeddedPlatform,
    create_postgres_database,
    drop_postgres_database,
    wait_until_healthy,
)
from devtools.synthetic import credit_code
from devtools.testing import POSTGRES_ADMIN_URL, REAL, private_bus
from gateway.accounts import ensure_account

SERVICES = PLATFORM_SERVICES
PASSWORD = "Test@2026!"
EXPORT_CAP = 10
EXPORT_PAGE_SIZE = 4
#: what the scoped accounts are bound to: the authority registers them through the gateway when the platform starts
ENTERPRISES = {
    "general_contractor": dict(name="测试建设集团有限公司", unit_type="general_contractor", contact_person="周工"),
    "enterprise_7": dict(name="测试劳务七公司", unit_type="labour_subcontractor", contact_person="王经理"),
    "enterprise_8": dict(name="测试劳务八公司", unit_type="labour_subcontractor", contact_person="陈经理"),
}
PROJECTS = {
    "site_3": dict(registration_number="3101042026000003", name="测试项目三", address="上海市徐汇区测试路3号"),
    "site_4": dict(registration_number="3101042026000004", name="测试项目四", address="上海市徐汇区测试路4号"),
}
ACCOUNTS = {
    "authority": dict(role="authority", scope_name="上海市住房和城乡建设管理委员会", region_code="310000"),
    "enterprise_7": dict(role="enterprise", scope_name="测试劳务七公司"),
    "enterprise_8": dict(role="enterprise", scope_name="测试劳务八公司"),
    "site_3": dict(role="site", scope_name="测试项目三"),
    "site_4": dict(role="site", scope_name="测试项目四"),
}


def pytest_collection_modifyitems(config, items):
    if REAL:
        return
    # one process cannot lose one of its services, and the bulk seed loads with PostgreSQL's COPY:
    # these run on the real backend (CI)
    kept = [item for item in items
            if not {"needs_separate_processes", "needs_postgresql"} & set(item.fixturenames)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def platform(personal_data_keys, tmp_path_factory):
    with started_platform(tmp_path_factory) as running:
        running.registry = register_scopes(running)
        yield running


@contextlib.contextmanager
def started_platform(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("platform-logs")
    # a small export cap and page: the tests reach them with a handful of rows; enrolment photos kept, as ZKTeco
    # terminals take faces as photos
    env = {"AUTH_SECRET": secrets.token_urlsafe(32), "HEALTH_TIMEOUT": "2", "EXPORT_CAP": str(EXPORT_CAP),
           "EXPORT_PAGE_SIZE": str(EXPORT_PAGE_SIZE), "FACE_KEEP_PHOTOS": "true",
           "HIKVISION_PUSH_SECONDS": "1"}
    if not REAL:
        var = tmp_path_factory.mktemp("var")
        running = EmbeddedPlatform(var, free_port(), env).start()
        running.gateway_db_url = f"sqlite:///{var}/gateway.db"
        try:
            yield running
        finally:
            running.stop()
        return
    suffix = uuid.uuid4().hex[:8]
    names = {component: f"e2e_{component}_{suffix}" for component in SERVICES + ("gateway",)}
    # a bus of its own: its services must not answer the calls meant for a single service under test
    with private_bus() as bus:
        try:
            urls = {c: create_postgres_database(POSTGRES_ADMIN_URL, n) for c, n in names.items()}
            running = DistributedPlatform(SERVICES, urls, env, gateway_bind=f"127.0.0.1:{free_port()}",
                                          amqp_uri=bus, log_dir=log_dir)
            try:
                running.start()
                running.gateway_db_url = urls["gateway"]
                yield running
            finally:
                running.stop()
        finally:
            for name in names.values():
                drop_postgres_database(POSTGRES_ADMIN_URL, name)


def register_scopes(running):
    """The enterprises and projects of ``ENTERPRISES`` and ``PROJECTS``, registered by the authority as a user
    would, and the accounts bound to the ids they got: ``{"enterprise_7": {enterprise}, "site_3": {project}}``."""
    engine = create_engine(running.gateway_db_url)
    with Session(engine) as session:
        ensure_account(session, "authority", PASSWORD, display_name="authority", **ACCOUNTS["authority"])
        authority = ApiClient(running.base_url).login("authority")
        rng = random.Random(2026)
        registry = {}
        for key, spec in ENTERPRISES.items():
            response = authority.post("/enterprises", json={**spec, "credit_code": credit_code(rng)})
            assert response.status_code == 201, response.text
            registry[key] = response.json()
        for key, spec in PROJECTS.items():
            response = authority.post("/projects", json={
                **spec, "general_contractor_id": registry["general_contractor"]["id"]})
            assert response.status_code == 201, response.text
            registry[key] = response.json()
        for username, spec in ACCOUNTS.items():
            binding = {"enterprise": "enterprise_id", "site": "project_id"}.get(spec["role"])
            bound = {binding: registry[username]["id"]} if binding else {}
            ensure_account(session, username, PASSWORD, display_name=username, **spec, **bound)
    engine.dispose()
    return registry


@pytest.fixture(scope="session")
def registry(platform):
    """What the scoped accounts are bound to: ``registry["site_3"]["id"]`` is site_3's project."""
    return platform.registry


@pytest.fixture(scope="session")
def needs_separate_processes(platform):
    return platform


@pytest.fixture
def needs_postgresql(database_url):
    return database_url


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

    def put(self, path, **kwargs):
        return self.http.put(self.base_url + path, timeout=30, **kwargs)

    def delete(self, path, **kwargs):
        return self.http.delete(self.base_url + path, timeout=30, **kwargs)


@pytest.fixture(scope="session")
def api(platform):
    """``api('site_3')``: a client logged in as that account; ``api()`` is anonymous."""

    made = []

    def client(username=None, language="zh-CN"):
        made.append(ApiClient(platform.base_url, language))
        return made[-1].login(username) if username else made[-1]

    yield client
    # closed here, not left to the garbage collector: a keep-alive connection the gateway dropped meanwhile
    # would warn of an unclosed socket in whichever test happens to collect it
    for each in made:
        each.http.close()


@pytest.fixture
def another_gateway(needs_separate_processes):
    """``api = another_gateway({"GATEWAY_DB_URL": url})``: a second gateway process on the platform, with its
    own settings, and a client factory for it like ``api``."""
    platform = needs_separate_processes
    started = []

    def start(env):
        bind = f"127.0.0.1:{free_port()}"
        name = f"gateway-{len(started) + 1}"
        process = platform.start_gateway(name, {**env, "GATEWAY_BIND": bind, "GATEWAY_WORKERS": "1"})
        started.append(name)
        wait_until_healthy(f"http://{bind}", 60, process)

        def client(username=None, language="zh-CN"):
            made.append(ApiClient(f"http://{bind}", language))
            return made[-1].login(username) if username else made[-1]

        return client

    made = []
    yield start
    for each in made:
        each.http.close()
    for name in started:
        platform.processes.stop(name)
