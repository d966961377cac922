"""Refusals of siteaccess_svc."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class PersonNotRegistered(ServiceError):
    """No real-name record: the site must use 非正常登记."""

    code = "PERSON_NOT_REGISTERED"


class AlreadyOnSite(ServiceError):
    code = "ALREADY_ON_SITE"


class TeamLeaderNeedsPhone(InvalidInput):
    code = "TEAM_LEADER_NEEDS_PHONE"


class UnknownEnterprise(InvalidInput):
    code = "UNKNOWN_ENTERPRISE"


class UnknownTeamLeader(InvalidInput):
    code = "UNKNOWN_TEAM_LEADER"


class EntryNotFound(ServiceError):
    code = "ENTRY_NOT_FOUND"


class ProjectNotFound(ServiceError):
    code = "PROJECT_NOT_FOUND"


class ProjectRequired(InvalidInput):
    """The authority works a gate only by naming the project."""

    code = "PROJECT_REQUIRED"


class TeamLeaderHasMembers(ServiceError):
    """劳务队长 unticked while people on the site are in the leader's team; ``details.members`` names them."""

    code = "TEAM_LEADER_HAS_MEMBERS"


class TeamNotFound(ServiceError):
    """班组退场 of a team the gate has not heard of (or one dissolved)."""

    code = "TEAM_NOT_FOUND"


class PersonAlreadyRegistered(ServiceError):
    """非正常登记 of a number on record; ``details`` show the record on file and which typed fields differ."""

    code = "PERSON_ALREADY_REGISTERED"


class ExitRefused(Exception):
    """One entry of a 退场登记 that cannot exit; ``reason`` is one of the codes below."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class InvalidEntry(InvalidInput):
    """Entry or exit data that cannot be true (dates in the future, exit before entry …)."""

    code = "INVALID_ENTRY"


class AssignmentNotConfirmed(ServiceError):
    """Entry on a project that requires a confirmed assignment, without one; ``details.state`` is the
    assignment's state (pending, rejected, ended) or None when the person is not assigned there."""

    code = "ASSIGNMENT_NOT_CONFIRMED"


class CodeExpired(ServiceError):
    """A personal 建设码 (or its typed form) past its minute: an old screenshot."""

    code = "CODE_EXPIRED"


class CodeInvalid(ServiceError):
    """A personal 建设码 that the platform did not sign, or a typed code it never issued."""

    code = "CODE_INVALID"


class NotGeneralContractor(ServiceError):
    """Entry by code by a site user of a unit other than the project's general contractor."""

    code = "NOT_GENERAL_CONTRACTOR"


EXPECTED = (InvalidInput, PersonNotRegistered, AlreadyOnSite, TeamLeaderNeedsPhone, UnknownEnterprise,
            UnknownTeamLeader, EntryNotFound, ProjectNotFound, InvalidEntry, Forbidden, ProjectRequired,
            TeamLeaderHasMembers, PersonAlreadyRegistered, TeamNotFound, AssignmentNotConfirmed, CodeExpired,
            CodeInvalid, NotGeneralContractor)


class BindingNotApproved(ServiceError):
    """Entry on a project that requires binding review (项目人员绑定审核), without the 实施单位's approval;
    ``details.state`` is the binding's state as the gate knows it (rejected, or None: not approved yet)."""

    code = "BINDING_NOT_APPROVED"


EXPECTED = EXPECTED + (BindingNotApproved,)

#: refusals of one entry in a batch exit; the others still exit
ALREADY_EXITED = "ALREADY_EXITED"
EXIT_BEFORE_ENTRY = "EXIT_BEFORE_ENTRY"
ENTRY_NOT_FOUND = EntryNotFound.code
