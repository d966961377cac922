"""What attendance_svc's interface tests share: tiny stand-ins for the services it asks (identity_svc's face search,
templates and kept photos, siteaccess_svc's code key, project_svc's project, employment_svc's enterprise names; the
face models are not needed here), attendance_svc started beside them, and siteaccess_svc's and identity_svc's events
published as their outboxes publish them."""

import base64

import pytest
from nameko.standalone.events import get_event_exchange

from attendance_svc.service import AttendanceService
from chassis.errors import ServiceError
from chassis.events import make_envelope
from chassis.messaging import rpc
from chassis.outbox import BrokerPublisher
from identity_svc.exceptions import FaceNotEnrolled, FacePhotoNotKept
from project_svc.exceptions import ProjectNotFound


def stand_ins(project_id, project_name, code_key_raw, templates, photos=None):
    """The four stand-ins for a test module's project: a "photo" ``face-of:<person_id>`` is that person's face
    (anything else is no one's); ``templates``: the persons whose face template identity_svc hands out;
    ``photos``: person id → the base64 JPEG identity_svc keeps of their face (a dict the test may change; a
    person with a template and no photo is FACE_PHOTO_NOT_KEPT, anyone else FACE_NOT_ENROLLED)."""
    photos = {} if photos is None else photos

    class FakeIdentity:
        name = "identity_svc"

        @rpc(expected_exceptions=ServiceError)
        def identify_face(self, image, person_ids, threshold=None, margin=None):
            person_id = int(image.removeprefix("face-of:")) if image.startswith("face-of:") else None
            if person_id not in person_ids:
                raise ServiceError("no candidate is this face", code="UNKNOWN_FACE")
            return {"person_id": person_id, "similarity": 0.71, "second_best": 0.2}

        @rpc
        def face_templates(self, person_ids):
            return [{"person_id": person_id, "version": 1, "template": base64.b64encode(b"\0" * 2048).decode()}
                    for person_id in templates]

        @rpc(expected_exceptions=(FaceNotEnrolled, FacePhotoNotKept))
        def face_photo(self, person_id):
            if person_id in photos:
                return {"person_id": person_id, "version": 1, "jpeg_base64": photos[person_id]}
            if person_id in templates:
                raise FacePhotoNotKept(f"the photo of person {person_id}'s face is not kept")
            raise FaceNotEnrolled(f"person {person_id} has no face enrolled")

    class FakeSiteAccess:
        name = "siteaccess_svc"

        @rpc
        def personal_code_public_key(self):
            return {"algorithm": "Ed25519", "raw_base64": code_key_raw}

    class FakeProjects:
        name = "project_svc"

        @rpc(expected_exceptions=ProjectNotFound)
        def get_project(self, wanted):
            if wanted != project_id:
                raise ProjectNotFound(f"no project {wanted}")
            return {"id": project_id, "name": project_name}

    class FakeEmployment:
        name = "employment_svc"

        @rpc
        def get_enterprise(self, enterprise_id):
            return {"id": enterprise_id, "name": f"劳务{enterprise_id}"}

    return FakeIdentity, FakeSiteAccess, FakeProjects, FakeEmployment


@pytest.fixture
def start_attendance(service_config, run_container, bus_uri):
    """``start_attendance(project_id, project_name, code_key_raw, templates=(), photos=None, **settings)``: the
    stand-ins and attendance_svc with ``settings``; answers its config (DB_URL …)."""

    def start(project_id, project_name, code_key_raw, templates=(), photos=None, **settings):
        for fake in stand_ins(project_id, project_name, code_key_raw, templates, photos):
            run_container(fake, {"AMQP_URI": bus_uri})
        config = service_config("attendance_svc") | settings
        run_container(AttendanceService, config)
        return config

    return start


def publisher_of(bus_uri, service):
    publisher = BrokerPublisher(bus_uri, get_event_exchange(service, {}))

    def send(event_type, data):
        publisher.publish(make_envelope(event_type, service, data), event_type)

    return publisher, send


@pytest.fixture
def gate(bus_uri):
    """``gate("person_entered", data)``: siteaccess_svc's events, as its outbox relays them."""
    publisher, send = publisher_of(bus_uri, "siteaccess_svc")
    yield send
    publisher.close()


@pytest.fixture
def identity_events(bus_uri):
    """``identity_events("face_enrolled", data)``: identity_svc's events, as its outbox relays them."""
    publisher, send = publisher_of(bus_uri, "identity_svc")
    yield send
    publisher.close()
