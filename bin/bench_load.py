"""Load generation for ``bin/bench``: closed-loop clients on OS threads, latency percentiles, CPU shares.

Each client runs in its own thread and sends its next request as soon as the
previous one is answered, so the concurrency is the number of requests in
flight. Only requests that start and finish inside the measured window count;
the warm-up before it fills connection pools and caches.
"""

import http.client
import json
import os
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field


class OutOfWork(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a call when its supply of work (e.g. fresh documents) is used up: the client stops."""


@dataclass
class Result:
    scenario: str
    via: str  # "rpc" (a standalone Nameko proxy) or "http" (the gateway)
    concurrency: int
    requests: int  # answered correctly inside the window
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    first_error: str | None = None
    ran_out: bool = False  # some client ran out of work before the window closed
    cpu: dict[str, float] = field(default_factory=dict)  # cores busy per process group during the window
    connections: int | None = None  # HTTP connections opened, warm-up included

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def percentile_ms(self, percent: int) -> float | None:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else None
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[percent - 1]


def run_load(call: Callable, clients: list, *, warmup: float, duration: float, max_calls: int,
             probe: "CpuProbe | None" = None) -> Result:
    """Runs ``call(client)`` back to back on every client, one thread each.

    ``call`` returns None when the answer is right, or a short description of
    what was wrong. Every loop is bounded by ``max_calls`` per client and by the
    clock; a client stuck past the window (a hung request) is left behind.
    """
    window_start = time.perf_counter() + warmup
    window_end = window_start + duration
    outcomes = [None] * len(clients)

    def worker(index, client):
        latencies, errors, first_error, stopped = [], 0, None, window_end
        for _ in range(max_calls):
            started = time.perf_counter()
            if started >= window_end:
                break
            try:
                problem = call(client)
            except OutOfWork:
                stopped = started
                break
            except Exception as error:  # every failure is counted, none stops the run
                problem = f"{type(error).__name__}: {error}"
            finished = time.perf_counter()
            if started >= window_start and finished <= window_end:
                if problem is None:
                    latencies.append((finished - started) * 1000)
                else:
                    errors += 1
                    first_error = first_error or problem
        outcomes[index] = (latencies, errors, first_error, stopped)

    threads = [threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    before = after = None
    if probe is not None:
        _sleep_until(window_start)
        before = probe.snapshot()
        _sleep_until(window_end)
        after = probe.snapshot()
    give_up = window_end + 15
    for thread in threads:
        thread.join(timeout=max(0.0, give_up - time.perf_counter()))

    finished = [o for o in outcomes if o is not None]
    latencies = [ms for o in finished for ms in o[0]]
    stopped = max((o[3] for o in finished), default=window_end)
    result = Result(
        scenario="", via="", concurrency=len(clients),
        requests=len(latencies),
        errors=sum(o[1] for o in finished) + len(outcomes) - len(finished),
        seconds=max(0.0, min(stopped, window_end) - window_start),
        latencies_ms=latencies,
        first_error=next((o[2] for o in finished if o[2]), None),
        ran_out=any(o[3] < window_end for o in finished),
    )
    if len(finished) < len(outcomes):
        result.first_error = result.first_error or f"{len(outcomes) - len(finished)} client(s) hung"
    if before and after:
        result.cpu = probe.shares(before, after)
    return result


def _sleep_until(moment):
    time.sleep(max(0.0, moment - time.perf_counter()))


class HttpClient:
    """One keep-alive HTTP/1.1 connection, as a browser tab or an API client would hold it."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = "Bearer " + token
        self.connection = None
        self.connects = 0  # more than one per client means the server closed kept-alive connections

    def request(self, method: str, path: str, body=None) -> tuple[int, bytes]:
        payload = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):
            fresh = self.connection is None
            if fresh:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.connects += 1
            try:
                self.connection.request(method, path, body=payload, headers=self.headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt == 2:
                    raise
                continue  # the server closed an idle kept-alive connection: once more on a new one
            if response.will_close:
                self.close()
            return response.status, data
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class CpuProbe:
    """CPU time of groups of processes, read from /proc, as a share of one core (2.0 = two cores busy).

    ``process_groups`` names process-group ids (the launcher starts each
    platform process in its own session, so a gunicorn master and its workers
    share one); ``commands`` names executables (``beam.smp``, ``postgres``) for
    the servers the platform did not start. ``own`` is this process: the load generator.
    """

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, process_groups: dict[str, int], commands: dict[str, str], own: str = "load generator"):
        self.process_groups = {pgid: name for name, pgid in process_groups.items()}
        self.commands = {command: name for name, command in commands.items()}
        self.own = own
        self.names = [own, *process_groups, *commands]

    def snapshot(self) -> tuple[float, dict[int, tuple[str, int]], int]:
        """(when, {pid: (group, CPU ticks so far)}, the machine's busy ticks so far)."""
        processes = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    raw = stat.read()
            except OSError:  # the process ended meanwhile
                continue
            command = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw[raw.rindex(")") + 2:].split()
            pid, pgid = int(entry.name), int(fields[2])
            group = self.own if pid == os.getpid() else self.process_groups.get(pgid) or self.commands.get(command)
            if group:  # its threads' time and that of its children that ended (utime stime cutime cstime)
                processes[pid] = (group, sum(int(ticks) for ticks in fields[11:15]))
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        busy = sum(values) - values[3] - values[4]  # all but idle and iowait
        return time.perf_counter(), processes, busy

    def shares(self, before, after) -> dict[str, float]:
        """Per group, and ``other`` (the machine's busy time no group accounts for: other programs, the kernel).

        A process that ended inside the window (a PostgreSQL backend of a
        connection that was closed) is counted through its parent, whose
        children's time then includes all of it; what it had used before the
        window is taken off again.
        """
        seconds = after[0] - before[0]
        ticks = dict.fromkeys(self.names, 0)
        for pid, (group, used) in after[1].items():
            previous = before[1].get(pid)
            ticks[group] += used - (previous[1] if previous and previous[0] == group else 0)
        for pid, (group, used) in before[1].items():
            if pid not in after[1]:
                ticks[group] -= used
        shares = {name: max(0, used) / self.TICKS / seconds for name, used in ticks.items()}
        machine = (after[2] - before[2]) / self.TICKS / seconds
        shares["other"] = max(0.0, machine - sum(shares.values()))
        shares["machine"] = machine
        return shares
