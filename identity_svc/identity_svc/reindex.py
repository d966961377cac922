"""Writes the blind-indexed fragments of ID numbers for persons who have none: ``python -m identity_svc.reindex``.

Persons registered before migration 0002 (or loaded around the service, as
``make seed`` does) have no fragments, so 模糊查询 by part of an ID number
does not find them. This reads each such number with the installation's keys
(PII_KEYS, PII_ACTIVE_KEY, PII_INDEX_KEY from the environment, else
var/secrets.env) from the database of IDENTITY_DB_URL (else the one in
identity_svc/config.yaml), in batches, one transaction each. Running it again
does nothing to persons already indexed; it can run while the service runs.
"""

import argparse
import logging
import os
import time
from pathlib import Path

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session

from chassis.database import make_engine
from chassis.pii import SETTING_NAMES, PersonalDataVault
from identity_svc.models import IdNumberFragment, Person
from identity_svc.service import fragment_indexes

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


def reindex(engine, vault: PersonalDataVault, batch_size: int = 1000) -> int:
    """Indexes every person without fragments; returns how many persons it indexed."""
    indexed, after = 0, 0
    unindexed = ~exists().where(IdNumberFragment.person_id == Person.id)
    while True:
        with Session(engine) as session, session.begin():
            batch = session.execute(
                select(Person.id, Person.id_number_encrypted).where(Person.id > after, unindexed)
                .order_by(Person.id).limit(batch_size)
            ).all()
            if not batch:
                return indexed
            rows = [{"fragment_index": index, "person_id": person_id}
                    for person_id, encrypted in batch
                    for index in fragment_indexes(vault, vault.decrypt(encrypted))]
            if rows:
                session.execute(insert(IdNumberFragment), rows)
        indexed += len(batch)
        after = batch[-1].id
        log.info("%d persons indexed", indexed)


def installation_vault(var: Path = ROOT / "var") -> PersonalDataVault:
    """The keys the services use: the environment's, else the ones ``make run`` keeps in var/secrets.env."""
    settings = dict(os.environ)
    secrets_file = var / "secrets.env"
    if not all(settings.get(name) for name in SETTING_NAMES) and secrets_file.exists():
        settings = dict(line.split("=", 1) for line in secrets_file.read_text().splitlines() if "=" in line)
    return PersonalDataVault.from_mapping(settings)


def main(argv=None):
    from chassis.migrate import database_url

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    engine = make_engine(database_url("identity_svc"), "identity_svc", green=False)
    started = time.monotonic()
    try:
        count = reindex(engine, installation_vault(), args.batch_size)
    finally:
        engine.dispose()
    log.info("done: %d persons indexed in %.1f s", count, time.monotonic() - started)


if __name__ == "__main__":
    main()
