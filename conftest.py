import os
import warnings

with warnings.catch_warnings():
    # eventlet announces its own deprecation on import; Nameko 2 has no other concurrency model
    warnings.simplefilter("ignore")
    import eventlet

# Nameko services run on eventlet; patch before anything imports socket or threading.
# The browser tests run in a pytest process of their own without it: they start the
# platform as separate processes, and Playwright's sync API cannot close down under eventlet.
if os.environ.get("PLATFORM_TEST_EVENTLET", "1") != "0":
    eventlet.monkey_patch()

pytest_plugins = ["devtools.testing"]

# Test modules live at <service>/tests/, so pytest's importlib mode would name them
# "<service>.tests…" and invent a parent module "<service>" over the real package.
# Importing the real packages first makes pytest attach the tests beneath them instead.
import attendance_svc  # noqa: E402, F401
import chassis  # noqa: E402, F401
import devtools  # noqa: E402, F401
import employment_svc  # noqa: E402, F401
import gateway  # noqa: E402, F401
import identity_svc  # noqa: E402, F401
import project_svc  # noqa: E402, F401
import siteaccess_svc  # noqa: E402, F401
