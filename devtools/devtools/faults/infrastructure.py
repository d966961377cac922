"""A PostgreSQL cluster of the fault suite's own, in a temporary folder, on a free port (its RabbitMQ node is
devtools.broker.BrokerNode).

The machine's shared database (5432) serves other tests and people: the suite never
stops it; it stops and restarts this one instead, run as the ``postgres`` user as the packaged server is;
the suite runs as root or as that user.
"""

import os
import shutil
import subprocess
from pathlib import Path

from devtools.broker import free_port


def as_user(user: str, command: list[str], **kwargs):
    """Runs ``command`` as ``user`` (the servers refuse to run as root); as is when already that user."""
    if os.geteuid() == 0:
        command = ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{part}'" for part in command)]
    return subprocess.run(command, check=True, capture_output=True, timeout=120, **kwargs)


class PrivateDatabase:
    """A PostgreSQL cluster of its own under ``folder`` (trust authentication, local connections only)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
        self.bin = versions[-1] / "bin"
        self.running = False

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def create(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.folder, "postgres", "postgres")
        as_user("postgres", [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"])
        self.start()

    def start(self):
        # fsync off: the suite stops the cluster cleanly, never pulls the power; the shared disk is spared
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_user("postgres", [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                             "-l", str(self.folder / "postgresql.log"), "-w", "start"])
        self.running = True

    def stop(self):
        as_user("postgres", [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        self.running = False

    def close(self):
        if self.running:
            try:
                self.stop()
            except subprocess.SubprocessError as error:
                print(f"could not stop the PostgreSQL cluster in {self.data}: {error}", flush=True)
        shutil.rmtree(self.folder, ignore_errors=True)
