"""The portal's unit tests read the code tables from a fixture: it must be what the gateway serves today."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "gateway" / "web" / "scripts" / "reference_tables.py"


def load_script():
    spec = importlib.util.spec_from_file_location("portal_reference_tables", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_portals_fixture_holds_the_code_tables_the_gateway_serves():
    script = load_script()
    assert script.FIXTURE.read_text(encoding="utf-8") == script.fixture_text(), (
        "the code tables changed: run python gateway/web/scripts/reference_tables.py and commit the fixture")
