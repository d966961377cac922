"""A RabbitMQ node and a PostgreSQL cluster of the fault suite's own, in a temporary folder, on free ports.

The machine's shared broker (5672) and database (5432) serve other tests and people: the suite never
stops them; it stops and restarts these instead. Both run as their system users (``rabbitmq``,
``postgres``), as the packaged servers do; the suite runs as root or as that user.
"""

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout:g} s")
        time.sleep(0.2)


def as_user(user: str, command: list[str], **kwargs):
    """Runs ``command`` as ``user`` (the servers refuse to run as root); as is when already that user."""
    if os.geteuid() == 0:
        command = ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{part}'" for part in command)]
    return subprocess.run(command, check=True, capture_output=True, timeout=120, **kwargs)


class PrivateBroker:
    """A second RabbitMQ node (``faults<id>@localhost``) with no plugins, its data and logs under ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.node = f"faults{uuid.uuid4().hex[:6]}@localhost"
        self.port = free_port()
        self.started = False

    @property
    def amqp_uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self, timeout=90):
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "enabled_plugins").write_text("[].\n")
        # a configuration file of its own: the machine's names the shared node's listener
        (self.folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n")
        (self.folder / "rabbitmq-env.conf").write_text("ERL_EPMD_ADDRESS=127.0.0.1\n")
        shutil.chown(self.folder, "rabbitmq", "rabbitmq")
        for path in self.folder.iterdir():
            shutil.chown(path, "rabbitmq", "rabbitmq")
        env = {**os.environ,
               "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
               "RABBITMQ_DIST_PORT": str(free_port()),
               "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"), "RABBITMQ_LOG_BASE": str(self.folder / "log"),
               "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
               "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
               "RABBITMQ_CONF_ENV_FILE": str(self.folder / "rabbitmq-env.conf")}
        subprocess.run([shutil.which("rabbitmq-server"), "-detached"], env=env, check=True, capture_output=True,
                       timeout=60)
        self.started = True
        wait_for(lambda: answers(self.port), timeout, f"the suite's RabbitMQ node did not listen on {self.port}")
        self.ctl("await_startup", "--timeout", str(timeout))

    def ctl(self, *arguments):
        return subprocess.run([shutil.which("rabbitmqctl"), "-q", "-n", self.node, *arguments], check=True,
                              capture_output=True, timeout=120)

    def stop_app(self):
        """The broker goes away: every connection is closed, nothing is accepted until ``start_app``."""
        self.ctl("stop_app")

    def start_app(self, timeout=60):
        self.ctl("start_app")
        wait_for(lambda: answers(self.port), timeout, "the suite's RabbitMQ node did not come back")

    def close(self):
        if self.started:
            try:
                self.ctl("stop")
            except subprocess.SubprocessError as error:
                print(f"could not stop RabbitMQ node {self.node}: {error}", flush=True)
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateDatabase:
    """A PostgreSQL cluster of its own under ``folder`` (trust authentication, local connections only)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
        self.bin = versions[-1] / "bin"
        self.running = False

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def create(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.folder, "postgres", "postgres")
        as_user("postgres", [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"])
        self.start()

    def start(self):
        # fsync off: the suite stops the cluster cleanly, never pulls the power; the shared disk is spared
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_user("postgres", [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                             "-l", str(self.folder / "postgresql.log"), "-w", "start"])
        self.running = True

    def stop(self):
        as_user("postgres", [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        self.running = False

    def close(self):
        if self.running:
            try:
                self.stop()
            except subprocess.SubprocessError as error:
                print(f"could not stop the PostgreSQL cluster in {self.data}: {error}", flush=True)
        shutil.rmtree(self.folder, ignore_errors=True)
