"""出勤记录 live: Server-Sent Events of a project's new clock records, and the photo thumbnail of a record.

A stream is short: it polls attendance_svc for records after the last one sent (``clock_records_after``) every
ATTENDANCE_STREAM_POLL_SECONDS and ends after ATTENDANCE_STREAM_SECONDS (25 s), so that no gateway thread (gunicorn
gthread) is held by a page for longer; the client connects again with ``Last-Event-ID`` (the last record's id)
and misses nothing. The portal sends its login as the Authorization header, which EventSource cannot, so it reads
the stream with fetch; an EventSource with the header (a polyfill) works as well. Between polls the stream holds no
RPC proxy."""

import base64
import json
import logging
import time

from flask import Response, current_app, request, stream_with_context
from flask_smorest import Blueprint

from chassis.caller import SITE
from gateway.auth import AUTHORITY, requires
from gateway.errors import ApiError
from gateway.routes import services
from gateway.routes.attendance import own_site

log = logging.getLogger(__name__)
blp = Blueprint("attendance_live", __name__, url_prefix="/api/v1/projects",
                description="出勤记录 as it happens: new clock records pushed to the page, and their photos")
#: records sent per poll at most
BATCH = 100


def sse(event: str, data: dict, event_id=None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


def last_event_id():
    """Where the client is: the ``Last-Event-ID`` header (a reconnection), else ``?after=``; None: from now."""
    given = request.headers.get("Last-Event-ID") or request.args.get("after")
    try:
        return int(given) if given not in (None, "") and int(given) >= 0 else None
    except ValueError:
        return None


@blp.route("/<int:project_id>/attendance/records/stream")
@requires(SITE, AUTHORITY)
@blp.doc(responses={200: {"description": (
    "``text/event-stream``: first ``event: ready`` (``data: {\"last_id\"}``), then one ``event: record`` per new "
    "clock record (``id:`` its id, ``data:`` the record as 出勤记录 lists it), oldest first; comments keep the "
    "connection alive. The stream ends after about 25 s; connect again with ``Last-Event-ID``."),
    "content": {"text/event-stream": {"schema": {"type": "string"}}}}})
def record_stream(project_id):
    """出勤记录, live: the project's clock records after ``Last-Event-ID`` (or ``?after=<record id>``; neither: from
    now), as Server-Sent Events, for about 25 s."""
    own_site(project_id)
    seconds = float(current_app.config.get("ATTENDANCE_STREAM_SECONDS") or 25)
    poll = float(current_app.config.get("ATTENDANCE_STREAM_POLL_SECONDS") or 1)
    with services() as rpc:  # refused here (403, 503) as any request is, before the stream starts
        first = rpc.attendance_svc.clock_records_after(project_id, last_event_id(), BATCH)

    def events():
        last = first["last_id"]
        yield f"retry: {int(poll * 1000)}\n\n" + sse("ready", {"last_id": last}, last)
        found = first
        deadline = time.monotonic() + seconds
        while True:
            for record in found["items"]:
                yield sse("record", record, record["id"])
            last = found["last_id"]
            if time.monotonic() + poll > deadline:
                return
            time.sleep(poll)
            yield ": waiting\n\n"  # a client gone is found out here, and the generator closed
            try:
                with services() as rpc:
                    found = rpc.attendance_svc.clock_records_after(project_id, last, BATCH)
            except Exception:  # the client reconnects from the last id it has
                log.warning("出勤记录 stream of project %s ends early", project_id, exc_info=True)
                return

    # each event goes out as it is yielded: eventlet's WSGI server (the embedded platform's) otherwise gathers 4 KB
    # before it writes, and a page would see nothing until then
    request.environ["eventlet.minimum_write_chunk_size"] = 0
    return Response(stream_with_context(events()), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@blp.route("/<int:project_id>/attendance/records/<int:record_id>/photo")
@requires(SITE, AUTHORITY)
@blp.doc(responses={200: {"description": "the thumbnail, a JPEG of 96 px",
                          "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}})
def record_photo(project_id, record_id):
    """The photo thumbnail of a face record (96 px JPEG), where the installation keeps them (404 PHOTO_NOT_FOUND
    otherwise); to the project's site and the authority."""
    own_site(project_id)
    with services() as rpc:
        photo = rpc.attendance_svc.clock_photo(record_id)
    if photo["project_id"] != project_id:  # the authority asked under another project's address
        raise ApiError("PHOTO_NOT_FOUND")
    return Response(base64.b64decode(photo["image"]), mimetype=photo["content_type"],
                    headers={"Cache-Control": "private, max-age=86400"})
