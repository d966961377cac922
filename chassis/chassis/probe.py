"""Liveness and readiness of a service container, from its heartbeat file (chassis.heartbeat).

    python -m chassis.probe live  [--file PATH] [--max-age SECONDS]
    python -m chassis.probe ready [--file PATH] [--max-age SECONDS]

(``PATH`` defaults to ``$HEARTBEAT_FILE``, the variable the service writes it by.)

``live`` exits 0 while the container's heartbeat is fresh: the process is
running and not stuck. It says nothing of the broker or the database, so an
outage of either never restarts a service (which would make restart storms and
help nothing). ``ready`` also needs the last beat to have found the service's
database answering. Exit 1 otherwise, with the reason on standard output.
Only the standard library: a probe starts often and must start fast.
"""

import argparse
import json
import os
import sys
import time

#: a few missed beats (chassis.heartbeat beats every 5 s) before a container counts as stuck
DEFAULT_MAX_AGE_S = 30.0


def verdict(kind: str, path: str, max_age: float, now: float | None = None) -> tuple[bool, str]:
    """(passes, why) of the ``live`` or ``ready`` probe of the heartbeat file at ``path``."""
    now = time.time() if now is None else now
    try:
        age = now - os.stat(path).st_mtime
        with open(path, encoding="utf-8") as beat:
            state = json.load(beat)
    except FileNotFoundError:
        return False, f"no heartbeat at {path}: the service is not running (yet)"
    except (OSError, ValueError) as error:
        return False, f"unreadable heartbeat at {path}: {error}"
    if age > max_age:
        return False, f"last heartbeat {age:.0f}s ago (more than {max_age:.0f}s): the service is stuck"
    if kind == "ready" and not state.get("ready"):
        return False, f"not ready: {state.get('reason') or 'no reason given'}"
    return True, "ok"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chassis.probe", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("live", "ready"))
    parser.add_argument("--file", default=os.environ.get("HEARTBEAT_FILE"),
                        help="the heartbeat file (default: $HEARTBEAT_FILE, as the service has it)")
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE_S,
                        help=f"seconds a beat stays fresh (default {DEFAULT_MAX_AGE_S:.0f})")
    args = parser.parse_args(argv)
    if not args.file:
        parser.error("name the heartbeat file: --file or HEARTBEAT_FILE")
    passes, why = verdict(args.kind, args.file, args.max_age)
    print(why)
    return 0 if passes else 1


if __name__ == "__main__":
    sys.exit(main())
