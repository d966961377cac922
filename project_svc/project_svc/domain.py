"""Who may see and create projects."""

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller


def may_create_projects(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)


def visible_to(caller: Caller, project_id: int, general_contractor_id: int) -> bool:
    """The authority sees every project, a site its own, an enterprise those it is general contractor of."""
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    if caller.role == SITE:
        return caller.project_id == project_id
    if caller.role == ENTERPRISE:
        return caller.enterprise_id == general_contractor_id
    return False


def normalise_registration_number(raw: str) -> str:
    """报建编号 are typed with stray spaces and lower case; they compare upper-cased and trimmed."""
    return "".join((raw or "").split()).upper()
