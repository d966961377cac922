"""人脸采集 and identification: the quality rules (``quality``, pure), templates and 1:N search (``matching``,
pure numpy) and the insightface engine with its settings and liveness hook (``engine``)."""
