"""One blueprint per resource."""

from contextlib import AbstractContextManager

from flask import current_app, g

from gateway.idempotency import scoped_key


def services() -> AbstractContextManager:
    """An RPC proxy lent for this request, carrying the caller's identity and the request's idempotency key."""
    return current_app.extensions["rpc"].proxy(g.get("caller"), idempotency_key=scoped_key())
