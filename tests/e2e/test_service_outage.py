"""A service that stops answering is named by the health check, and comes back."""

import pytest

from devtools.launcher import wait_until_healthy

pytestmark = pytest.mark.e2e


def test_health_names_the_service_that_does_not_answer(needs_separate_processes, api):
    platform = needs_separate_processes
    platform.stop_service("identity_svc")
    try:
        response = api().get("/health")
        assert response.status_code == 503
        services = response.json()["services"]
        assert response.json()["status"] == "unavailable"
        assert services.pop("identity_svc") == {"status": "unavailable"}
        assert all(status["status"] == "ok" for status in services.values())
        assert api("site_3").get("/persons").json()["error"] == "SERVICE_UNAVAILABLE"
    finally:
        platform.start_service("identity_svc")
        wait_until_healthy(platform.base_url, timeout=60)
