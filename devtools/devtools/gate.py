"""A gate terminal speaking the platform's own device API (POST /api/v1/device/heartbeat, …/records,
GET …/whitelist), every request signed with its secret as attendance_svc checks it: hex HMAC-SHA256 over
``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\n`` + the SHA-256 hex of the body. For the tests and the simulator."""

import datetime as dt
import hashlib
import hmac
import json
import time
import uuid

import requests


def signature(secret: str, method: str, path: str, timestamp: int, nonce: str, body: bytes) -> str:
    text = f"{method}\n{path}\n{timestamp}\n{nonce}\n{hashlib.sha256(body).hexdigest()}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


class Terminal:
    def __init__(self, base_url: str, serial: str, secret: str):
        self.base_url, self.serial, self.secret = base_url.rstrip("/"), serial, secret
        self.http = requests.Session()

    def headers(self, method: str, path: str, body: bytes, timestamp=None, nonce=None) -> dict:
        timestamp = int(time.time()) if timestamp is None else timestamp
        nonce = nonce or uuid.uuid4().hex
        return {"X-Device-Serial": self.serial, "X-Device-Timestamp": str(timestamp), "X-Device-Nonce": nonce,
                "X-Device-Signature": signature(self.secret, method, path, timestamp, nonce, body),
                "Content-Type": "application/json"}

    def post(self, path: str, payload: dict, **signing) -> requests.Response:
        """``path`` under /api/v1/device; ``signing``: a ``timestamp`` or ``nonce`` of the caller's choosing."""
        body = json.dumps(payload).encode()
        full = "/api/v1/device" + path
        return self.http.post(self.base_url + full, data=body, headers=self.headers("POST", full, body, **signing),
                              timeout=60)

    def heartbeat(self, person_count=0, face_count=0) -> dict:
        response = self.post("/heartbeat", {"person_count": person_count, "face_count": face_count})
        response.raise_for_status()
        return response.json()

    def upload(self, *records: dict) -> dict:
        """Each record's outcome by its ``seq``."""
        response = self.post("/records", {"records": list(records)})
        if response.status_code != 200:
            raise AssertionError(f"upload answered {response.status_code}: {response.text}")
        return {result["seq"]: result for result in response.json()["results"]}

    def close(self):
        self.http.close()


def moment(minutes_ago: float = 0) -> str:
    """A device time, ISO 8601 with its offset, ``minutes_ago`` before now."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)).isoformat()


def sample_photos() -> dict[str, bytes]:
    """JPEG photos made from the samples the insightface package ships: ``worker`` (Tom Hanks, one face, as an
    enrolment photo), ``worker_again`` (the same face at another size, as a gate camera sees it) and ``group``
    (t1.jpg, six people: refused for enrolment, and a stranger at the gate)."""
    import os

    import cv2
    import insightface

    samples = os.path.join(os.path.dirname(insightface.__file__), "data", "images")
    hanks = cv2.imread(os.path.join(samples, "Tom_Hanks_54745.png"))

    def jpeg(image) -> bytes:
        return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()

    return {
        "worker": jpeg(cv2.copyMakeBorder(cv2.resize(hanks, (336, 336)), 120, 120, 120, 120, cv2.BORDER_CONSTANT,
                                          value=(128, 128, 128))),
        "worker_again": jpeg(cv2.copyMakeBorder(cv2.resize(hanks, (224, 224)), 100, 100, 100, 100,
                                                cv2.BORDER_REPLICATE)),
        "group": jpeg(cv2.imread(os.path.join(samples, "t1.jpg"))),
    }
