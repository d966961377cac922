"""The rules of 核验 and of 1:N matching, over synthetic detections and images: no model, no broker."""

import base64

import cv2
import numpy as np
import pytest

from identity_svc.exceptions import (
    FaceBlurred,
    FaceEngineUnavailable,
    FaceImageInvalid,
    FaceMultiple,
    FaceNotFound,
    FaceNotFrontal,
    FaceTooBright,
    FaceTooDark,
    FaceTooSmall,
)
from identity_svc.faces import matching
from identity_svc.faces.engine import FaceEngine, FaceSettings, decode_image, liveness_check
from identity_svc.faces.quality import Detection, QualityThresholds, check_quality, largest, pose

#: ArcFace's frontal template (112 × 112): left eye, right eye, nose, left and right mouth corner
FRONTAL = ((38.2946, 51.6963), (73.5318, 51.5014), (56.0252, 71.7366), (41.5493, 92.3655), (70.7299, 92.2041))


def face(x=100, y=100, size=200, kps=FRONTAL, score=0.9):
    """A detection whose box is ``size`` square at (x, y), its landmarks the template scaled into it."""
    scale = size / 112
    return Detection((x, y, x + size, y + size), tuple((x + px * scale, y + py * scale) for px, py in kps), score)


def textured(height=400, width=400, level=150, contrast=60, seed=1):
    """A grey image with fine detail (sharp) around ``level``."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(-contrast, contrast + 1, size=(height, width), dtype=np.int16)
    grey = np.clip(level + noise, 0, 255).astype(np.uint8)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def refusal_of(detections, image, **limits):
    with pytest.raises(Exception) as refused:
        check_quality(detections, image, QualityThresholds(**limits))
    return refused.value


def test_a_large_frontal_sharp_well_lit_face_passes_with_what_was_measured():
    quality = check_quality([face()], textured())
    assert quality.face_px == 200
    assert abs(quality.yaw) < 1 and abs(quality.pitch) < 1
    assert quality.sharpness > 50 and 140 < quality.brightness < 160
    assert set(quality.as_dict()) == {"face_px", "yaw", "pitch", "sharpness", "brightness", "det_score"}


def test_no_face_and_two_faces_are_refused():
    assert isinstance(refusal_of([], textured()), FaceNotFound)
    two = refusal_of([face(0), face(200)], textured(400, 600))
    assert isinstance(two, FaceMultiple) and two.details == {"faces": 2}


@pytest.mark.parametrize(("size", "image_height"), [(70, 200), (100, 600)])
def test_a_face_below_80_px_or_a_fifth_of_the_photo_is_too_small(size, image_height):
    refused = refusal_of([face(10, 10, size)], textured(image_height, 400))
    assert isinstance(refused, FaceTooSmall)
    assert refused.details["face_px"] == size and refused.details["image_px"] == image_height


def test_the_limits_are_settings():
    assert check_quality([face(10, 10, 70)], textured(200, 400), QualityThresholds(min_face_px=60)).face_px == 70
    limits = QualityThresholds.from_mapping({"FACE_MIN_FACE_PX": "60", "FACE_MAX_YAW": 20, "FACE_MIN_SHARPNESS": ""})
    assert (limits.min_face_px, limits.max_yaw, limits.min_sharpness) == (60, 20.0, 50.0)


def test_dark_and_bright_faces_are_refused_before_sharpness():
    assert isinstance(refusal_of([face()], textured(level=30, contrast=10)), FaceTooDark)
    bright = refusal_of([face()], textured(level=235, contrast=10))
    assert isinstance(bright, FaceTooBright) and bright.details["max"] == 210


def test_the_pose_of_the_template_is_frontal_and_a_turned_nose_is_not():
    yaw, pitch = pose(FRONTAL)
    assert abs(yaw) < 1 and abs(pitch) < 1
    eyes_x = (FRONTAL[0][0] + FRONTAL[1][0]) / 2
    half_eye = (FRONTAL[1][0] - FRONTAL[0][0]) / 2
    # the nose moved sideways by tan(40°) of half the eye distance: a turn of about 40°
    turned = list(FRONTAL)
    turned[2] = (eyes_x + np.tan(np.radians(40)) * half_eye, FRONTAL[2][1])
    assert pose(turned)[0] == pytest.approx(40, abs=1)
    refused = refusal_of([face(kps=tuple(turned))], textured())
    assert isinstance(refused, FaceNotFrontal) and refused.details["yaw"] == pytest.approx(40, abs=1)
    # the nose near the mouth: looking down
    down = list(FRONTAL)
    down[2] = (FRONTAL[2][0], 88.0)
    assert isinstance(refusal_of([face(kps=tuple(down))], textured()), FaceNotFrontal)
    # the nose outside the eyes (a profile) is as far as a turn goes
    profile = list(FRONTAL)
    profile[2] = (FRONTAL[0][0] - 5, FRONTAL[2][1])
    assert abs(pose(profile)[0]) > 45


def test_a_smooth_face_is_blurred():
    smooth = cv2.GaussianBlur(textured(), (0, 0), 4)
    refused = refusal_of([face()], smooth)
    assert isinstance(refused, FaceBlurred) and refused.details["sharpness"] < 50


def test_sharpness_does_not_depend_on_the_photo_size():
    small = check_quality([face(50, 50, 100)], textured(400, 400, seed=3)).sharpness
    large = check_quality([face(200, 200, 400)], cv2.resize(textured(400, 400, seed=3), (1600, 1600),
                                                             interpolation=cv2.INTER_NEAREST)).sharpness
    assert large == pytest.approx(small, rel=0.35)


def test_the_largest_face_is_the_one_a_gate_means():
    near, far = face(0, 0, 300), face(400, 0, 100)
    assert largest([far, near]) is near and largest([]) is None


# -- photos ---------------------------------------------------------------------------------------------------


def encoded(image, extension=".jpg"):
    return base64.b64encode(cv2.imencode(extension, image)[1].tobytes()).decode()


def test_photos_decode_from_base64_jpeg_png_and_data_urls():
    image = textured(60, 80)
    assert decode_image(encoded(image)).shape == (60, 80, 3)
    assert decode_image("data:image/png;base64," + encoded(image, ".png")).shape == (60, 80, 3)


@pytest.mark.parametrize(("image", "field_code"), [
    ("", "REQUIRED"), (None, "REQUIRED"), (base64.b64encode(b"GIF89a....").decode(), "NOT_AN_IMAGE"),
    (base64.b64encode(b"\xff\xd8\xff" + b"\0" * 100).decode(), "NOT_AN_IMAGE"),
])
def test_what_is_not_a_photo_is_refused_naming_the_field(image, field_code):
    with pytest.raises(FaceImageInvalid) as refused:
        decode_image(image)
    assert refused.value.fields == {"image": field_code}


def test_a_photo_over_the_limit_is_refused():
    with pytest.raises(FaceImageInvalid) as refused:
        decode_image(encoded(textured(300, 300), ".png"), max_bytes=10_000)
    assert refused.value.fields == {"image": "TOO_LARGE"} and refused.value.details == {"max_bytes": 10_000}


# -- the engine's settings and refusals -------------------------------------------------------------------------


def test_settings_come_from_the_config_with_defaults(tmp_path):
    settings = FaceSettings.from_mapping({"FACE_MODEL_ROOT": str(tmp_path), "FACE_LIVENESS": False,
                                          "FACE_MATCH_THRESHOLD": "0.5", "FACE_MIN_BRIGHTNESS": 40})
    assert settings.model_dir == tmp_path / "models" / "vectron_sc"
    assert (settings.liveness, settings.match_threshold, settings.match_margin) == ("off", 0.5, 0.05)
    assert settings.quality.min_brightness == 40
    assert FaceSettings.from_mapping({}).model_root.name == "models"  # var/models of the repository


def test_without_its_model_folder_the_engine_refuses_to_start_and_downloads_nothing(tmp_path):
    engine = FaceEngine(FaceSettings.from_mapping({"FACE_MODEL_ROOT": str(tmp_path), "FACE_MODEL_NAME": "none"}))
    with pytest.raises(FaceEngineUnavailable) as refused:
        engine.start()
    assert "make install" in refused.value.detail and str(tmp_path / "models" / "none") in refused.value.detail
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("liveness", ["insightface", "no_such_module:factory"])
def test_liveness_switched_on_without_its_model_refuses_to_start(tmp_path, liveness):
    settings = FaceSettings.from_mapping({"FACE_MODEL_ROOT": str(tmp_path), "FACE_LIVENESS": liveness})
    with pytest.raises(FaceEngineUnavailable) as refused:
        liveness_check(settings)
    assert "FACE_LIVENESS" in refused.value.detail


def test_liveness_off_is_no_check():
    assert liveness_check(FaceSettings.from_mapping({"FACE_LIVENESS": "off"})) is None


# -- templates and 1:N ---------------------------------------------------------------------------------------


def test_a_template_travels_as_2048_bytes_of_little_endian_float32():
    vector = matching.normalised(np.arange(1, 513, dtype=np.float64))
    text = matching.encode_template(vector)
    assert len(base64.b64decode(text)) == 2048
    assert np.allclose(matching.decode_template(text), vector)
    with pytest.raises(ValueError):
        matching.normalised(np.zeros(512))
    with pytest.raises(ValueError):
        matching.normalised(np.ones(128))


def test_one_product_finds_the_best_and_the_second_best():
    rng = np.random.default_rng(5)
    templates = [matching.normalised(rng.normal(size=512)) for _ in range(100)]
    probe = matching.normalised(templates[42] + 0.02 * rng.normal(size=512))
    row, best, second = matching.best_two(probe, matching.matrix_of(templates))
    assert row == 42 and best > 0.9 and second < 0.3
    assert matching.best_two(probe, matching.matrix_of([templates[42]]))[::2] == (0, -1.0)
    assert matching.best_two(probe, matching.matrix_of([])) == (-1, -1.0, -1.0)


@pytest.mark.parametrize(("best", "second", "accepted"), [
    (0.63, 0.17, True), (0.44, 0.10, False), (0.60, 0.57, False), (0.45, -1.0, True)])
def test_a_match_needs_the_threshold_and_the_margin(best, second, accepted):
    assert matching.accepted(best, second, 0.45, 0.05) is accepted


# -- the words ----------------------------------------------------------------------------------------------------


def test_each_refusal_of_a_photo_says_the_same_here_and_in_the_gateways_table():
    from gateway.messages import ERRORS
    from identity_svc.exceptions import FACE_REFUSALS
    from identity_svc.faces.submissions import FaceSubmissionDecided, FaceSubmissionNotFound

    refusals = (*FACE_REFUSALS, FaceSubmissionNotFound, FaceSubmissionDecided)
    assert {refusal.code: refusal.messages for refusal in refusals} == {
        refusal.code: ERRORS[refusal.code][1:] for refusal in refusals}
    assert ERRORS["FACE_ENGINE_UNAVAILABLE"][0] == 503 and ERRORS["FACE_BLURRED"][0] == 422


def test_a_liveness_check_plugs_in_by_its_factory_and_refuses_a_face_it_finds_not_live(monkeypatch):
    import sys
    import types

    from identity_svc.exceptions import FaceNotLive

    class Spoofed:
        def __init__(self, settings):
            self.settings = settings

        def check(self, image, face):
            return False, 0.12

    plugin = types.ModuleType("liveness_plugin_for_tests")
    plugin.create = Spoofed
    monkeypatch.setitem(sys.modules, plugin.__name__, plugin)
    settings = FaceSettings.from_mapping({"FACE_LIVENESS": "liveness_plugin_for_tests:create"})
    check = liveness_check(settings)
    assert isinstance(check, Spoofed) and check.settings is settings
    engine = FaceEngine(settings)
    engine._app, engine._liveness = object(), check  # as start() leaves them, without loading the models
    with pytest.raises(FaceNotLive) as refused:
        engine.check_liveness(None, None)
    assert refused.value.details == {"score": 0.12}
