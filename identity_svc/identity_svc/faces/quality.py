"""核验 of an enrolment photo: the rules a 人脸采集 photo must pass, as pure functions over what detection gives
(each face's box, its 5 landmarks and its score) and the image itself (a BGR ``numpy`` array).

The rules, in the order they are applied (the first that fails is the answer, in the user's words):

1. exactly one face — ``FACE_NOT_FOUND``, ``FACE_MULTIPLE``;
2. large enough — ``FACE_TOO_SMALL``: the face's height at least ``min_face_px`` pixels and
   ``min_face_ratio`` of the image's height (space above the head and the shoulders in the frame, but a
   face one can recognise);
3. lit — ``FACE_TOO_DARK`` / ``FACE_TOO_BRIGHT``: the mean luminance (0–255) of the face's box; checked
   before sharpness, since a dark photo also has little detail;
4. frontal — ``FACE_NOT_FRONTAL``: yaw and pitch estimated from the landmarks (below);
5. sharp — ``FACE_BLURRED``: the variance of the Laplacian of the face's box scaled to 112 × 112 pixels
   (scaling makes it independent of the photo's size).

Pose from 5 points (left eye, right eye, nose tip, left and right mouth corner, as SCRFD gives them): the nose
tip stands about half an eye distance in front of the eyes, so a turn by ``yaw`` moves it sideways by
``tan(yaw)`` of half the eye distance: ``yaw = atan((d_left - d_right) / (d_left + d_right))`` where ``d_*`` are
the nose's horizontal distances to each eye. Looking up or down moves the nose along the eyes-to-mouth line:
``pitch = atan(2 (t - 0.5))``, ``t`` the nose's position on that line (0.5 in ArcFace's frontal template).
Both are estimates (a few degrees), in degrees, positive to the face's left and downwards.
"""

import math
from dataclasses import asdict, dataclass

import cv2
import numpy as np

from identity_svc.exceptions import (
    FaceBlurred,
    FaceMultiple,
    FaceNotFound,
    FaceNotFrontal,
    FaceTooBright,
    FaceTooDark,
    FaceTooSmall,
)

#: the nose's position between the eye line and the mouth line in ArcFace's frontal template (112 × 112)
FRONTAL_NOSE_POSITION = (71.7366 - 51.6963) / (92.2041 - 51.6963)
#: the side of the square the face's box is scaled to before its Laplacian is taken
SHARPNESS_SIDE = 112


@dataclass(frozen=True)
class Detection:
    """One face as the detector gives it: ``bbox`` (x1, y1, x2, y2), ``kps`` five (x, y) landmarks, ``score``."""

    bbox: tuple[float, float, float, float]
    kps: tuple[tuple[float, float], ...]
    score: float = 1.0

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def area(self) -> float:
        return (self.bbox[2] - self.bbox[0]) * self.height

    @classmethod
    def of(cls, face):
        """From an insightface ``Face``."""
        return cls(tuple(float(v) for v in face.bbox), tuple((float(x), float(y)) for x, y in face.kps),
                   float(face.det_score))


@dataclass(frozen=True)
class QualityThresholds:
    """The limits of the rules. Measured on insightface's t1.jpg, each face cropped with a margin of 60 % of its
    box: the defaults pass the three that face the camera (face 118–133 px, yaw −10…+28°, pitch 2–20°,
    sharpness 93–291, brightness 153–172) and refuse the two looking down (pitch 33° and 35°) and the one
    turned away (yaw −45°); of the derived versions, Gaussian blur σ 3 gives sharpness 7–17, × 0.25 brightness
    37–43, + 110 brightness 230–244."""

    min_face_px: int = 80
    min_face_ratio: float = 0.20
    max_yaw: float = 30.0
    max_pitch: float = 30.0
    min_sharpness: float = 50.0
    min_brightness: float = 60.0
    max_brightness: float = 210.0

    @classmethod
    def from_mapping(cls, settings) -> "QualityThresholds":
        """From ``FACE_MIN_FACE_PX``, ``FACE_MIN_FACE_RATIO``, ``FACE_MAX_YAW``, ``FACE_MAX_PITCH``,
        ``FACE_MIN_SHARPNESS``, ``FACE_MIN_BRIGHTNESS``, ``FACE_MAX_BRIGHTNESS`` where given (not empty)."""
        values = {}
        for name, default in asdict(cls()).items():
            raw = settings.get(f"FACE_{name.upper()}")
            if raw not in (None, ""):
                values[name] = type(default)(float(raw)) if isinstance(default, int) else float(raw)
        return cls(**values)


@dataclass(frozen=True)
class Quality:
    """What the rules measured of the one face; the answer's and the event's ``quality``."""

    face_px: int
    yaw: float
    pitch: float
    sharpness: float
    brightness: float
    det_score: float

    def as_dict(self) -> dict:
        return asdict(self)


def pose(kps) -> tuple[float, float]:
    """(yaw, pitch) in degrees, estimated from the 5 landmarks (the module's docstring says how)."""
    (lex, ley), (rex, rey), (nx, ny), (lmx, lmy), (rmx, rmy) = kps[:5]
    to_left, to_right = nx - lex, rex - nx
    spread = to_left + to_right
    yaw = math.degrees(math.atan((to_left - to_right) / spread)) if spread > 0 else 90.0
    eye_y, mouth_y = (ley + rey) / 2, (lmy + rmy) / 2
    span = mouth_y - eye_y
    pitch = math.degrees(math.atan(2 * ((ny - eye_y) / span - FRONTAL_NOSE_POSITION))) if span > 0 else 90.0
    return yaw, pitch


def face_crop(gray: np.ndarray, bbox) -> np.ndarray:
    """The face's box of a grey image, clipped to the image."""
    height, width = gray.shape[:2]
    x1, y1 = max(0, int(bbox[0])), max(0, int(bbox[1]))
    x2, y2 = min(width, int(math.ceil(bbox[2]))), min(height, int(math.ceil(bbox[3])))
    return gray[y1:max(y2, y1 + 1), x1:max(x2, x1 + 1)]


def brightness(crop: np.ndarray) -> float:
    return float(crop.mean())


def sharpness(crop: np.ndarray) -> float:
    """The variance of the Laplacian of ``crop`` scaled to ``SHARPNESS_SIDE`` square."""
    scaled = cv2.resize(crop, (SHARPNESS_SIDE, SHARPNESS_SIDE), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(scaled, cv2.CV_64F).var())


def grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def check_quality(detections, image: np.ndarray, limits: QualityThresholds = QualityThresholds()) -> Quality:
    """The one face's ``Quality``, or the refusal of the first rule it fails (the refusal's ``details`` hold
    what was measured and the limit)."""
    if not detections:
        raise FaceNotFound("no face in the photo")
    if len(detections) > 1:
        raise FaceMultiple(f"{len(detections)} faces in the photo", details={"faces": len(detections)})
    face = detections[0]
    image_height = image.shape[0]
    face_px = round(face.height)
    if face_px < limits.min_face_px or face.height < limits.min_face_ratio * image_height:
        raise FaceTooSmall(f"the face is {face_px} px high in a {image_height} px photo", details={
            "face_px": face_px, "image_px": image_height, "min_face_px": limits.min_face_px,
            "min_face_ratio": limits.min_face_ratio})
    crop = face_crop(grey(image), face.bbox)
    lit = round(brightness(crop), 1)
    if lit < limits.min_brightness:
        raise FaceTooDark(f"mean brightness {lit}", details={"brightness": lit, "min": limits.min_brightness})
    if lit > limits.max_brightness:
        raise FaceTooBright(f"mean brightness {lit}", details={"brightness": lit, "max": limits.max_brightness})
    yaw, pitch = (round(angle, 1) for angle in pose(face.kps))
    if abs(yaw) > limits.max_yaw or abs(pitch) > limits.max_pitch:
        raise FaceNotFrontal(f"yaw {yaw}°, pitch {pitch}°", details={
            "yaw": yaw, "pitch": pitch, "max_yaw": limits.max_yaw, "max_pitch": limits.max_pitch})
    sharp = round(sharpness(crop), 1)
    if sharp < limits.min_sharpness:
        raise FaceBlurred(f"sharpness {sharp}", details={"sharpness": sharp, "min": limits.min_sharpness})
    return Quality(face_px=face_px, yaw=yaw, pitch=pitch, sharpness=sharp, brightness=lit,
                   det_score=round(face.score, 3))


def largest(detections):
    """The face a gate camera means when it sees several (the nearest)."""
    return max(detections, key=lambda face: face.area) if detections else None
