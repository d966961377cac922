"""Hikvision ISAPI, the calls the platform makes to a face terminal it reaches (its ``address`` and digest
credentials, given at 登记设备): a person's row and card, the person's face, and the counts for the read-back.
Plain Python over ``requests``; no Nameko, no session.

- A person: ``PUT /ISAPI/AccessControl/UserInfo/SetUp`` (add or modify; firmware without it: ``POST …/Record``,
  then ``PUT …/Modify`` where the person exists), ``employeeNo`` our person id, the name as the terminal shows it;
  the card: ``PUT /ISAPI/AccessControl/CardInfo/Delete`` of the person's cards, then ``POST …/CardInfo/Record``
  of the one issued. Gone: ``PUT /ISAPI/AccessControl/UserInfoDetail/Delete`` (the person with their cards and
  face; the terminal carries it out in the background: ``GET …/DeleteProcess`` until ``success``; firmware
  without it: ``PUT …/UserInfo/Delete``).
- A face: the enrolment photo in face library 1 (``blackFD``), ``FPID`` the person's ``employeeNo``:
  ``PUT /ISAPI/Intelligent/FDLib/FDSetUp`` (multipart: the ``FaceDataRecord`` JSON and the JPEG; firmware without
  it: ``POST …/FaceDataRecord``, then ``PUT …/FDModify`` where the face exists); gone:
  ``PUT /ISAPI/Intelligent/FDLib/FDSearch/Delete``.
- Counts: ``GET /ISAPI/AccessControl/UserInfo/Count`` (people; ``bindFaceUserNumber`` where the firmware gives
  it) and ``GET /ISAPI/Intelligent/FDLib/Count`` (the library's faces).
- History, for 对账: ``POST /ISAPI/AccessControl/AcsEvent`` (``AcsEventCond``: a search id, a position, major 5,
  a time window), page after page while it answers ``MORE`` (many DS-K1T terminals answer ``notSupport``: their
  history is pasted instead).

A refusal is ``IsapiRefused`` with its code, what the 同步 page shows: ``DEVICE_UNREACHABLE`` (no connection, or
no answer in time), ``ISAPI_UNAUTHORIZED`` (the username or password refused), ``ISAPI <subStatusCode>`` (what
the terminal said, e.g. ``ISAPI cardNoAlreadyExist``, ``ISAPI deviceBusy``).
"""

import json
import re
import time
import urllib.parse
import uuid

import requests
from requests.auth import HTTPDigestAuth

from chassis.errors import InvalidInput

DEVICE_UNREACHABLE, ISAPI_UNAUTHORIZED = "DEVICE_UNREACHABLE", "ISAPI_UNAUTHORIZED"
#: the face library a terminal identifies from
FACE_LIBRARY = {"faceLibType": "blackFD", "FDID": "1"}
#: what a terminal answers for a call its firmware lacks
UNSUPPORTED = {"notSupport", "invalidOperation", "methodNotAllowed", "HTTP 404", "HTTP 405"}
#: the longest name a terminal shows
NAME_LENGTH = 32
#: seconds to connect, seconds to wait for an answer
TIMEOUT = (3, 15)
#: how long a terminal may take to delete a person in the background
DELETE_WAIT_SECONDS = 10
#: the most events a terminal hands over in one page of its history (many firmwares cap it at 30)
HISTORY_PAGE = 30


class IsapiRefused(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code} {detail}".strip())
        self.code = code


def check_address(address) -> str | None:
    """A device's ISAPI address as given at 登记设备, tidied: ``http(s)://host[:port][/path]``, no user, query or
    fragment; None when empty. InvalidInput (``device_address: INVALID``) otherwise."""
    text = str(address or "").strip().rstrip("/")
    if not text:
        return None
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
            or parts.password or parts.query or parts.fragment or len(text) > 200 or re.search(r"\s", text) \
            or (port is not None and not 0 < port < 65536):
        raise InvalidInput("the device's address must be http:// or https:// with a host (e.g. "
                           "http://192.168.1.64), without a user, query or fragment",
                           fields={"device_address": "INVALID"})
    return text


def user_info(person_id: int, name: str | None) -> dict:
    """A person as the terminal holds them: valid until 2037, through door 1 at all times."""
    return {"UserInfo": {
        "employeeNo": str(person_id), "name": (name or str(person_id))[:NAME_LENGTH], "userType": "normal",
        "Valid": {"enable": True, "beginTime": "2000-01-01T00:00:00", "endTime": "2037-12-31T23:59:59",
                  "timeType": "local"},
        "doorRight": "1", "RightPlan": [{"doorNo": 1, "planTemplateNo": "1"}]}}


def employee_list(person_id: int) -> list[dict]:
    return [{"employeeNo": str(person_id)}]


def refusal_of(response) -> str:
    """The code of an answer that is not a success (its ``subStatusCode``, JSON or XML), None for a success."""
    if response.status_code == 401:
        return ISAPI_UNAUTHORIZED
    text = response.text or ""
    status, sub = None, None
    try:
        answer = json.loads(text) if text.strip() else {}
        if isinstance(answer, dict):
            status, sub = answer.get("statusCode"), answer.get("subStatusCode")
    except ValueError:
        found = re.search(r"<statusCode>\s*(\d+)\s*</statusCode>", text)
        status = int(found.group(1)) if found else None
        found = re.search(r"<subStatusCode>\s*([\w.-]+)\s*</subStatusCode>", text)
        sub = found.group(1) if found else None
    if response.status_code < 300 and status in (None, 1, "1") and sub in (None, "ok"):
        return None
    return f"ISAPI {sub}" if sub and sub != "ok" else f"ISAPI HTTP {response.status_code}"


class IsapiDevice:
    """One terminal's ISAPI, called with its digest credentials."""

    def __init__(self, address: str, username: str, password: str, http=None):
        self.address = address.rstrip("/")
        self.http = http or requests.Session()
        self.http.auth = HTTPDigestAuth(username, password)

    def call(self, method: str, path: str, body=None, files=None) -> dict:
        """The answer's JSON (``{}`` when it has none); IsapiRefused when the terminal cannot be reached or says
        no."""
        url = f"{self.address}{path}"
        try:
            if files is not None:
                response = self.http.request(method, url, files=files, timeout=TIMEOUT)
            else:
                response = self.http.request(method, url, timeout=TIMEOUT,
                                             data=None if body is None else json.dumps(body, ensure_ascii=False)
                                             .encode(), headers={"Content-Type": "application/json"})
        except requests.RequestException as error:
            raise IsapiRefused(DEVICE_UNREACHABLE, type(error).__name__) from None
        code = refusal_of(response)
        if code is not None:
            raise IsapiRefused(code)
        try:
            answer = response.json()
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}

    def call_supported(self, *calls):
        """The first of ``calls`` (method, path, keyword arguments) the firmware has."""
        for index, (method, path, arguments) in enumerate(calls):
            try:
                return self.call(method, path, **arguments)
            except IsapiRefused as refusal:
                if refusal.code.removeprefix("ISAPI ") not in UNSUPPORTED or index == len(calls) - 1:
                    raise
        return {}

    # -- people -------------------------------------------------------------------------------------------------------

    def set_up_person(self, person_id: int, name: str | None, card_number: str | None):
        body = user_info(person_id, name)
        try:
            self.call_supported(("PUT", "/ISAPI/AccessControl/UserInfo/SetUp?format=json", {"body": body}),
                                ("POST", "/ISAPI/AccessControl/UserInfo/Record?format=json", {"body": body}))
        except IsapiRefused as refusal:
            if refusal.code != "ISAPI employeeNoAlreadyExist":
                raise
            self.call("PUT", "/ISAPI/AccessControl/UserInfo/Modify?format=json", body)
        self.call("PUT", "/ISAPI/AccessControl/CardInfo/Delete?format=json",
                  {"CardInfoDelCond": {"EmployeeNoList": employee_list(person_id)}})
        if card_number:
            self.call("POST", "/ISAPI/AccessControl/CardInfo/Record?format=json", {"CardInfo": {
                "employeeNo": str(person_id), "cardNo": card_number, "cardType": "normalCard"}})

    def delete_person(self, person_id: int):
        try:
            self.call("PUT", "/ISAPI/AccessControl/UserInfoDetail/Delete?format=json", {"UserInfoDetail": {
                "mode": "byEmployeeNo", "EmployeeNoList": employee_list(person_id)}})
        except IsapiRefused as refusal:
            if refusal.code.removeprefix("ISAPI ") not in UNSUPPORTED:
                raise
            self.call("PUT", "/ISAPI/AccessControl/UserInfo/Delete?format=json",
                      {"UserInfoDelCond": {"EmployeeNoList": employee_list(person_id)}})
            return
        deadline = time.monotonic() + DELETE_WAIT_SECONDS
        while True:
            status = self.call("GET", "/ISAPI/AccessControl/UserInfoDetail/DeleteProcess?format=json") \
                .get("UserInfoDetailDeleteProcess", {}).get("status")
            if status in (None, "success"):
                return
            if status == "failed":
                raise IsapiRefused("ISAPI deleteFailed")
            if time.monotonic() > deadline:
                raise IsapiRefused("ISAPI deleteProcessing")
            time.sleep(0.2)

    # -- faces --------------------------------------------------------------------------------------------------------

    def set_up_face(self, person_id: int, jpeg: bytes):
        def parts():  # built for each try: a body is read once
            record = json.dumps({**FACE_LIBRARY, "FPID": str(person_id)})
            return {"FaceDataRecord": (None, record, "application/json"), "img": ("face.jpg", jpeg, "image/jpeg")}

        try:
            self.call_supported(("PUT", "/ISAPI/Intelligent/FDLib/FDSetUp?format=json", {"files": parts()}),
                                ("POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json", {"files": parts()}))
        except IsapiRefused as refusal:
            if refusal.code != "ISAPI deviceUserAlreadyExistFace":
                raise
            self.call("PUT", "/ISAPI/Intelligent/FDLib/FDModify?format=json", files=parts())

    def delete_face(self, person_id: int):
        query = urllib.parse.urlencode({"format": "json", "FDID": FACE_LIBRARY["FDID"],
                                        "faceLibType": FACE_LIBRARY["faceLibType"]})
        self.call("PUT", f"/ISAPI/Intelligent/FDLib/FDSearch/Delete?{query}", {"FPID": [{"value": str(person_id)}]})

    # -- the read-back ------------------------------------------------------------------------------------------------

    def counts(self) -> dict:
        """``{"person_count", "face_count"}`` the terminal holds (a count its firmware does not give: None)."""
        users = self.call("GET", "/ISAPI/AccessControl/UserInfo/Count?format=json").get("UserInfoCount", {})
        faces = users.get("bindFaceUserNumber")
        if faces is None:
            try:
                libraries = self.call("GET", "/ISAPI/Intelligent/FDLib/Count?format=json").get("FDRecordDataInfo")
            except IsapiRefused as refusal:
                if refusal.code.removeprefix("ISAPI ") not in UNSUPPORTED:
                    raise
                libraries = None
            faces = next((library.get("recordDataNumber") for library in libraries or []
                          if isinstance(library, dict) and str(library.get("FDID")) == FACE_LIBRARY["FDID"]), None)
        number = users.get("userNumber")
        return {"person_count": number if isinstance(number, int) else None,
                "face_count": faces if isinstance(faces, int) else None}

    # -- the history, for 对账 --------------------------------------------------------------------------------

    def events(self, start, end, limit: int) -> list[dict]:
        """The terminal's access-control events (major 5) from ``start`` to ``end`` (aware datetimes), as its
        ``AcsEvent`` search pages them (at most ``HISTORY_PAGE`` a page), at most ``limit``: ``InfoList`` entries
        (``serialNo``, ``time``, ``employeeNoString``, ``cardNo``, ``minor`` …)."""
        search_id, found = uuid.uuid4().hex, []
        while len(found) < limit:
            answer = self.call("POST", "/ISAPI/AccessControl/AcsEvent?format=json", {"AcsEventCond": {
                "searchID": search_id, "searchResultPosition": len(found), "maxResults": HISTORY_PAGE,
                "major": 5, "minor": 0, "startTime": start.isoformat(timespec="seconds"),
                "endTime": end.isoformat(timespec="seconds")}}).get("AcsEvent") or {}
            page = [event for event in answer.get("InfoList") or [] if isinstance(event, dict)]
            found += page
            if answer.get("responseStatusStrg") != "MORE" or not page:
                break
        return found[:limit]

    def close(self):
        self.http.close()
