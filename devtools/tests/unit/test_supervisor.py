"""``make up``'s supervisor: a process that dies is started again with backoff and logged; a stop is a stop."""

import os
import signal
import sys
import time

import pytest

from devtools.launcher import Backoff, Processes, describe_exit
from devtools.testing import eventually

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]
QUICK_FAILURE = [sys.executable, "-c", "raise SystemExit(3)"]
FAST = Backoff(first=0.1, longest=0.4, settled=30)


@pytest.fixture
def processes(tmp_path):
    supervised = Processes(tmp_path, supervise=True, backoff=FAST, poll_interval=0.05)
    yield supervised
    supervised.stop_all()


def test_a_killed_process_is_started_again_and_its_death_is_logged(processes, tmp_path):
    first = processes.start("sleeper", SLEEPER, dict(os.environ))
    os.kill(first.pid, signal.SIGKILL)

    def restarted():
        current = processes.process("sleeper")
        assert current.pid != first.pid and current.poll() is None, "not restarted yet"
        return current

    restarted_process = eventually(restarted, timeout=30)
    [death] = processes.exits
    assert (death.name, death.pid, death.returncode) == ("sleeper", first.pid, -signal.SIGKILL)
    log = (tmp_path / "supervisor.log").read_text()
    assert f"sleeper pid {first.pid} killed by SIGKILL unasked" in log
    assert f"sleeper restarted as pid {restarted_process.pid}" in log
    assert "killed by SIGKILL" in (tmp_path / "sleeper.log").read_text()


def test_a_process_that_keeps_failing_waits_longer_each_time_up_to_the_longest_backoff(processes):
    processes.start("failing", QUICK_FAILURE, dict(os.environ))

    def failed_four_times():
        assert len(processes.exits) >= 4, processes.exits
        return processes.exits[:4]

    exits = eventually(failed_four_times, timeout=60)
    assert [e.restart_in for e in exits] == [0.1, 0.2, 0.4, 0.4]
    assert {describe_exit(e.returncode) for e in exits} == {"exited with code 3"}
    gaps = [later.at - earlier.at for earlier, later in zip(exits, exits[1:], strict=False)]
    assert all(gap >= earlier.restart_in for gap, earlier in zip(gaps, exits, strict=False))


def test_a_process_that_ran_a_while_starts_again_from_the_first_backoff(tmp_path):
    processes = Processes(tmp_path, supervise=True, backoff=Backoff(first=0.1, longest=5, settled=0.5),
                          poll_interval=0.05)
    try:
        processes.start("sleeper", SLEEPER, dict(os.environ))
        for _ in range(2):
            time.sleep(0.6)  # longer than settled: the process counts as having run a while
            killed = processes.process("sleeper")
            os.kill(killed.pid, signal.SIGKILL)
            eventually(lambda killed=killed: _assert_replaced(processes, "sleeper", killed), timeout=30)
        assert [e.restart_in for e in processes.exits] == [0.1, 0.1]
    finally:
        processes.stop_all()


def test_a_process_stopped_on_purpose_stays_stopped(processes):
    process = processes.start("sleeper", SLEEPER, dict(os.environ))
    processes.stop("sleeper")
    assert process.returncode == -signal.SIGTERM
    time.sleep(0.5)  # ten rounds of the supervisor: long enough for a restart, which must not come
    assert "sleeper" not in processes.running
    assert processes.exits == []


def test_without_supervision_a_dead_process_stays_dead(tmp_path):
    processes = Processes(tmp_path, poll_interval=0.05)
    try:
        process = processes.start("sleeper", SLEEPER, dict(os.environ))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        time.sleep(0.3)
        assert processes.process("sleeper") is process
        assert processes.exits == []
    finally:
        processes.stop_all()


def _assert_replaced(processes, name, killed):
    current = processes.process(name)
    assert current is not killed and current.poll() is None, "not restarted yet"
