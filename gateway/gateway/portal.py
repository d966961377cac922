"""Serves the built portals (gateway/web/dist): files as they are, index.html for app routes."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

DEFAULT_PORTAL_DIR = Path(__file__).resolve().parent.parent / "web" / "dist"

blp = Blueprint("portal", __name__)


def portal_dir() -> Path:
    return Path(current_app.config.get("PORTAL_DIR") or DEFAULT_PORTAL_DIR)


@blp.route("/", defaults={"path": ""})
@blp.route("/<path:path>")
def serve(path):
    if path.startswith("api/"):
        abort(404)
    root = portal_dir()
    if path and (root / path).is_file():
        return send_from_directory(root, path, max_age=31536000 if path.startswith("assets/") else 0)
    if not (root / "index.html").is_file():
        return "The portal is not built: run `make portal`.", 503
    return send_from_directory(root, "index.html", max_age=0)
