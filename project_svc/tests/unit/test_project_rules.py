import pytest

from chassis.caller import Caller
from project_svc.domain import may_create_projects, normalise_registration_number, visible_to


def test_registration_numbers_compare_without_spaces_or_case():
    assert normalise_registration_number(" 3101 0420 26ab ") == "310104202 6AB".replace(" ", "")


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        (Caller("authority", "a"), True),
        (Caller("site", "s", project_id=1), True),
        (Caller("site", "s", project_id=2), False),
        (Caller("enterprise", "e", enterprise_id=9), True),
        (Caller("enterprise", "e", enterprise_id=8), False),
    ],
)
def test_who_sees_a_project(caller, visible):
    assert visible_to(caller, project_id=1, general_contractor_id=9) is visible


def test_only_the_authority_creates_projects():
    assert may_create_projects(Caller("authority", "a"))
    assert not may_create_projects(Caller("site", "s", project_id=1))
