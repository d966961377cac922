"""A running container beats while it runs, whatever its database does, and stops beating when it stops."""

import subprocess
import sys

import pytest
from nameko.rpc import rpc

from chassis.database import Database
from chassis.heartbeat import Heartbeat
from devtools.testing import eventually


class ProbedService:
    name = "probed_svc"

    db = Database()
    heartbeat = Heartbeat(interval=0.2)

    @rpc
    def ping(self):
        return "pong"


def probe(kind, path):
    """What the container's probe command answers: (exit status, its line)."""
    done = subprocess.run([sys.executable, "-m", "chassis.probe", kind, "--file", str(path)], capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout.strip()


@pytest.fixture
def container(bus_uri, tmp_path, run_container):
    return lambda db_url: run_container(ProbedService, {"AMQP_URI": bus_uri, "DB_URL": db_url,
                                                         "HEARTBEAT_FILE": str(tmp_path / "heartbeat")})


def test_a_service_with_its_database_is_alive_and_ready_until_it_stops(container, tmp_path):
    running = container(f"sqlite:///{tmp_path}/probed.db")
    heartbeat = tmp_path / "heartbeat"
    eventually(lambda: assert_exists(heartbeat), timeout=30)
    assert probe("live", heartbeat) == (0, "ok")
    assert probe("ready", heartbeat) == (0, "ok")
    running.stop()
    status, why = probe("live", heartbeat)
    assert status == 1 and "not running" in why


def test_a_service_whose_database_is_down_is_alive_but_not_ready(container, tmp_path):
    container("postgresql+psycopg2://postgres@127.0.0.1:1/nowhere")
    heartbeat = tmp_path / "heartbeat"
    eventually(lambda: assert_exists(heartbeat), timeout=30)
    assert probe("live", heartbeat) == (0, "ok")
    status, why = probe("ready", heartbeat)
    assert status == 1 and why.startswith("not ready: ") and "refused" in why.lower()


def assert_exists(path):
    assert path.exists(), f"no heartbeat at {path} yet"
