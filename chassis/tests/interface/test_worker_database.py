"""A worker's database: reads hold no transaction open; a transaction after them is still all or nothing."""

from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text

from chassis.database import Database


@pytest.fixture
def database(database_url):
    url = database_url("chassis")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE registrations (id integer PRIMARY KEY)"))
    provider = Database()
    provider.container = SimpleNamespace(service_name="identity_svc", config={"DB_URL": url, "max_workers": 2})
    provider.setup()
    yield provider, engine
    provider.stop()
    engine.dispose()


def holds_a_transaction_open(worker, engine):
    """What the database server sees of the worker's connection (PostgreSQL), or the driver (SQLite)."""
    if engine.dialect.name == "sqlite":
        return worker.session.connection().connection.dbapi_connection.in_transaction
    pid = worker.session.scalar(text("SELECT pg_backend_pid()"))
    with engine.connect() as observer:
        state = observer.scalar(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})
    return state == "idle in transaction"


def test_a_read_outside_a_transaction_holds_no_transaction_open(database):
    provider, engine = database
    worker = provider.new_worker_database()
    assert worker.session.scalar(text("SELECT count(*) FROM registrations")) == 0
    assert not holds_a_transaction_open(worker, engine)
    worker.close()


def test_a_transaction_after_reads_commits_all_or_nothing(database):
    provider, engine = database
    worker = provider.new_worker_database()
    assert worker.session.scalar(text("SELECT count(*) FROM registrations")) == 0
    with pytest.raises(RuntimeError), worker.transaction() as session:
        session.execute(text("INSERT INTO registrations VALUES (1)"))
        raise RuntimeError("refused after the first row")
    with worker.transaction() as session:
        session.execute(text("INSERT INTO registrations VALUES (2)"))
    worker.close()
    with engine.connect() as observer:
        assert observer.scalars(text("SELECT id FROM registrations")).all() == [2]
