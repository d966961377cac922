"""The face engine: insightface's ``FaceAnalysis`` over the ONNX models of a configured folder, loaded once per
process on first use, and what the service asks of it (decode a photo, detect, check, embed).

Settings (identity_svc/config.yaml, from the environment):
- ``FACE_MODEL_ROOT`` (``var/models``; relative to the repository) and ``FACE_MODEL_NAME`` (``vectron_sc``):
  the models are ``<root>/models/<name>/*.onnx``, a detector and a recognizer in insightface's format
  (``make install`` copies ``scrfd_500m_bnkps.onnx`` and ``w600k_mbf.onnx`` there with
  ``bin/install-face-models``). insightface downloads a model pack when that folder is missing; the engine
  refuses to start instead (``FACE_ENGINE_UNAVAILABLE``), so nothing is downloaded at run time.
- ``FACE_DET_SIZE`` (640): the detector's input square (one scale; insightface's default runs two).
- ``FACE_LIVENESS``: ``off`` (default); ``insightface`` (insightface's liveness add-on, its model file copied
  beforehand to ``<root>/addons/``, never downloaded); or ``package.module:Factory``, a factory called with
  the settings that returns a ``LivenessCheck``. Switched on without its model, the engine refuses to start.
- ``FACE_MAX_IMAGE_BYTES`` (4 MB decoded), the quality limits (``quality.QualityThresholds``) and the match
  threshold and margin (``matching``).
"""

import base64
import binascii
import importlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from nameko.extensions import DependencyProvider

from identity_svc.exceptions import FaceEngineUnavailable, FaceImageInvalid, FaceNotLive
from identity_svc.faces import matching
from identity_svc.faces.quality import Detection, QualityThresholds

log = logging.getLogger(__name__)

REPOSITORY = Path(__file__).resolve().parents[3]
DEFAULT_MODEL_ROOT = "var/models"
DEFAULT_MODEL_NAME = "vectron_sc"
MAX_IMAGE_BYTES = 4 * 1024 * 1024
#: the largest side a photo may have (pixels): a 4 MB JPEG of a phone is about 4,000
MAX_IMAGE_SIDE = 8_000
OFF = "off"
INSIGHTFACE_LIVENESS = "insightface"


def _setting(settings, name, default, kind=str):
    """``FACE_<NAME>`` of the settings, ``default`` when absent or empty."""
    raw = settings.get("FACE_" + name.upper())
    return default if raw is None or raw is False or raw == "" else kind(raw)


@dataclass(frozen=True)
class FaceSettings:
    model_root: Path
    model_name: str = DEFAULT_MODEL_NAME
    det_size: int = 640
    liveness: str = OFF
    liveness_threshold: float = 0.5
    max_image_bytes: int = MAX_IMAGE_BYTES
    match_threshold: float = matching.DEFAULT_THRESHOLD
    match_margin: float = matching.DEFAULT_MARGIN
    quality: QualityThresholds = field(default_factory=QualityThresholds)

    @property
    def model_dir(self) -> Path:
        return self.model_root / "models" / self.model_name

    @classmethod
    def from_mapping(cls, settings) -> "FaceSettings":
        """From the service's config (or ``os.environ``); a relative root is taken from the repository."""
        root = Path(_setting(settings, "model_root", DEFAULT_MODEL_ROOT)).expanduser()
        return cls(
            model_root=root if root.is_absolute() else REPOSITORY / root,
            model_name=_setting(settings, "model_name", DEFAULT_MODEL_NAME),
            det_size=_setting(settings, "det_size", 640, int),
            # YAML reads a bare off as false
            liveness=str(_setting(settings, "liveness", OFF) or OFF).strip() or OFF,
            liveness_threshold=_setting(settings, "liveness_threshold", 0.5, float),
            max_image_bytes=_setting(settings, "max_image_bytes", MAX_IMAGE_BYTES, int),
            match_threshold=_setting(settings, "match_threshold", matching.DEFAULT_THRESHOLD, float),
            match_margin=_setting(settings, "match_margin", matching.DEFAULT_MARGIN, float),
            quality=QualityThresholds.from_mapping(settings),
        )


# -- liveness: a pluggable check ------------------------------------------------------------------------------


class LivenessCheck(Protocol):
    """The hook a liveness model plugs into: ``FACE_LIVENESS=package.module:factory``, where ``factory(settings:
    FaceSettings)`` returns an object with this method; it raises ``FaceEngineUnavailable`` when its model is
    missing (the engine then refuses to start). Called once per enrolment, on the one face that passed the
    other rules: ``image`` the decoded BGR photo, ``face`` insightface's ``Face`` (``bbox``, ``kps``).
    Answers (is_live, score)."""

    def check(self, image: np.ndarray, face) -> tuple[bool, float]: ...


class InsightfaceLiveness:
    """insightface's liveness add-on, from ``<root>/addons/`` (copied there by the installation: the package
    ships no model, and the engine never downloads one)."""

    def __init__(self, settings: FaceSettings):
        from insightface.addons import ADDON_CATALOG, Liveness

        model = settings.model_root / "addons" / ADDON_CATALOG["liveness"].filename
        if not model.is_file():
            raise FaceEngineUnavailable(
                f"FACE_LIVENESS=insightface but its model is not at {model}; copy it there, or set "
                f"FACE_LIVENESS=off")
        self._liveness = Liveness(model, threshold=settings.liveness_threshold, providers=["CPUExecutionProvider"])
        self._liveness.prepare(-1)

    def check(self, image, face):
        self._liveness.get(image, face)
        result = face.liveness
        return bool(result.is_live), float(getattr(result, "live_score", 0.0) or 0.0)


def liveness_check(settings: FaceSettings) -> LivenessCheck | None:
    if settings.liveness.lower() == OFF:
        return None
    if settings.liveness.lower() == INSIGHTFACE_LIVENESS:
        return InsightfaceLiveness(settings)
    module_name, _, factory_name = settings.liveness.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), factory_name or "create")
    except (ImportError, AttributeError) as missing:
        raise FaceEngineUnavailable(
            f"FACE_LIVENESS={settings.liveness!r} names no liveness check ({missing}); use off, insightface or "
            f"package.module:factory") from None
    return factory(settings)


# -- photos --------------------------------------------------------------------------------------------------


def decode_image(image, max_bytes: int = MAX_IMAGE_BYTES) -> np.ndarray:
    """A base64 JPEG or PNG (a ``data:`` URL too) → BGR array; ``FACE_IMAGE_INVALID`` naming ``image``."""
    import cv2

    if not isinstance(image, str | bytes) or not image:
        raise FaceImageInvalid("image: a base64 JPEG or PNG", fields={"image": "REQUIRED"})
    text = image.decode("ascii", "replace") if isinstance(image, bytes) else image
    if text.startswith("data:"):
        text = text.partition(",")[2]
    if len(text) > (max_bytes * 4) // 3 + 8:
        raise FaceImageInvalid("image: too large", fields={"image": "TOO_LARGE"}, details={"max_bytes": max_bytes})
    try:
        content = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise FaceImageInvalid("image: not base64", fields={"image": "INVALID"}) from None
    if len(content) > max_bytes:
        raise FaceImageInvalid("image: too large", fields={"image": "TOO_LARGE"}, details={"max_bytes": max_bytes})
    if not (content.startswith(b"\xff\xd8\xff") or content.startswith(b"\x89PNG\r\n\x1a\n")):
        raise FaceImageInvalid("image: not a JPEG or PNG", fields={"image": "NOT_AN_IMAGE"})
    decoded = cv2.imdecode(np.frombuffer(content, dtype=np.uint8), cv2.IMREAD_COLOR)
    if decoded is None or decoded.size == 0 or max(decoded.shape[:2]) > MAX_IMAGE_SIDE:
        raise FaceImageInvalid("image: does not decode", fields={"image": "NOT_AN_IMAGE"})
    return decoded


# -- the engine ------------------------------------------------------------------------------------------------


@dataclass
class Analysed:
    """A photo's faces: ``detections`` for the rules, ``faces`` insightface's (with embeddings where asked)."""

    detections: list
    faces: list
    seconds: float


def _run_blocking(function, *args):
    """Off the eventlet hub when the process is monkey-patched (a service): inference holds a core for
    ~50 ms, during which the service's other calls and its heartbeat go on."""
    try:
        from eventlet import patcher, tpool
    except ImportError:  # pragma: no cover - the services always have eventlet
        return function(*args)
    if patcher.is_monkey_patched("thread"):
        return tpool.execute(function, *args)
    return function(*args)


class FaceEngine:
    """Detection, 核验 and embedding. One per process and settings (``engine_for``); the models load on the
    first call, under a lock; calls are serialised (ONNX Runtime already uses every core for one image)."""

    def __init__(self, settings: FaceSettings):
        self.settings = settings
        self._app = None
        self._liveness = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()

    def check_installed(self):
        """Refuses (``FACE_ENGINE_UNAVAILABLE``) unless the model folder holds ONNX files."""
        model_dir = self.settings.model_dir
        if not model_dir.is_dir() or not any(model_dir.glob("*.onnx")):
            raise FaceEngineUnavailable(
                f"no face models in {model_dir} (FACE_MODEL_ROOT={self.settings.model_root}, "
                f"FACE_MODEL_NAME={self.settings.model_name}): run `make install` (bin/install-face-models); "
                f"nothing is downloaded at run time")

    def start(self):
        """Loads the models (once); a second call returns at once."""
        if self._app is not None:
            return self
        with self._load_lock:
            if self._app is None:
                self.check_installed()
                liveness = liveness_check(self.settings)
                self._app = _run_blocking(self._load)
                self._liveness = liveness
        return self

    def _load(self):
        from insightface.app import FaceAnalysis

        started = time.perf_counter()
        # check_installed has seen the folder: insightface finds it and never reaches its downloader
        app = FaceAnalysis(name=self.settings.model_name, root=str(self.settings.model_root),
                           allowed_modules=["detection", "recognition"], providers=["CPUExecutionProvider"])
        if "recognition" not in app.models:
            raise FaceEngineUnavailable(f"no recognition model among the files of {self.settings.model_dir}")
        size = self.settings.det_size
        app.prepare(ctx_id=-1, det_size=(size, size))
        log.info("face models loaded from %s in %.1f s", self.settings.model_dir, time.perf_counter() - started)
        return app

    @property
    def app(self):
        return self.start()._app

    def decode(self, image) -> np.ndarray:
        return decode_image(image, self.settings.max_image_bytes)

    def _serial(self, function, *args):
        """One inference at a time, the lock taken where the caller runs (a green thread in a service: a
        native worker thread must never wait on a green lock)."""
        with self._run_lock:
            return _run_blocking(function, *args)

    def detect(self, picture: np.ndarray) -> Analysed:
        """Detection only: boxes, landmarks and scores of every face."""
        app = self.app

        def run():
            started = time.perf_counter()
            boxes, points = app.det_model.detect(picture, max_num=0, metric="default")
            return boxes, points, time.perf_counter() - started

        boxes, points, seconds = self._serial(run)
        from insightface.app.common import Face

        faces = [Face(bbox=boxes[i, 0:4], kps=points[i] if points is not None else None, det_score=boxes[i, 4])
                 for i in range(boxes.shape[0])]
        return Analysed([Detection.of(face) for face in faces], faces, seconds)

    def embed(self, picture: np.ndarray, face) -> np.ndarray:
        """The normalised ArcFace template of one detected face."""
        recognizer = self.app.models["recognition"]
        return matching.normalised(self._serial(recognizer.get, picture, face))

    def check_liveness(self, picture: np.ndarray, face):
        """``FACE_NOT_LIVE`` when liveness is on and the face fails it; nothing when it is off."""
        self.start()
        if self._liveness is None:
            return None
        is_live, score = self._serial(self._liveness.check, picture, face)
        if not is_live:
            raise FaceNotLive("the liveness check failed", details={"score": round(score, 3)})
        return round(score, 3)


_engines: dict = {}
_engines_lock = threading.Lock()


def engine_for(settings: FaceSettings) -> FaceEngine:
    """The process's engine for these settings: the models are loaded once however many containers ask."""
    with _engines_lock:
        engine = _engines.get(settings)
        if engine is None:
            engine = _engines[settings] = FaceEngine(settings)
        return engine


class FaceEngineProvider(DependencyProvider):
    """``faces = FaceEngineProvider()``: hands the worker the process's ``FaceEngine`` for the service's
    settings. Nothing loads when the container starts (the service's other calls do not wait on, or need, the
    models); a missing model folder is logged then, and refused at the first face call."""

    def setup(self):
        self.engine = engine_for(FaceSettings.from_mapping(self.container.config))
        try:
            self.engine.check_installed()
        except FaceEngineUnavailable as missing:
            log.warning("face engine unavailable: %s", missing.detail)

    def get_dependency(self, worker_ctx):
        return self.engine
