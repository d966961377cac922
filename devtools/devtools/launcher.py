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
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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
    values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    # keys added since the file was made (never the PII keys: data encrypted with them would be lost)
    added = {key: value for key, value in generate_settings().items()
             if key not in values and key == "CODE_SIGNING_KEY"}
    if added:
        with path.open("a") as file:
            file.write("".join(f"{key}={value}\n" for key, value in added.items()))
    return values | added


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
        except urllib.error.HTTPError as error:
            error.close()  # a 503 answer holds its connection until closed (a ResourceWarning when collected)
            last = error
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
        time.sleep(0.3)
    raise TimeoutError(f"{base_url} was not healthy within {timeout}s (last: {last})")


def describe_exit(returncode: int) -> str:
    """``-9`` → ``killed by SIGKILL``; ``3`` → ``exited with code 3``."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with code {returncode}"


@dataclass(frozen=True)
class Backoff:
    """How long the supervisor waits before restarting a process that exited: ``first`` seconds, doubling
    with each exit up to ``longest``; a process that ran ``settled`` seconds starts again from ``first``."""

    first: float = 1.0
    longest: float = 30.0
    settled: float = 60.0

    def delay(self, quick_exits: int) -> float:
        return min(self.first * 2 ** quick_exits, self.longest)


@dataclass
class ProcessExit:
    """An exit nobody asked for, as the supervisor saw it."""

    name: str
    pid: int
    returncode: int
    at: float  # time.monotonic()
    restart_in: float


@dataclass
class Supervised:
    command: list
    env: dict
    log: object
    process: subprocess.Popen
    started_at: float
    quick_exits: int = 0
    restart_due: float | None = None


class Processes:
    """The platform's processes, each in a session of its own with its output in ``<log_dir>/<name>.log``.

    Supervised (``supervise=True``), a process that exits when nobody asked it to (``stop``) is started
    again after a backoff, and each exit and restart is written to the launcher's output and to
    ``<log_dir>/supervisor.log``: the last line of defence of ``make up`` when a service dies.
    """

    def __init__(self, log_dir: Path, supervise=False, backoff=Backoff(), poll_interval=0.2):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.supervise = supervise
        self.backoff = backoff
        self.poll_interval = poll_interval
        self.running: dict[str, Supervised] = {}
        self.exits: list[ProcessExit] = []
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._supervisor = None

    def start(self, name, command, env):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115  open as long as the process runs
        with self._lock:
            entry = Supervised(command, env, log, self._spawn(command, env, log), time.monotonic())
            self.running[name] = entry
            if self.supervise and self._supervisor is None:
                self._stopping.clear()
                self._supervisor = threading.Thread(target=self._supervise, name="supervisor", daemon=True)
                self._supervisor.start()
        return entry.process

    def process(self, name) -> subprocess.Popen:
        """The process now running under ``name`` (a restart replaces it)."""
        with self._lock:
            return self.running[name].process

    @staticmethod
    def _spawn(command, env, log):
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def stop(self, name, timeout=10):
        """Stops the process on purpose: the supervisor leaves it stopped."""
        with self._lock:
            entry = self.running.pop(name)
        process = entry.process
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        entry.log.close()

    def stop_all(self):
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join()
            self._supervisor = None
        for name in list(self.running):
            self.stop(name)

    def _supervise(self):
        while not self._stopping.wait(self.poll_interval):
            with self._lock:
                for name, entry in self.running.items():
                    self._look_after(name, entry)

    def _look_after(self, name, entry):
        now = time.monotonic()
        if entry.restart_due is not None:
            if now >= entry.restart_due:
                entry.process = self._spawn(entry.command, entry.env, entry.log)
                entry.started_at, entry.restart_due = now, None
                self._note(name, f"restarted as pid {entry.process.pid}", entry.log)
            return
        returncode = entry.process.poll()
        if returncode is None:
            return
        if now - entry.started_at >= self.backoff.settled:
            entry.quick_exits = 0
        delay = self.backoff.delay(entry.quick_exits)
        entry.quick_exits += 1
        entry.restart_due = now + delay
        self.exits.append(ProcessExit(name, entry.process.pid, returncode, now, delay))
        self._note(name, f"pid {entry.process.pid} {describe_exit(returncode)} unasked; restarting in {delay:g} s",
                   entry.log)

    def _note(self, name, what, log):
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervisor: {name} {what}\n"
        print(line, end="", file=sys.stderr, flush=True)
        log.write(line.encode())
        log.flush()
        with open(self.log_dir / "supervisor.log", "a") as supervisor_log:
            supervisor_log.write(line)


class DistributedPlatform:
    """Supervised (``supervise=True``: ``make up``, the fault suite), a process that dies is restarted;
    ``stop_service`` stays a deliberate stop."""

    def __init__(self, services, database_urls: dict, env: dict, gateway_bind="127.0.0.1:8000",
                 amqp_uri=DEFAULT_AMQP_URI, log_dir=ROOT / "var" / "log", gateway_workers=2, replicas=None,
                 supervise=False, backoff=Backoff()):
        self.services = tuple(services)
        self.env = {**os.environ, **env, "AMQP_URI": amqp_uri, "GATEWAY_BIND": gateway_bind,
                    "GATEWAY_WORKERS": str(gateway_workers), "PATH": f"{PYTHON_BIN}:{os.environ['PATH']}"}
        for component, url in database_urls.items():
            self.env[database_url_variable(component)] = url
        self.base_url = "http://" + gateway_bind
        self.replicas = replicas or {}
        self.processes = Processes(log_dir, supervise=supervise, backoff=backoff)

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
