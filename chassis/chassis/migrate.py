"""Applies Alembic migrations: ``python -m chassis.migrate [identity_svc gateway …]``; all of them without names.

Every service keeps its migrations in ``<service>/migrations`` beside its
``config.yaml``; the database URL is that config's ``DB_URL``, so the
migrations run against exactly the database the service will use.
"""

import argparse
import importlib
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

from chassis.config import load_config
from chassis.platform import MIGRATED_COMPONENTS

log = logging.getLogger(__name__)


def service_root(service: str) -> Path:
    package = importlib.import_module(service)
    return Path(package.__file__).resolve().parent.parent


def database_url(service: str) -> str:
    return load_config(service_root(service) / "config.yaml")["DB_URL"]


def upgrade(service: str, url: str | None = None):
    root = service_root(service)
    url = url or database_url(service)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.set_main_option("script_location", str(root / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")
    log.info("%s migrated (%s)", service, url.split("@")[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="*", default=MIGRATED_COMPONENTS,
                        help="components to migrate (default: every service and the gateway)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for service in args.services:
        upgrade(service)


if __name__ == "__main__":
    main()
