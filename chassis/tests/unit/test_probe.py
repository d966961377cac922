"""The container probes read the heartbeat file: fresh means alive, fresh and ready means ready."""

import os
import time

import pytest

from chassis.heartbeat import write_heartbeat
from chassis.probe import main, verdict


@pytest.fixture
def beat(tmp_path):
    path = tmp_path / "heartbeat"

    def write(ready=True, reason=None, age=0.0):
        write_heartbeat(path, ready, reason)
        beaten = time.time() - age
        os.utime(path, (beaten, beaten))
        return str(path)

    return write


def test_a_fresh_ready_beat_passes_both_probes(beat):
    path = beat()
    assert verdict("live", path, 30) == (True, "ok")
    assert verdict("ready", path, 30) == (True, "ok")


def test_a_service_whose_database_is_down_stays_alive_but_is_not_ready(beat):
    path = beat(ready=False, reason="database unavailable: OperationalError")
    assert verdict("live", path, 30) == (True, "ok")
    assert verdict("ready", path, 30) == (False, "not ready: database unavailable: OperationalError")


@pytest.mark.parametrize("kind", ["live", "ready"])
def test_a_stale_beat_means_a_stuck_service(beat, kind):
    passes, why = verdict(kind, beat(age=45), 30)
    assert not passes and "stuck" in why


@pytest.mark.parametrize("kind", ["live", "ready"])
def test_no_beat_means_no_running_service(tmp_path, kind):
    passes, why = verdict(kind, str(tmp_path / "missing"), 30)
    assert not passes and "not running" in why


def test_the_command_exits_0_or_1_and_says_why(beat, capsys):
    path = beat(ready=False, reason="database did not answer within 3s")
    assert main(["live", "--file", path]) == 0
    assert main(["ready", "--file", path]) == 1
    assert capsys.readouterr().out.splitlines() == ["ok", "not ready: database did not answer within 3s"]


def test_the_command_reads_the_file_the_service_writes_by_default(beat, monkeypatch):
    monkeypatch.setenv("HEARTBEAT_FILE", beat())
    assert main(["ready"]) == 0
