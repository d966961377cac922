"""One database per service: an engine per container, a session per worker.

Writes go through ``transaction()``, which commits before the RPC reply is
sent (Nameko replies before ``worker_result`` runs, so committing there
would let a caller see success for a change that might still fail).
On PostgreSQL, reads outside ``transaction()`` run in autocommit: each
statement is its own transaction, as under READ COMMITTED each statement
has its own snapshot anyway, without the BEGIN before and the ROLLBACK after.
"""

import contextlib
import datetime as dt
import logging
import time

import eventlet
import eventlet.semaphore
from nameko.extensions import DependencyProvider
from sqlalchemy import create_engine, event, exc, select
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.orm import sessionmaker

from chassis.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

_green_postgres_ready = False
#: a pooled PostgreSQL connection unused this long is pinged before it is lent again
IDLE_BEFORE_PING_S = 10.0
#: seconds PostgreSQL has to accept a connection (libpq's least is 2) before the database counts as down
CONNECT_TIMEOUT_S = 2
#: seconds a caller waits for a pooled connection when every one is lent, instead of SQLAlchemy's 30
POOL_TIMEOUT_S = 2
#: what ``transaction()`` runs at on PostgreSQL (its default), named because reads outside run in autocommit
TRANSACTION_ISOLATION = "READ COMMITTED"


def make_engine(url: str, owner: str, green: bool = True, **options):
    """An engine for a service database.

    ``green``: the process runs under eventlet (a Nameko service), so
    PostgreSQL must wait cooperatively. The gateway under gunicorn's thread
    workers passes False. ``owner``: the service the database belongs to,
    named by the ``DatabaseUnavailable`` refusal when PostgreSQL cannot be reached.
    """
    global _green_postgres_ready
    if url.startswith("postgresql"):
        if green and not _green_postgres_ready:
            from psycogreen.eventlet import patch_psycopg

            patch_psycopg()
            _green_postgres_ready = True
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 20)
        options.setdefault("pool_timeout", POOL_TIMEOUT_S)
        engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}, **options)
        _ping_when_idle(engine)
        _refuse_while_unreachable(engine, owner)
        if green:
            _connect_within_timeout(engine)
        return engine

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **options)
    engine.dialect.colspecs = {**engine.dialect.colspecs, sqltypes.DateTime: UtcDateTime}

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets readers proceed while one writer commits.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class UtcDateTime(SQLITE_DATETIME):
    """SQLite keeps a timestamp as text without its offset: a column declared with a time zone stores an aware
    value in UTC and hands it back aware (UTC), as PostgreSQL's timestamptz does, so that the embedded platform
    answers the same times, with their offset, as the distributed one."""

    def bind_processor(self, dialect):
        process = super().bind_processor(dialect)
        if not self.timezone:
            return process

        def bind(value):
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return process(value) if process else value

        return bind

    def result_processor(self, dialect, coltype):
        process = super().result_processor(dialect, coltype)
        if not self.timezone:
            return process

        def result(value):
            value = process(value) if process else value
            return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) and value.tzinfo is None \
                else value

        return result


def _ping_when_idle(engine):
    """Pings a pooled connection before lending it only when it has been idle a while.

    A connection that sat unused may have been closed by the server or a
    restart, and a ping finds that out before a query fails on it (what
    ``pool_pre_ping`` does); one back from use a moment ago is known good. A
    ping is a round trip to PostgreSQL: on every checkout it cost each RPC
    call an extra 0.3–0.5 ms of the service's time (bin/bench, lookup).
    """

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _note_use(_dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("returned_at", 0.0) < IDLE_BEFORE_PING_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # the pool throws this connection away and lends a new one
            raise exc.DisconnectionError(f"a pooled connection is gone: {error}") from error


def _refuse_while_unreachable(engine, owner):
    """A connection that cannot be opened, or one that broke (server stopped, reset), raises
    ``DatabaseUnavailable`` naming ``owner``: a caller is told at once that the database is down, instead of an
    unexpected error. The pool has already dropped the broken connection; the next use opens a fresh one, so
    the service serves again as soon as PostgreSQL is back."""

    @event.listens_for(engine, "handle_error")
    def _unavailable(context):
        if context.is_disconnect or context.connection is None:  # no connection: it failed to open
            raise DatabaseUnavailable(str(context.original_exception).strip(),
                                      details={"service": owner}) from context.original_exception


def _connect_within_timeout(engine):
    """Under eventlet psycopg2 connects asynchronously, where libpq ignores ``connect_timeout``: bound the
    wait here, so an unreachable host (no answer at all) is refused as fast as a stopped server."""
    timed_out = engine.dialect.loaded_dbapi.OperationalError

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):
        with eventlet.Timeout(CONNECT_TIMEOUT_S, timed_out(f"no connection within {CONNECT_TIMEOUT_S} s")):
            return dialect.connect(*cargs, **cparams)


class WorkerDatabase:
    """What a worker sees of its service's database."""

    def __init__(self, session_factory, write_lock, transaction_options=None):
        self._session_factory = session_factory
        #: for what must not wait on the worker's session, such as the health check
        self.engine = session_factory.kw["bind"]
        self._write_lock = write_lock
        #: set when reads run in autocommit: how ``transaction()`` opens a real transaction
        self._transaction_options = transaction_options
        self._session = None
        #: told before and after each commit (``before_commit(session)``, ``after_commit()``): chassis.idempotency
        #: writes its row in the same transaction as the change
        self.commit_hooks = []

    @property
    def session(self):
        if self._session is None:
            self._session = self._session_factory()
        return self._session

    @contextlib.contextmanager
    def transaction(self):
        """Commit everything done inside, or nothing."""
        with self._write_lock:
            session = self.session
            if self._transaction_options is not None:
                if session.in_transaction():
                    # reads ran on an autocommit connection: hand it back without flushing or expiring anything
                    session.get_transaction().close()
                session.connection(execution_options=self._transaction_options)
            try:
                yield session
                for hook in self.commit_hooks:
                    hook.before_commit(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise
            for hook in self.commit_hooks:
                hook.after_commit()

    def close(self):
        if self._session is not None:
            session, self._session = self._session, None
            try:
                session.close()
            except (DatabaseUnavailable, exc.SQLAlchemyError) as error:
                # rolling back on a connection that died fails too; raised from worker_teardown it would kill
                # the whole container, and the pool has already dropped the connection
                log.warning("closing a session whose database connection is gone: %s", error.detail
                            if isinstance(error, DatabaseUnavailable) else error)


class Database(DependencyProvider):
    """``db = Database()``: reads ``DB_URL`` from the service's config."""

    def __init__(self, url_key="DB_URL"):
        self.url_key = url_key
        self.workers = {}

    def setup(self):
        self.url = self.container.config[self.url_key]
        # a pooled connection for every concurrent worker: opening PostgreSQL connections is costly
        workers = int(self.container.config.get("max_workers", 10))
        postgres = self.url.startswith("postgresql")
        options = {"pool_size": workers, "max_overflow": workers} if postgres else {}
        if postgres:
            # connections rest in autocommit, for reads: a lookup was BEGIN, SELECT, ROLLBACK, three round trips
            # for one (bin/bench); transaction() leaves it for the length of the transaction
            options["isolation_level"] = "AUTOCOMMIT"
        self.engine = make_engine(self.url, self.container.service_name, **options)
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.transaction_options = {"isolation_level": TRANSACTION_ISOLATION} if postgres else None
        # SQLite allows one writer; its busy-wait blocks the OS thread, which
        # under eventlet is every green thread. Serialise writers cooperatively.
        if self.engine.dialect.name == "sqlite":
            self.write_lock = eventlet.semaphore.Semaphore(1)
        else:
            self.write_lock = contextlib.nullcontext()

    def stop(self):
        self.engine.dispose()

    def kill(self):
        self.engine.dispose()

    def new_worker_database(self):
        return WorkerDatabase(self.session_factory, self.write_lock, self.transaction_options)

    def get_dependency(self, worker_ctx):
        # the outbox asks for the same worker's handle: both share one session
        if worker_ctx not in self.workers:
            self.workers[worker_ctx] = self.new_worker_database()
        return self.workers[worker_ctx]

    def worker_teardown(self, worker_ctx):
        handle = self.workers.pop(worker_ctx, None)
        if handle is not None:
            handle.close()


def upsert(session, model, **values):
    """Writes a row of ``model`` by its primary key, inserting it or updating the given columns, in one
    statement (``INSERT … ON CONFLICT DO UPDATE``), unless it holds them already. Unlike ``session.merge``,
    which reads and then inserts, two transactions doing it at once for the same key cannot both insert: a
    projection fed by concurrent events (an enterprise named by two of them) never fails on its own row."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"upsert on {dialect}")
    table = model.__table__
    keys = [column.name for column in table.primary_key.columns]
    # a row that holds these values already is left alone: the upsert would lock it to the end of the
    # transaction, and every writer naming the same row (each entry on one site names its project) would queue
    current = session.execute(select(*(table.c[name] for name in values)).where(
        *(table.c[name] == values[name] for name in keys))).first()
    if current is not None and all(current._mapping[name] == value for name, value in values.items()):
        return
    statement = insert(model).values(**values)
    updated = {name: statement.excluded[name] for name in values if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updated) if updated
                    else statement.on_conflict_do_nothing(index_elements=keys))
