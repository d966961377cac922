"""A RabbitMQ node of one's own, to put through an outage without touching the shared broker.

    with BrokerNode() as node:            # a node on free ports, its data in a temporary folder
        start_something(node.amqp_uri)
        with node.outage():               # connections cut, new ones refused …
            ...
        # … and the broker back, empty of transient queues as after a restart

The interface tests that take the broker away and the fault suite (devtools.faults) both use it. It needs
``rabbitmq-server`` and ``rabbitmqctl`` (the Debian package) and runs the node as the ``rabbitmq`` user, as the
packaged server does; the caller is root or that user, who share the node's Erlang cookie.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

STARTUP_TIMEOUT = 90.0


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


class BrokerNode:
    """A second RabbitMQ node (``<prefix><id>@localhost``) with no plugins, its data and logs under ``folder``
    (a temporary folder when none is given, removed by ``stop``)."""

    def __init__(self, folder: Path | None = None, name_prefix="faults"):
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="rabbitmq-node-"))
        self.node = f"{name_prefix}{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.started = False

    @property
    def amqp_uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self, timeout=STARTUP_TIMEOUT):
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "enabled_plugins").write_text("[].\n")
        # a configuration file of its own: the machine's names the shared node's listener (5672)
        (self.folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n")
        (self.folder / "rabbitmq-env.conf").write_text("ERL_EPMD_ADDRESS=127.0.0.1\n")
        shutil.chown(self.folder, "rabbitmq", "rabbitmq")
        for path in self.folder.iterdir():
            shutil.chown(path, "rabbitmq", "rabbitmq")
        env = {**os.environ,
               "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
               # a fixed distribution port may be the shared node's (25672)
               "RABBITMQ_DIST_PORT": str(free_port()),
               "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"), "RABBITMQ_LOG_BASE": str(self.folder / "log"),
               "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
               "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
               "RABBITMQ_CONF_ENV_FILE": str(self.folder / "rabbitmq-env.conf")}
        subprocess.run([shutil.which("rabbitmq-server"), "-detached"], env=env, check=True, capture_output=True,
                       timeout=60)
        self.started = True
        wait_for(lambda: answers(self.port), timeout, f"RabbitMQ node {self.node} did not listen on {self.port}")
        self.ctl("await_startup", "--timeout", str(int(timeout)))
        return self

    def ctl(self, *arguments):
        return subprocess.run([shutil.which("rabbitmqctl"), "-q", "-n", self.node, *arguments], check=True,
                              capture_output=True, timeout=120)

    def stop_app(self):
        """The broker goes away: every connection is closed, nothing is accepted until ``start_app``."""
        self.ctl("stop_app")

    def start_app(self, timeout=60):
        self.ctl("start_app")
        wait_for(lambda: answers(self.port), timeout, f"RabbitMQ node {self.node} did not come back")

    @contextlib.contextmanager
    def outage(self):
        self.stop_app()
        try:
            yield
        finally:
            self.start_app()

    def stop(self):
        if self.started:
            try:
                self.ctl("stop")
            except subprocess.SubprocessError as error:
                print(f"could not stop RabbitMQ node {self.node}: {error}", flush=True)
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
