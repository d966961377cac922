"""YAML configuration with ``${VAR:default}`` substitution from the environment.

Nameko's own loader understands the same syntax; this one serves the gateway
and the tools that read a service's config outside ``nameko run``.
"""

import os
import re
from pathlib import Path

import yaml

_ENV_REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<default>[^}]*))?\}")


def expand_environment(text: str) -> str:
    def substitute(match):
        value = os.environ.get(match.group("name"))
        if value is None:
            value = match.group("default") or ""
        return value

    return _ENV_REFERENCE.sub(substitute, text)


def load_config(path) -> dict:
    return yaml.safe_load(expand_environment(Path(path).read_text(encoding="utf-8"))) or {}
