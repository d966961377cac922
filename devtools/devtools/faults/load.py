"""What the fault suite does to the platform and sees of it: a steady write load through the gateway, a
health probe, and a subscriber outside the platform counting the events it publishes."""

import contextlib
import itertools
import random
import threading
import time
import uuid
from dataclasses import dataclass

import requests
from faker import Faker

from devtools.synthetic import mobile_phone, resident_id_number

#: longer than the gateway's RPC timeout (10 s) and gunicorn's worker timeout (30 s): an unanswered request
#: is the platform's silence, not the client's impatience
CLIENT_TIMEOUT = 40


#: what a client does with a write that got no definitive answer (a 503, no answer at all, or the first try
#: still being answered): send it again with the same Idempotency-Key after a short pause, as the portal does,
#: for this many seconds at most — longer than an outage and its recovery bound, and than the gateway's
#: ``ABANDONED_AFTER`` (a claim whose answer it could not keep while its database was down)
RETRY_PAUSE = 0.5
RETRY_WINDOW = 60.0
#: the answer to a retry whose first try the gateway is still answering (its connection broke meanwhile)
IN_FLIGHT = "IDEMPOTENCY_KEY_IN_FLIGHT"


@dataclass
class Call:
    """One request and what it was answered."""

    started: float  # time.monotonic()
    finished: float
    status: int | None  # None: no answer (connection refused or reset, or CLIENT_TIMEOUT)
    code: str | None  # the error code of a refusal, the exception's name when there was no answer
    id_number: str | None = None  # a registration's person: the same for every try of one write
    person_id: int | None = None
    created: bool | None = None
    sent_at: float = 0.0  # time.time(), to compare with when the person was registered
    attempt: int = 0  # 0: the write's first try; n: its n-th retry with the same key
    replayed: bool = False  # the gateway answered from the answer it kept (Idempotent-Replayed)

    @property
    def succeeded(self):
        return self.status is not None and 200 <= self.status < 300

    @property
    def definitive(self):
        """An answer the client need not retry: anything but a 503, no answer, or "the first is in flight"."""
        return self.status is not None and self.status != 503 and self.code != IN_FLIGHT

    @property
    def latency(self):
        return self.finished - self.started


def timed_call(send) -> tuple[Call, dict]:
    """What ``send()`` was answered, and the answer's JSON body (empty when there was none)."""
    started, sent_at = time.monotonic(), time.time()
    try:
        response = send()
    except requests.RequestException as error:
        return Call(started, time.monotonic(), None, type(error).__name__, sent_at=sent_at), {}
    finished = time.monotonic()
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    code = None if response.ok else body.get("error") or "(no code)"
    return Call(started, finished, response.status_code, code, sent_at=sent_at,
                replayed=response.headers.get("Idempotent-Replayed") == "true"), body


def login(base_url: str, username: str, password: str) -> str:
    response = requests.post(f"{base_url}/api/v1/auth/login", json={"username": username, "password": password},
                             timeout=CLIENT_TIMEOUT)
    response.raise_for_status()
    return response.json()["token"]


class People:
    """Synthetic people with ID numbers never handed out twice in one run."""

    def __init__(self, seed=7):
        self.rng = random.Random(seed)  # noqa: S311  reproducible synthetic people, not secrets
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.issued = set()
        self.lock = threading.Lock()

    def next(self) -> dict:
        with self.lock:
            number = resident_id_number(self.rng)
            while number in self.issued:
                number = resident_id_number(self.rng)
            self.issued.add(number)
            return {"id_type": "01", "id_number": number, "name": self.fake.name(), "ethnicity": "01",
                    "address": "上海市徐汇区故障测试路1号", "phone": mobile_phone(self.rng)}


class WriteLoad:
    """``threads`` clients registering new people (POST /api/v1/persons) one after another, each person by one
    write with an ``Idempotency-Key`` of its own. A write answered 503 or not at all is sent again with its key
    (``RETRY_PAUSE``, for ``RETRY_WINDOW`` at most) until it gets a definitive answer; a definitive refusal is
    not retried. ``calls`` holds every try, in the order they were answered."""

    def __init__(self, base_url: str, token: str, people: People, threads=4, pause=0.05):
        self.base_url = base_url
        self.token = token
        self.people = people
        self.threads = threads
        self.pause = pause
        self.calls: list[Call] = []
        self._stopping = threading.Event()
        self._workers = []

    def __enter__(self):
        for number in range(self.threads):
            worker = threading.Thread(target=self._write, name=f"writer-{number}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self._stopping.set()
        for worker in self._workers:
            worker.join()

    def _write(self):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token}"
        while not self._stopping.is_set():
            self._register(session, self.people.next())
            self._stopping.wait(self.pause)

    def _register(self, session, person):
        """One write, tried until it is answered definitively or ``RETRY_WINDOW`` has passed (the load may be
        stopping meanwhile: a write begun is carried through, as a client would)."""
        key = str(uuid.uuid4())
        given_up_at = time.monotonic() + RETRY_WINDOW
        for attempt in itertools.count():
            call, body = timed_call(lambda: session.post(
                f"{self.base_url}/api/v1/persons", json=person, headers={"Idempotency-Key": key},
                timeout=CLIENT_TIMEOUT))
            call.id_number, call.attempt = person["id_number"], attempt
            if call.succeeded:
                call.person_id, call.created = (body.get("person") or {}).get("id"), body.get("created")
            self.calls.append(call)
            if call.definitive or time.monotonic() + RETRY_PAUSE > given_up_at:
                return
            time.sleep(RETRY_PAUSE)


class HealthProbe:
    """GET /api/v1/health every ``interval`` seconds: when every service answers again."""

    def __init__(self, base_url: str, interval=0.25):
        self.base_url = base_url
        self.interval = interval
        self.calls: list[Call] = []
        self._stopping = threading.Event()
        self._worker = threading.Thread(target=self._probe, name="health-probe", daemon=True)

    def __enter__(self):
        self._worker.start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self._worker.join()

    def _probe(self):
        session = requests.Session()
        while not self._stopping.is_set():
            call, _ = timed_call(lambda: session.get(f"{self.base_url}/api/v1/health", timeout=CLIENT_TIMEOUT))
            self.calls.append(call)
            self._stopping.wait(self.interval)


class EventCounter:
    """A plain AMQP subscriber (kombu, not Nameko) with a durable queue of its own bound to
    ``identity_svc.events`` for ``person_registered``: each delivery counted by event id and person id.
    It reconnects by itself when the broker goes away, as any outside subscriber would."""

    QUEUE = "faults.person_registered"

    def __init__(self, amqp_uri: str):
        self.amqp_uri = amqp_uri
        self.deliveries: dict[str, int] = {}  # event_id → how many times it arrived
        self.events_of_person: dict[int, set] = {}  # person_id → its person_registered event ids
        self.undecodable = 0
        self.lock = threading.Lock()
        self._stopping = threading.Event()
        self._worker = threading.Thread(target=self._consume_forever, name="event-counter", daemon=True)
        self.ready = threading.Event()

    def __enter__(self):
        self._worker.start()
        if not self.ready.wait(30):
            raise TimeoutError("the event subscriber could not bind its queue within 30 s")
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self._worker.join()

    def received_for(self, person_ids) -> set:
        with self.lock:
            return {p for p in person_ids if self.events_of_person.get(p)}

    def _consume_forever(self):
        from kombu import Connection, Exchange, Queue

        exchange = Exchange("identity_svc.events", type="topic", durable=True)
        queue = Queue(self.QUEUE, exchange, routing_key="person_registered", durable=True)
        while not self._stopping.is_set():
            try:
                with Connection(self.amqp_uri, connect_timeout=2) as connection, \
                        connection.Consumer(queue, callbacks=[self._count], accept=["json"]):
                    self.ready.set()
                    while not self._stopping.is_set():
                        with contextlib.suppress(TimeoutError):
                            connection.drain_events(timeout=0.5)
            except Exception:  # noqa: BLE001,S110  the broker is away: connect again, as a subscriber must
                self._stopping.wait(0.5)

    def _count(self, body, message):
        with self.lock:
            if isinstance(body, dict) and "event_id" in body:
                event_id = body["event_id"]
                self.deliveries[event_id] = self.deliveries.get(event_id, 0) + 1
                person = (body.get("data") or {}).get("person_id")
                self.events_of_person.setdefault(person, set()).add(event_id)
            else:
                self.undecodable += 1
        message.ack()
