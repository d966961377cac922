"""The fault scenarios, their figures and their verdicts (``make faults``, ``bin/faults``).

Each scenario runs under its own steady write load (new people registered through the gateway) with a
health probe, puts one fault on the platform, waits for it to recover, and then checks the contract:

- each write (a registration with an ``Idempotency-Key``, sent again with its key after a 503 or no answer,
  as the portal does) ends with its own first result: 201 created and its person registered exactly once,
  never 200 "already registered" for its own first try; a write refused definitively never appears, not
  even later (it is checked again at the end of the suite); no write is left without a definitive answer;
- every person registered got its ``person_registered`` event (redeliveries of one event id are allowed:
  delivery is at-least-once), and no event names a person that does not exist;
- during the outage clients are answered 2xx or 503 with a code that names what is down
  (``OUTAGE_CODES``); a 500 never;
- no process exits unasked except the one the scenario kills, and that one comes back by itself;
- the platform serves again (a write accepted and health 200) within ``RECOVERY_BOUND`` seconds of the
  fault's end: the killed process's death, the broker's or database's return, the last poison message.
"""

import datetime as dt
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chassis.pii import PersonalDataVault, generate_settings
from chassis.platform import PLATFORM_SERVICES
from devtools.broker import BrokerNode, free_port
from devtools.faults.infrastructure import PrivateDatabase
from devtools.faults.load import IN_FLIGHT, RETRY_WINDOW, EventCounter, HealthProbe, People, WriteLoad, login
from devtools.faults.poison import POISON_KINDS, dead_letters, publish_poison
from devtools.launcher import (
    Backoff,
    DistributedPlatform,
    create_postgres_database,
    describe_exit,
    wait_until_healthy,
)

#: seconds from a fault's end to the platform serving again, by kind of fault: a killed service is
#: restarted after the supervisor's first backoff (1 s) and starts in a few seconds on a loaded machine;
#: a poison message should not stop anything from serving at all
RECOVERY_BOUND = {"kill": 30.0, "broker": 20.0, "database": 20.0, "poison": 10.0}
#: what a client may be answered while something is down (issue 7): 503 naming the missing part
OUTAGE_CODES = {"SERVICE_UNAVAILABLE", "DATABASE_UNAVAILABLE", "BROKER_UNAVAILABLE"}
OUTAGE_SECONDS = 6  # how long the broker and the database stay away
WARM_UP = 1.5  # seconds of load before the fault
STEADY = 1.5  # seconds of load after the platform serves again
#: make up's backoff (1 s doubling to 30 s) but capped at 8 s: a service that a poison message kills on every
#: start must not hold the next scenario back half a minute
SUPERVISION = Backoff(first=1.0, longest=8.0, settled=20.0)
EVENT_WAIT = 30  # seconds the events of the accepted writes may take to arrive
ACCOUNT = ("faults", "Faults@2026")


@dataclass
class Scenario:
    name: str
    kind: str  # a key of RECOVERY_BOUND
    inject: object  # () -> the set of process names the fault kills on purpose
    writes: list = field(default_factory=list)
    health: list = field(default_factory=list)
    fault_started: float = 0.0
    fault_ended: float = 0.0
    recovered_at: float | None = None
    refused_writes: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)


class FaultSuite:
    def __init__(self, folder: Path, services=PLATFORM_SERVICES):
        self.folder = Path(folder)
        self.services = tuple(services)
        self.broker = BrokerNode(self.folder / "rabbitmq")
        self.database = PrivateDatabase(self.folder / "postgresql")
        self.settings = generate_settings() | {"AUTH_SECRET": secrets.token_urlsafe(32)}
        self.vault = PersonalDataVault.from_mapping(self.settings)
        self.people = People()
        self.platform = None
        self.urls = {}
        self.token = None

    # -- the platform on infrastructure of its own -------------------------------------------------------

    def start(self):
        started = time.monotonic()
        self.database.create()
        self.broker.start()
        for component in (*self.services, "gateway"):
            self.urls[component] = create_postgres_database(self.database.admin_url, component.removesuffix("_svc"))
        self.platform = DistributedPlatform(
            self.services, self.urls, self.settings, gateway_bind=f"127.0.0.1:{free_port()}",
            amqp_uri=self.broker.amqp_uri, log_dir=self.folder / "log", supervise=True, backoff=SUPERVISION)
        self.platform.start()
        self._create_account()
        self.token = login(self.platform.base_url, *ACCOUNT)
        say(f"platform up in {time.monotonic() - started:.0f} s: RabbitMQ node {self.broker.node} on "
            f"{self.broker.port}, PostgreSQL on {self.database.port}, gateway {self.platform.base_url}, "
            f"logs in {self.folder / 'log'}")

    def _create_account(self):
        from gateway.accounts import ensure_account

        engine = create_engine(self.urls["gateway"])
        with Session(engine) as session:
            ensure_account(session, ACCOUNT[0], ACCOUNT[1], role="authority", display_name="故障测试",
                           scope_name="上海市住房和城乡建设管理委员会", region_code="310000")
        engine.dispose()

    def close(self):
        """Everything the suite started, stopped and removed: also after a failure."""
        if self.platform is not None:
            self.platform.stop()
        self.broker.stop()
        self.database.close()

    # -- the scenarios -------------------------------------------------------------------------------------

    def scenarios(self):
        made = [Scenario(f"kill -9 {service}", "kill", self._killer(service)) for service in self.services]
        made.append(Scenario("broker restart", "broker", self._restart_broker))
        made.append(Scenario("database stop", "database", self._stop_database))
        made += [Scenario(f"poison: {kind}", "poison", self._poisoner(kind)) for kind in POISON_KINDS]
        return made

    def _killer(self, service):
        def kill():
            name = f"{service}.0"
            os.kill(self.platform.processes.process(name).pid, signal.SIGKILL)
            return {name}

        return kill

    def _restart_broker(self):
        self.broker.stop_app()
        time.sleep(OUTAGE_SECONDS)
        self.broker.start_app()
        return set()

    def _stop_database(self):
        self.database.stop()
        time.sleep(OUTAGE_SECONDS)
        self.database.start()
        return set()

    def _poisoner(self, kind):
        def poison():
            self.poison_sent = publish_poison(self.broker.amqp_uri, self.services, kind)
            time.sleep(3)  # a service that dies of a message does so at once; requeued, it dies again meanwhile
            return set()

        return poison

    def messages_on_the_platforms_queues(self) -> dict[str, tuple[int, int]]:
        """``{queue: (ready, unacknowledged)}`` of the services' RPC and event queues that hold any."""
        listed = self.broker.ctl("list_queues", "name", "messages_ready", "messages_unacknowledged",
                                 "--no-table-headers").stdout.decode()
        held = {}
        for line in listed.splitlines():
            name, ready, unacknowledged = line.split()
            if name.startswith(("rpc-", "evt-")) and (int(ready) or int(unacknowledged)):
                held[name] = (int(ready), int(unacknowledged))
        return held

    def purge_the_platforms_queues(self):
        """What an operator does by hand when a message kills its consumer on every delivery: after a
        failed poison scenario, so that the next one starts on a clean bus (and says so)."""
        held = self.messages_on_the_platforms_queues()
        for name in held:
            self.broker.ctl("purge_queue", name)
        if held:
            say(f"  purged by hand before the next scenario: {describe_queues(held)}")

    def run(self, scenario: Scenario, counter: EventCounter):
        say(f"\n== {scenario.name}")
        try:
            wait_until_healthy(self.platform.base_url, timeout=60)
        except TimeoutError:
            scenario.failures.append("the platform was not healthy 60 s after the previous scenario")
        exits_before = len(self.platform.processes.exits)
        bound = RECOVERY_BOUND[scenario.kind]
        with HealthProbe(self.platform.base_url) as probe, \
                WriteLoad(self.platform.base_url, self.token, self.people) as load:
            time.sleep(WARM_UP)
            scenario.fault_started = time.monotonic()
            killed = scenario.inject()
            scenario.fault_ended = time.monotonic()
            deadline = scenario.fault_ended + bound + 2
            while time.monotonic() < deadline:
                scenario.recovered_at = recovery_moment(load.calls, probe.calls, scenario.fault_ended)
                if scenario.recovered_at is not None:
                    break
                time.sleep(0.2)
            time.sleep(STEADY)
        scenario.writes, scenario.health = load.calls, probe.calls
        exits = self.platform.processes.exits[exits_before:]
        self._judge(scenario, counter, killed, exits, bound)
        if scenario.kind == "poison" and scenario.failures:
            self.purge_the_platforms_queues()

    # -- the verdict -------------------------------------------------------------------------------------

    def _judge(self, scenario, counter, killed, exits, bound):
        writes, fails, figures = scenario.writes, scenario.failures, scenario.figures
        registrations = self.registrations([w.id_number for w in writes])
        rows = {number: [person_id for person_id, _ in found] for number, found in registrations.items()}
        figures["writes"], write_failures = judge_writes(writes, registrations)
        fails.extend(write_failures)
        # a write not applied by now must never be: a stale call that runs late (checked at the suite's end)
        scenario.refused_writes = [w for w in final_answers(writes).values()
                                   if not w.succeeded and not rows.get(w.id_number)]

        # events: one person_registered per person that exists, arriving within EVENT_WAIT; those still
        # missing are waited for again at the end (a dead service's outbox relays when it is back)
        persons = {person_id for ids in rows.values() for person_id in ids}
        deadline = time.monotonic() + EVENT_WAIT
        while len(counter.received_for(persons)) < len(persons) and time.monotonic() < deadline:
            time.sleep(0.2)
        figures["events"] = count_events(counter, persons)

        # answers during the outage: from the fault to the first success after it
        until = scenario.recovered_at or max((w.finished for w in writes), default=scenario.fault_ended)
        during = [w for w in writes if scenario.fault_started <= w.started <= until]
        refusals = sorted(w.latency for w in during if not w.succeeded)
        figures["outage_answers"] = dict(Counter(answer_of(w) for w in during))
        figures["refusal_latency"] = (max(refusals), percentile(refusals, 0.99)) if refusals else None
        figures["recovery"] = (scenario.recovered_at - scenario.fault_ended) if scenario.recovered_at else None
        bad = [w for w in writes if write_answer_breaks_contract(w)]
        bad += [h for h in scenario.health if h.status not in (None, 200, 503)]
        if bad:
            fails.append(f"answers outside the contract: {describe_answers(bad)}")
        if scenario.recovered_at is None:
            fails.append(f"not serving again within {bound:g} s of the fault's end")
        elif figures["recovery"] > bound:
            fails.append(f"recovered in {figures['recovery']:.1f} s, over the bound of {bound:g} s")

        # processes: only the killed one may die, and it must come back
        deaths = Counter(f"{e.name} {describe_exit(e.returncode)}" for e in exits)
        figures["exits"] = [f"{death} ×{count}" for death, count in deaths.items()]
        unasked = Counter(f"{e.name} {describe_exit(e.returncode)}" for e in exits if e.name not in killed)
        for death, count in unasked.items():
            fails.append(f"{death}" + (f", {count} times (restarted each time)" if count > 1 else ""))
        for name in killed:
            if not any(e.name == name for e in exits):
                fails.append(f"the supervisor did not see {name} die")
        for name in list(self.platform.processes.running):
            process = self.platform.processes.process(name)
            if process.poll() is not None:
                fails.append(f"{name} is not running at the scenario's end")
        if scenario.kind == "poison":
            figures["poison_sent"] = len(self.poison_sent)
            figures["dead_letters"] = dead_letters(self.broker.amqp_uri, self.services)
            # no load now: a message still queued or held unacknowledged is a poison message requeued or stuck
            deadline = time.monotonic() + 5
            while (held := self.messages_on_the_platforms_queues()) and time.monotonic() < deadline:
                time.sleep(0.5)
            if held:
                fails.append(f"messages left on the platform's queues: {describe_queues(held)}")
        show(scenario)

    def final_checks(self, scenarios, counter) -> list[str]:
        """After every scenario: a refused write may have run late (a stale call still queued) and must not
        have; an event still missing is lost; no event may name a person who does not exist (an event of a
        rolled-back change). The scenarios' figures become the final ones."""
        rows_of = {s.name: self.persons_by_number([w.id_number for w in s.writes]) for s in scenarios}
        persons_of = {name: {p for ids in rows.values() for p in ids} for name, rows in rows_of.items()}
        everyone = set().union(*persons_of.values()) if persons_of else set()
        deadline = time.monotonic() + EVENT_WAIT
        while len(counter.received_for(everyone)) < len(everyone) and time.monotonic() < deadline:
            time.sleep(0.2)
        for scenario in scenarios:
            rows, writes = rows_of[scenario.name], scenario.figures["writes"]
            late = [w for w in scenario.refused_writes if rows.get(w.id_number)]
            if late:
                scenario.failures.append(f"{len(late)} writes refused or given up ({describe_answers(late)}) "
                                         "were applied after the scenario")
                writes["applied_late"] = len(late)
            events = scenario.figures["events"] = count_events(counter, persons_of[scenario.name])
            if events["lost"]:
                scenario.failures.append(f"{events['lost']} person_registered events lost (none arrived by the "
                                         "end of the suite)")
        with counter.lock:
            phantoms = set(counter.events_of_person) - everyone
        return [f"{len(phantoms)} person_registered events name persons that do not exist"] if phantoms else []

    def persons_by_number(self, id_numbers) -> dict[str, list[int]]:
        """``{id_number: [person ids]}`` from identity_svc's database."""
        return {number: [person_id for person_id, _ in found]
                for number, found in self.registrations(id_numbers).items()}

    def registrations(self, id_numbers) -> dict[str, list[tuple[int, float]]]:
        """``{id_number: [(person id, when registered, as time.time())]}`` from identity_svc's database,
        matched by the blind index."""
        from identity_svc.models import Person
        from identity_svc.service import id_number_index

        by_index = {id_number_index(self.vault, "01", number): number for number in id_numbers}
        engine = create_engine(self.urls["identity_svc"])
        try:
            with engine.connect() as connection:
                found = {}
                indexes = list(by_index)
                for start in range(0, len(indexes), 1000):
                    rows = connection.execute(select(Person.id, Person.id_number_index, Person.registered_at).where(
                        Person.id_number_index.in_(indexes[start:start + 1000])))
                    for person_id, index, registered_at in rows:
                        found.setdefault(by_index[index], []).append((person_id, registered_at.timestamp()))
                return found
        finally:
            engine.dispose()


def final_answers(calls) -> dict:
    """``{id_number: the last try of that write}``: a write is judged by the answer its client ended with."""
    return {call.id_number: call for call in sorted(calls, key=lambda call: call.attempt)}


def judge_writes(calls, registrations) -> tuple[dict, list[str]]:
    """The writes' figures and what in them breaks the contract. ``calls``: every try; ``registrations``:
    ``{id_number: [(person id, registered at)]}``.

    A 503 says the outcome is unknown, not that nothing happened (the reply of a committed write may be lost
    with the broker); the client retries with its key until it has a definitive answer. So each write must end
    with its own first result: 201 created, and its person registered exactly once — never 200 "already
    registered" for its own request, never a refusal that was applied, and never left without a definitive
    answer after the client's retry window (longer than any recovery bound)."""
    finals = final_answers(calls)
    tries = Counter(call.id_number for call in calls)
    after_503 = {call.id_number for call in calls if call.status == 503 and call.attempt < tries[call.id_number] - 1}
    retried = [w for w in finals.values() if w.attempt > 0]
    accepted = [w for w in finals.values() if w.succeeded]
    refused = [w for w in finals.values() if w.definitive and not w.succeeded]
    gave_up = [w for w in finals.values() if not w.definitive]
    lost = [w for w in accepted if not registrations.get(w.id_number)]
    duplicated = [w for w in accepted if len(registrations.get(w.id_number, ())) > 1]
    already = [w for w in accepted if w.created is False]
    # the first try was applied though its answer was lost, and the retry was answered its result
    replayed_first = [w for w in retried if w.succeeded and w.created
                      and any(when < w.sent_at for _, when in registrations.get(w.id_number, ()))]
    refused_applied = [w for w in refused if registrations.get(w.id_number)]
    gave_up_applied = [w for w in gave_up if registrations.get(w.id_number)]
    figures = dict(attempted=len(finals), requests=len(calls), accepted=len(accepted), lost=len(lost),
                   duplicated=len(duplicated), already_registered=len(already), retried=len(retried),
                   retried_after_503=len(after_503), replayed_first=len(replayed_first), refused=len(refused),
                   refused_but_applied=len(refused_applied), gave_up=len(gave_up),
                   gave_up_but_applied=len(gave_up_applied),
                   unanswered=sum(1 for w in gave_up if w.status is None), applied_late=0)
    failures = []
    if lost:
        failures.append(f"{len(lost)} accepted writes lost (e.g. {lost[0].id_number[:6]}…)")
    if duplicated:
        failures.append(f"{len(duplicated)} accepted writes applied more than once")
    if already:
        failures.append(f"{len(already)} writes were answered 'already registered' for their own first try")
    if refused_applied:
        failures.append(f"{len(refused_applied)} writes refused ({describe_answers(refused_applied)}) were "
                        "applied all the same")
    if gave_up:
        failures.append(f"{len(gave_up)} writes had no definitive answer after retrying "
                        f"{RETRY_WINDOW:g} s ({describe_answers(gave_up)}; {len(gave_up_applied)} applied)")
    return figures, failures


def recovery_moment(writes, health, fault_ended):
    """When the platform served again: a write started after the fault's end accepted, and health 200."""
    first_write = min((w.finished for w in list(writes) if w.started >= fault_ended and w.succeeded), default=None)
    first_health = min((h.finished for h in list(health) if h.started >= fault_ended and h.succeeded), default=None)
    if first_write is None or first_health is None:
        return None
    return max(first_write, first_health)


def count_events(counter, persons) -> dict:
    """Expected: one per person; duplicated: deliveries beyond the first of an event, and further events
    of one person (delivery is at-least-once: subscribers dedupe by event_id)."""
    received = counter.received_for(persons)
    with counter.lock:
        event_ids = {e for p in persons for e in counter.events_of_person.get(p, ())}
        redelivered = sum(counter.deliveries[e] - 1 for e in event_ids)
        republished = sum(len(counter.events_of_person[p]) - 1 for p in received)
    return dict(expected=len(persons), received=len(received), lost=len(persons - received),
                duplicated=redelivered + republished)


def write_answer_breaks_contract(call) -> bool:
    """Neither accepted nor refused with 503 naming what is down (no answer at all is counted apart), nor a
    retry told that its first try is still being answered (after a connection that broke)."""
    if call.status is None or call.succeeded:
        return False
    if call.status == 409 and call.code == IN_FLIGHT and call.attempt > 0:
        return False
    return not (call.status == 503 and call.code in OUTAGE_CODES)


def answer_of(call) -> str:
    if call.status is None:
        return f"no answer ({call.code})"
    return str(call.status) if call.succeeded else f"{call.status} {call.code}"


def describe_answers(calls) -> str:
    return ", ".join(f"{answer} ×{count}" for answer, count in Counter(answer_of(c) for c in calls).most_common())


def describe_queues(held) -> str:
    return ", ".join(f"{name} {ready} ready / {unacked} unacknowledged" for name, (ready, unacked) in held.items())


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def say(line):
    print(line, flush=True)


def show(scenario):
    f = scenario.figures
    w, e = f["writes"], f["events"]
    say(f"  writes: {w['attempted']} attempted in {w['requests']} requests, {w['accepted']} accepted, {w['lost']} "
        f"lost, {w['duplicated']} duplicated, {w['already_registered']} answered 'already registered' for their "
        f"own first try; retried after 503: {w['retried_after_503']}, replayed the first answer: "
        f"{w['replayed_first']}; {w['refused']} refused ({w['refused_but_applied']} applied all the same), "
        f"{w['gave_up']} given up ({w['unanswered']} unanswered, {w['gave_up_but_applied']} applied)")
    say(f"  events: {e['expected']} expected, {e['received']} received, {e['lost']} not arrived yet (waited for "
        f"again at the end), {e['duplicated']} duplicated (redelivered; at-least-once)")
    answers = ", ".join(f"{answer} ×{count}" for answer, count in sorted(f["outage_answers"].items()))
    say(f"  answered from the fault to recovery: {answers or 'nothing'}")
    if f["refusal_latency"]:
        say(f"  refusals answered in max {f['refusal_latency'][0]:.2f} s, p99 {f['refusal_latency'][1]:.2f} s")
    recovery = f"{f['recovery']:.1f} s" if f["recovery"] is not None else "never"
    say(f"  recovery (fault's end → write accepted and health 200): {recovery} "
        f"(bound {RECOVERY_BOUND[scenario.kind]:g} s)")
    say(f"  processes that exited: {', '.join(f['exits']) or 'none'}")
    if "dead_letters" in f:
        depths = ", ".join(f"{service} {'none' if depth is None else depth}"
                           for service, depth in f["dead_letters"].items())
        say(f"  {f['poison_sent']} poison messages sent; messages in <service>.dead-letters: {depths}")
    for failure in scenario.failures:
        say(f"  FAIL: {failure}")


def summary(scenarios) -> str:
    header = (f"{'scenario':<32} {'writes ok/lost/dup/already/refused+applied/gave up':<50} "
              f"{'retried/replayed':<16} {'events exp/recv/lost/dup':<25} {'500s':>4} {'refusal max/p99 s':>18} "
              f"{'recovery s':>10}  verdict")
    lines = [header, "-" * len(header)]
    for s in scenarios:
        w, e, f = s.figures["writes"], s.figures["events"], s.figures
        fives = sum(1 for c in s.writes + s.health if c.status == 500)
        latency = f"{f['refusal_latency'][0]:.2f}/{f['refusal_latency'][1]:.2f}" if f["refusal_latency"] else "-"
        recovery = f"{f['recovery']:.1f}" if f["recovery"] is not None else "never"
        writes = (f"{w['accepted']}/{w['lost']}/{w['duplicated']}/{w['already_registered']}/"
                  f"{w['refused_but_applied'] + w['applied_late']}/{w['gave_up']}")
        retries = f"{w['retried_after_503']}/{w['replayed_first']}"
        events = f"{e['expected']}/{e['received']}/{e['lost']}/{e['duplicated']}"
        lines.append(f"{s.name:<32} {writes:<50} {retries:<16} {events:<25} {fives:>4} {latency:>18} "
                     f"{recovery:>10}  {'ok' if not s.failures else 'FAIL'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="The platform under faults: kill -9, broker restart, "
                                                 "database stop, poison messages (needs root and the servers' "
                                                 "packages; never touches the shared broker or database)")
    parser.add_argument("--only", action="append", choices=("kill", "broker", "database", "poison"),
                        help="run only this kind of scenario (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the logs folder")
    args = parser.parse_args(argv)
    # stopped from outside (CI's timeout), the suite still stops its servers and processes (finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="faults-"))
    folder.chmod(0o755)  # the servers' users must reach their folders inside
    suite = FaultSuite(folder)
    scenarios, failures = [], []
    try:
        suite.start()
        scenarios = [s for s in suite.scenarios() if not args.only or s.kind in args.only]
        with EventCounter(suite.broker.amqp_uri) as counter:
            for scenario in scenarios:
                suite.run(scenario, counter)
            failures = suite.final_checks(scenarios, counter)
    finally:
        suite.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    say(f"\n== summary ({dt.timedelta(seconds=round(time.monotonic() - started))}; recovery bounds: "
        + ", ".join(f"{kind} {bound:g} s" for kind, bound in RECOVERY_BOUND.items()) + ")")
    say(summary(scenarios))
    failed = [s for s in scenarios if s.failures]
    for scenario in failed:
        for failure in scenario.failures:
            say(f"FAIL {scenario.name}: {failure}")
    for failure in failures:
        say(f"FAIL: {failure}")
    say(f"\n{len(scenarios) - len(failed)} of {len(scenarios)} scenarios hold the contract")
    return 1 if failed or failures else 0

