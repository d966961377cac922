"""Gate terminals for the tests and the simulator (``bin/gate-sim``):

- ``Terminal`` speaks the platform's own device API (POST /api/v1/device/heartbeat, …/records, GET …/whitelist),
  every request signed with its secret as attendance_svc checks it: hex HMAC-SHA256 over
  ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\n`` + the SHA-256 hex of the body;
- ``ZKTecoTerminal`` speaks ZKTeco's iclock push (handshake, ATTLOG punches, getrequest, devicecmd) and carries
  out the USERINFO and BIOPHOTO commands it is given;
- ``HikvisionTerminal`` pushes ``AccessControllerEvent`` notifications, JSON or multipart with the capture;
  both authenticate with the device's secret as the token of their URL;
- ``HikvisionIsapi`` is a Hikvision terminal's own ISAPI server (digest authentication), which the platform
  calls to push people, cards and faces and to read their counts back."""

import datetime as dt
import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import uuid
import zoneinfo
from email import policy
from email.parser import BytesParser

import requests

#: the site's zone, in which ZKTeco terminals keep their clocks
SITE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


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


class ZKTecoTerminal:
    """A ZKTeco terminal polling the platform (iclock / ADMS push), its key as the ``token`` of every request. It
    holds what its commands told it (``users``: PINs; ``faces``: PIN → the BIOPHOTO's base64 JPEG) and reports
    their counts in getrequest's ``INFO`` when it ``poll``s."""

    #: Return of a command the terminal cannot carry out (ZKTeco's "parameter error"): a BIOPHOTO for a PIN it
    #: does not hold, or whose Size is not its Content's length
    REFUSED = -1

    def __init__(self, base_url: str, serial: str, token: str):
        self.base_url, self.serial, self.token = base_url.rstrip("/"), serial, token
        self.http = requests.Session()
        self.users: set[str] = set()
        self.faces: dict[str, str] = {}

    def request(self, method: str, route: str, body: str | None = None, **query) -> requests.Response:
        params = {"SN": self.serial, "token": self.token, **query}
        return self.http.request(method, f"{self.base_url}/iclock/{route}", params=params,
                                 data=None if body is None else body.encode("utf-8"),
                                 headers={"Content-Type": "text/plain"}, timeout=60)

    def handshake(self) -> str:
        response = self.request("GET", "cdata", options="all", pushver="2.4.1", language="83")
        response.raise_for_status()
        return response.text

    @staticmethod
    def punch(pin, at: dt.datetime, status: int = 0, verify: int = 15) -> str:
        """One ATTLOG line: PIN, the site's local time, status (0 in, 1 out), verify (15 face, 4 card, 1 finger)."""
        return f"{pin}\t{at.astimezone(SITE_ZONE):%Y-%m-%d %H:%M:%S}\t{status}\t{verify}\t0\t0\t0\t0\t0\t0"

    def upload(self, *lines: str) -> requests.Response:
        return self.request("POST", "cdata", "\n".join(lines) + "\n", table="ATTLOG", Stamp="9999")

    def getrequest(self, person_count=None, face_count=None) -> list[str]:
        """The commands due (``C:<id>:…`` lines); with counts, the INFO that reports them."""
        query = {}
        if person_count is not None:
            query["INFO"] = f"Ver 8.0.4.3-20190528,{person_count},0,0,192.168.1.201,10,7,12,{face_count or 0},111"
        response = self.request("GET", "getrequest", **query)
        response.raise_for_status()
        return [] if response.text.strip() == "OK" else [line for line in response.text.splitlines() if line]

    def carry_out(self, commands: list[str]) -> list[tuple]:
        """Does what ``C:<id>:…`` lines say, as a terminal does: USERINFO adds or removes a user (a removed user's
        face with it); BIOPHOTO keeps or deletes a user's face photo. ``[(command id, Return)]``."""
        answers = []
        for line in commands:
            _, command_id, command = line.split(":", 2)
            verb, _, rest = command.partition(" PIN=")
            fields = dict(field.split("=", 1) for field in f"PIN={rest}".split("\t") if "=" in field)
            pin = fields["PIN"]
            code = 0
            if verb == "DATA UPDATE USERINFO":
                self.users.add(pin)
            elif verb == "DATA DELETE USERINFO":
                self.users.discard(pin)
                self.faces.pop(pin, None)
            elif verb == "DATA UPDATE BIOPHOTO":
                content = fields.get("Content", "")
                if pin not in self.users or fields.get("Size") != str(len(content)) or not content:
                    code = self.REFUSED
                else:
                    self.faces[pin] = content
            elif verb == "DATA DELETE BIOPHOTO":
                self.faces.pop(pin, None)
            else:
                code = self.REFUSED
            answers.append((command_id, code))
        return answers

    def poll(self) -> list[str]:
        """One getrequest reporting what the terminal holds, its commands carried out and answered."""
        commands = self.getrequest(person_count=len(self.users), face_count=len(self.faces))
        answers = self.carry_out(commands)
        if answers:
            self.results(*answers).raise_for_status()
        return commands

    def results(self, *answers: tuple) -> requests.Response:
        """``answers``: (command id, Return code) of commands carried out."""
        body = "\n".join(f"ID={command_id}&Return={code}&CMD=DATA" for command_id, code in answers)
        return self.request("POST", "devicecmd", body)

    def close(self):
        self.http.close()


class HikvisionTerminal:
    """A Hikvision face terminal pushing its events to the platform (``httpHosts``)."""

    def __init__(self, base_url: str, serial: str, token: str):
        self.base_url, self.serial, self.token = base_url.rstrip("/"), serial, token
        self.http = requests.Session()

    @staticmethod
    def event(serial_no: int, employee=None, at: dt.datetime | None = None, minor: int = 75, front=None,
              status: str = "checkIn", card=None) -> dict:
        """An AccessControllerEvent as the terminal sends it (minor 75 face passed, 76 face failed, 1 card)."""
        at = at or dt.datetime.now(dt.UTC)
        return {"ipAddress": "192.168.1.64", "portNo": 80, "protocol": "HTTP", "macAddress": "24:0f:9b:11:22:33",
                "channelID": 1, "dateTime": at.astimezone(SITE_ZONE).isoformat(timespec="seconds"),
                "activePostCount": 1, "eventType": "AccessControllerEvent", "eventState": "active",
                "eventDescription": "Access Controller Event",
                "AccessControllerEvent": {
                    "deviceName": "face terminal", "majorEventType": 5, "subEventType": minor,
                    "employeeNoString": "" if employee is None else str(employee), "cardNo": card or "",
                    "cardReaderNo": 1, "doorNo": 1, "serialNo": serial_no,
                    "frontSerialNo": serial_no - 1 if front is None else front, "userType": "normal",
                    "currentVerifyMode": "cardOrFace", "attendanceStatus": status, "mask": "no",
                    "picturesNumber": 1}}

    def push(self, event: dict, photo: bytes | None = None, wrapped: bool = False) -> requests.Response:
        """JSON, or multipart with the ``event_log`` part and the capture when there is a photo."""
        url = f"{self.base_url}/api/v1/device/hikvision/events"
        params = {"serial": self.serial, "token": self.token}
        text = json.dumps({"EventNotificationAlert": event} if wrapped else event, ensure_ascii=False)
        if photo is None:
            return self.http.post(url, params=params, data=text.encode(),
                                  headers={"Content-Type": "application/json"}, timeout=60)
        return self.http.post(url, params=params, timeout=60, files={
            "event_log": (None, text, "application/json"), "Picture": ("capture.jpg", photo, "image/jpeg")})

    def close(self):
        self.http.close()


class HikvisionIsapi:
    """A Hikvision terminal's own ISAPI, as the platform calls it to push people and faces: an HTTP server on
    ``host:port`` (0: any free port) with digest authentication, holding users, cards and faces, answering as
    the terminal does — ``{"statusCode": 1, "subStatusCode": "ok"}``, or a refusal with its ``subStatusCode``
    (``employeeNoNotExist``, ``cardNoAlreadyExist``, ``pictureFaceDetectZero`` for a photo that is no JPEG,
    ``notSupport``). ``old_firmware``: no ``…/SetUp`` calls (the platform falls back to Record and Modify).
    ``busy``: how many of the next calls answer ``deviceBusy``. ``events``: its history, searched by
    ``POST /ISAPI/AccessControl/AcsEvent`` 30 a page (``history`` False: the firmware answers notSupport)."""

    REALM = "DS-K1T341AM"

    def __init__(self, username, password, host="127.0.0.1", port=0, old_firmware=False, history=True):
        self.username, self.password, self.old_firmware, self.history = username, password, old_firmware, history
        #: the terminal's access-control events (``HikvisionTerminal.event``'s ``AccessControllerEvent``, with
        #: ``time``), what its AcsEvent search hands over
        self.events = []
        self.users, self.cards, self.faces = {}, {}, {}  # employeeNo → UserInfo; cardNo → employeeNo; FPID → JPEG
        self.calls, self.busy, self.nonce = [], 0, uuid.uuid4().hex
        self.lock = threading.Lock()
        terminal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.answer()

            def do_PUT(self):
                self.answer()

            def do_POST(self):
                self.answer()

            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not terminal.authorised(self.command, self.path, self.headers.get("Authorization", "")):
                    self.send(401, b"", {"WWW-Authenticate": f'Digest realm="{terminal.REALM}", qop="auth", '
                                                             f'nonce="{terminal.nonce}", algorithm="MD5"'})
                    return
                with terminal.lock:
                    status, answer = terminal.carry_out(self.command, self.path, body,
                                                        self.headers.get("Content-Type", ""))
                self.send(status, json.dumps(answer).encode(), {"Content-Type": "application/json"})

            def send(self, status, body, headers):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "HikvisionIsapi":
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def authorised(self, method, uri, header) -> bool:
        """HTTP digest (RFC 7616, MD5, qop auth) with this terminal's username, password and nonce."""
        if not header.startswith("Digest "):
            return False
        given = dict(re.findall(r'(\w+)="?([^",]*)"?', header[7:]))

        def md5(text):
            return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 — what HTTP digest is

        if given.get("username") != self.username or given.get("nonce") != self.nonce or given.get("uri") != uri:
            return False
        ha1, ha2 = md5(f"{self.username}:{self.REALM}:{self.password}"), md5(f"{method}:{uri}")
        expected = md5(f"{ha1}:{self.nonce}:{given.get('nc')}:{given.get('cnonce')}:auth:{ha2}")
        return hmac.compare_digest(expected, given.get("response", ""))

    REFUSALS = {"employeeNoNotExist": (400, 6, "Invalid Content"), "cardNoAlreadyExist": (400, 6, "Invalid Content"),
                "employeeNoAlreadyExist": (400, 6, "Invalid Content"),
                "deviceUserAlreadyExistFace": (400, 6, "Invalid Content"),
                "pictureFaceDetectZero": (400, 6, "Invalid Content"), "badJsonContent": (400, 5, "Invalid Format"),
                "notSupport": (403, 4, "Invalid Operation"), "deviceBusy": (503, 2, "Device Busy")}

    def refuse(self, sub):
        status, code, words = self.REFUSALS[sub]
        return status, {"statusCode": code, "statusString": words, "subStatusCode": sub, "errorMsg": sub}

    def carry_out(self, method, uri, body, content_type):
        path = uri.split("?")[0]
        self.calls.append(f"{method} {path}")
        if self.busy:
            self.busy -= 1
            return self.refuse("deviceBusy")
        if self.old_firmware and path.endswith(("/SetUp", "/FDSetUp")):
            return self.refuse("notSupport")
        ok = (200, {"statusCode": 1, "statusString": "OK", "subStatusCode": "ok"})
        if method == "GET":
            if path == "/ISAPI/AccessControl/UserInfo/Count":
                return 200, {"UserInfoCount": {"userNumber": len(self.users)}}
            if path == "/ISAPI/Intelligent/FDLib/Count":
                return 200, {"FDRecordDataInfo": [{"FDID": "1", "faceLibType": "blackFD",
                                                   "recordDataNumber": len(self.faces)}]}
            if path == "/ISAPI/AccessControl/UserInfoDetail/DeleteProcess":
                return 200, {"UserInfoDetailDeleteProcess": {"status": "success"}}
            return self.refuse("notSupport")
        if path.startswith("/ISAPI/Intelligent/FDLib/") and path != "/ISAPI/Intelligent/FDLib/FDSearch/Delete":
            return self.face(path, body, content_type)
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return self.refuse("badJsonContent")
        if path in ("/ISAPI/AccessControl/UserInfo/SetUp", "/ISAPI/AccessControl/UserInfo/Record",
                    "/ISAPI/AccessControl/UserInfo/Modify"):
            user = payload.get("UserInfo") or {}
            number = str(user.get("employeeNo") or "")
            if not number:
                return self.refuse("badJsonContent")
            if path.endswith("/Record") and number in self.users:
                return self.refuse("employeeNoAlreadyExist")
            if path.endswith("/Modify") and number not in self.users:
                return self.refuse("employeeNoNotExist")
            self.users[number] = user
            return ok
        if path in ("/ISAPI/AccessControl/UserInfoDetail/Delete", "/ISAPI/AccessControl/UserInfo/Delete"):
            condition = payload.get("UserInfoDetail") or payload.get("UserInfoDelCond") or {}
            for each in condition.get("EmployeeNoList") or []:
                number = str(each.get("employeeNo"))
                self.users.pop(number, None)
                self.faces.pop(number, None)
                self.cards = {card: holder for card, holder in self.cards.items() if holder != number}
            return ok
        if path == "/ISAPI/AccessControl/CardInfo/Delete":
            gone = {str(each.get("employeeNo")) for each in
                    (payload.get("CardInfoDelCond") or {}).get("EmployeeNoList") or []}
            self.cards = {card: holder for card, holder in self.cards.items() if holder not in gone}
            return ok
        if path == "/ISAPI/AccessControl/CardInfo/Record":
            card = payload.get("CardInfo") or {}
            number, card_no = str(card.get("employeeNo") or ""), str(card.get("cardNo") or "")
            if number not in self.users:
                return self.refuse("employeeNoNotExist")
            if self.cards.get(card_no, number) != number:
                return self.refuse("cardNoAlreadyExist")
            self.cards[card_no] = number
            return ok
        if path == "/ISAPI/AccessControl/AcsEvent" and self.history:
            return 200, {"AcsEvent": self.search(payload.get("AcsEventCond") or {})}
        if path == "/ISAPI/Intelligent/FDLib/FDSearch/Delete":
            for each in payload.get("FPID") or []:
                self.faces.pop(str(each.get("value")), None)
            return ok
        return self.refuse("notSupport")

    def search(self, condition):
        """A page of the events between the condition's startTime and endTime, from its searchResultPosition."""
        start, end = (dt.datetime.fromisoformat(condition[key]) for key in ("startTime", "endTime"))
        found = [event for event in self.events if start <= dt.datetime.fromisoformat(event["time"]) <= end]
        position, size = int(condition.get("searchResultPosition", 0)), min(int(condition.get("maxResults", 30)), 30)
        page = found[position:position + size]
        status = "NO MATCH" if not found else "MORE" if position + size < len(found) else "OK"
        return {"searchID": condition.get("searchID"), "responseStatusStrg": status, "numOfMatches": len(page),
                "totalMatches": len(found), "InfoList": page}

    def face(self, path, body, content_type):
        message = BytesParser(policy=policy.default).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        record, photo = None, None
        for part in message.iter_parts() if message.is_multipart() else []:
            content = part.get_payload(decode=True) or b""
            if part.get_content_type() == "application/json":
                record = json.loads(content or b"{}")
            elif part.get_content_type() == "image/jpeg":
                photo = content
        if not isinstance(record, dict) or record.get("FDID") != "1" or not record.get("FPID"):
            return self.refuse("badJsonContent")
        number = str(record["FPID"])
        if number not in self.users:
            return self.refuse("employeeNoNotExist")
        if path == "/ISAPI/Intelligent/FDLib/FaceDataRecord" and number in self.faces:
            return self.refuse("deviceUserAlreadyExistFace")
        if not photo or not photo.startswith(b"\xff\xd8"):
            return self.refuse("pictureFaceDetectZero")
        if path not in ("/ISAPI/Intelligent/FDLib/FDSetUp", "/ISAPI/Intelligent/FDLib/FaceDataRecord",
                        "/ISAPI/Intelligent/FDLib/FDModify"):
            return self.refuse("notSupport")
        self.faces[number] = photo
        return 200, {"statusCode": 1, "statusString": "OK", "subStatusCode": "ok", "FPID": number}


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
