from chassis.caller import Caller
from project_svc.domain import may_create_projects, normalise_registration_number


def test_registration_numbers_compare_without_spaces_or_case():
    assert normalise_registration_number(" 3101 0420 26ab ") == "310104202 6AB".replace(" ", "")


def test_only_the_authority_creates_projects():
    assert may_create_projects(Caller("authority", "a"))
    assert not may_create_projects(Caller("site", "s", project_id=1))
