"""The gateway's database session, one per request."""

from flask import current_app, g
from sqlalchemy.orm import sessionmaker

from chassis.database import make_engine


class GatewayDatabase:
    def __init__(self, url: str):
        self.engine = make_engine(url, "gateway", green=False)
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)

    def session(self):
        if "db_session" not in g:
            g.db_session = self.session_factory()
        return g.db_session

    def init_app(self, app):
        @app.teardown_appcontext
        def close_session(_exc):
            session = g.pop("db_session", None)
            if session is not None:
                session.close()


def database():
    """This request's session of the gateway database."""
    return current_app.extensions["db"].session()
