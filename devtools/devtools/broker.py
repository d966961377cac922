"""A RabbitMQ node of one's own, to put through an outage without touching the shared broker.

    with BrokerNode() as node:            # a node on free ports, its data in a temporary folder
        start_something(node.amqp_uri)
        with node.outage():               # connections cut, new ones refused …
            ...
        # … and the broker back, empty of transient queues as after a restart

It needs ``rabbitmq-server`` and ``rabbitmqctl`` (the Debian package) and must run as root or as the
``rabbitmq`` user, which share the node's Erlang cookie.
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


def accepts_connections(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class BrokerNode:
    def __init__(self, name_prefix="faults"):
        self.name = f"{name_prefix}-{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.directory = None

    @property
    def amqp_uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _environment(self) -> dict:
        base = Path(self.directory)
        return {
            **os.environ,
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            # the system's rabbitmq.conf names the shared broker's listener: this node reads its own
            "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(base / "node.pid"),
        }

    def ctl(self, *arguments, timeout=60):
        return subprocess.run([shutil.which("rabbitmqctl"), "-q", "-n", self.name, *arguments],
                              check=True, capture_output=True, timeout=timeout)

    def start(self):
        self.directory = tempfile.mkdtemp(prefix="rabbitmq-node-")
        base = Path(self.directory)
        base.chmod(0o777)  # the server runs as the rabbitmq user
        (base / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (base / "enabled_plugins").write_text("")
        for path in base.iterdir():
            path.chmod(0o644)
        subprocess.run([shutil.which("rabbitmq-server"), "-detached"], env=self._environment(), check=True,
                       capture_output=True, timeout=60)
        self.wait_until_serving()
        return self

    def wait_until_serving(self, timeout=STARTUP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while not accepts_connections(self.port):
            if time.monotonic() > deadline:
                raise TimeoutError(f"RabbitMQ node {self.name} did not open port {self.port} in {timeout} s")
            time.sleep(0.2)
        self.ctl("await_startup", "--timeout", str(int(timeout)), timeout=timeout + 10)

    def stop_app(self):
        """The broker goes away: every connection is closed, new ones are refused."""
        self.ctl("stop_app")

    def start_app(self):
        self.ctl("start_app")
        self.wait_until_serving()

    @contextlib.contextmanager
    def outage(self):
        self.stop_app()
        try:
            yield
        finally:
            self.start_app()

    def stop(self):
        with contextlib.suppress(subprocess.SubprocessError):
            self.ctl("stop")
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
