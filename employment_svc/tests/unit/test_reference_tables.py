"""The code tables name exactly what the rules know."""

from employment_svc import domain, reference


def test_the_tables_name_every_role_state_and_ending_of_the_lifecycle():
    assert tuple(reference.EMPLOYMENT_ROLES) == domain.RELATION_ROLES
    assert tuple(reference.EMPLOYMENT_STATES) == domain.STATES
    assert tuple(reference.END_REASONS) == domain.END_REASONS
