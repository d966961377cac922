"""The gateway's real app on a SQLite database, with no services behind it, and one site account."""

import pytest

from chassis.migrate import upgrade
from gateway.accounts import ensure_account
from gateway.app import create_app

#: the key login tokens are signed with in these tests
SECRET = "unit-test-secret-of-sufficient-length"


@pytest.fixture
def app(tmp_path):
    url = f"sqlite:///{tmp_path}/gateway.db"
    upgrade("gateway", url)
    portal = tmp_path / "dist"
    (portal / "assets").mkdir(parents=True)
    (portal / "index.html").write_text("<div id=app></div>")
    (portal / "assets" / "app.js").write_text("console.log(1)")
    app = create_app({"DB_URL": url, "AUTH_SECRET": SECRET, "PORTAL_DIR": str(portal), "AMQP_URI": "memory://"})
    with app.app_context():
        ensure_account(app.extensions["db"].session(), "site_3", "Right@2026", "site", "现场", "测试项目三",
                       project_id=3)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def site_3(client):
    """The headers of a request by the site account ``site_3`` (project 3)."""
    token = client.post("/api/v1/auth/login", json={"username": "site_3", "password": "Right@2026"}).json["token"]
    return {"Authorization": f"Bearer {token}"}
