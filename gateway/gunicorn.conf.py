"""gunicorn settings of the gateway (distributed mode).

``gthread`` workers: gunicorn 26+ has no eventlet worker, and each worker
process builds its own RPC proxy pool after fork (see gateway.rpc).
"""

import os

bind = os.environ.get("GATEWAY_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
threads = int(os.environ.get("GATEWAY_THREADS", "8"))
timeout = 30
graceful_timeout = 10
accesslog = os.environ.get("GATEWAY_ACCESS_LOG") or None
control_socket_disable = True  # no ~/.gunicorn control socket

# the platform's one log format (chassis.logs; LOG_FORMAT=json for JSON lines), gunicorn's own lines included:
# a worker booted, exiting, or killed for hanging
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "chassis.logs.ConsoleHandler"}},
    "root": {"level": os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
    },
}
