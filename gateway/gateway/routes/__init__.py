"""One blueprint per resource."""

from contextlib import AbstractContextManager

from flask import current_app, g


def services() -> AbstractContextManager:
    """An RPC proxy lent for this request, carrying the caller's identity."""
    return current_app.extensions["rpc"].proxy(g.get("caller"))
