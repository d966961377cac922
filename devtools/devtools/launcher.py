"""Starts the platform as separate processes: the shape of ``make up``, the end-to-end tests and the benchmark.

Distributed: one ``nameko run`` process per service (more replicas are more
processes on the same queues) and the gateway under gunicorn, on RabbitMQ
and PostgreSQL. Embedded: the one-process ``bin/run-embedded``.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_BIN = Path(sys.executable).parent
DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def load_installation_secrets(var: Path) -> dict:
    """This installation's keys from var/secrets.env, made the first time (never committed)."""
    from chassis.pii import generate_settings

    path = Path(var) / "secrets.env"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        values = generate_settings() | {"AUTH_SECRET": secrets.token_urlsafe(48)}
        path.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
        path.chmod(0o600)
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def database_url_variable(component: str) -> str:
    """``identity_svc`` → ``IDENTITY_DB_URL``; ``gateway`` → ``GATEWAY_DB_URL``."""
    return f"{component.removesuffix('_svc').upper()}_DB_URL"


def postgres_url(admin_url: str, database: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + database


def create_postgres_database(admin_url: str, database: str, recreate=False):
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database})
        if exists and recreate:
            connection.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
            exists = False
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return postgres_url(admin_url, database)


def drop_postgres_database(admin_url: str, database: str):
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    engine.dispose()


def wait_until_healthy(base_url: str, timeout: float = 60, process=None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the platform exited with {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(base_url + "/api/v1/health", timeout=5) as response:  # noqa: S310  http only
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:  # a 503 while a service starts: its open answer must be closed
            error.close()
            last = error
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
        time.sleep(0.3)
    raise TimeoutError(f"{base_url} was not healthy within {timeout}s (last: {last})")


class Processes:
    def __init__(self, log_dir: Path):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.running = {}

    def start(self, name, command, env):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115  open as long as the process runs
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.running[name] = (process, log)
        return process

    def stop(self, name, timeout=10):
        process, log = self.running.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)


class DistributedPlatform:
    def __init__(self, services, database_urls: dict, env: dict, gateway_bind="127.0.0.1:8000",
                 amqp_uri=DEFAULT_AMQP_URI, log_dir=ROOT / "var" / "log", gateway_workers=2, replicas=None):
        self.services = tuple(services)
        self.env = {**os.environ, **env, "AMQP_URI": amqp_uri, "GATEWAY_BIND": gateway_bind,
                    "GATEWAY_WORKERS": str(gateway_workers), "PATH": f"{PYTHON_BIN}:{os.environ['PATH']}"}
        for component, url in database_urls.items():
            self.env[database_url_variable(component)] = url
        self.base_url = "http://" + gateway_bind
        self.replicas = replicas or {}
        self.processes = Processes(log_dir)

    def migrate(self):
        subprocess.run([sys.executable, "-m", "chassis.migrate", *self.services, "gateway"],
                       cwd=ROOT, env=self.env, check=True)

    def start_service(self, service, env=None):
        """Starts the service's replicas; ``env`` overrides the platform's (a database URL through a proxy …)."""
        for replica in range(self.replicas.get(service, 1)):
            self.processes.start(
                f"{service}.{replica}",
                [str(PYTHON_BIN / "nameko"), "run", "--config", f"{service}/config.yaml", f"{service}.service"],
                {**self.env, **(env or {})},
            )

    def start_gateway(self, name="gateway", env=None):
        """Starts a gateway under gunicorn; another ``name`` and ``env`` (its bind, its database) start a second."""
        return self.processes.start(
            name, [str(PYTHON_BIN / "gunicorn"), "-c", "gateway/gunicorn.conf.py", "gateway.wsgi:app"],
            {**self.env, **(env or {})},
        )

    def stop_service(self, service):
        for name in [n for n in self.processes.running if n.startswith(service + ".")]:
            self.processes.stop(name)

    def start(self, timeout=90):
        self.migrate()
        for service in self.services:
            self.start_service(service)
        wait_until_healthy(self.base_url, timeout, self.start_gateway())
        return self

    def stop(self):
        self.processes.stop_all()


class EmbeddedPlatform:
    def __init__(self, var_dir: Path, port: int, env: dict | None = None, demo=False):
        self.var_dir = Path(var_dir)
        self.port = port
        self.env = {**os.environ, **(env or {})}
        self.demo = demo
        self.base_url = f"http://127.0.0.1:{port}"
        self.processes = Processes(self.var_dir / "log")

    def start(self, timeout=90):
        command = [sys.executable, str(ROOT / "bin" / "run-embedded"), "--port", str(self.port),
                   "--var", str(self.var_dir)]
        if not self.demo:
            command.append("--no-demo")
        process = self.processes.start("embedded", command, self.env)
        wait_until_healthy(self.base_url, timeout, process)
        return self

    def stop(self):
        self.processes.stop_all()
