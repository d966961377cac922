"""Refusals of employment_svc."""

from chassis.documents import DocumentRefused
from chassis.errors import Forbidden, InvalidInput, ServiceError


class InvalidCreditCode(InvalidInput):
    code = "INVALID_CREDIT_CODE"


class EnterpriseAlreadyRegistered(ServiceError):
    code = "ENTERPRISE_ALREADY_REGISTERED"


class EnterpriseNotFound(ServiceError):
    code = "ENTERPRISE_NOT_FOUND"


# -- 聘用关系 ---------------------------------------------------------------------------------------------------


class NameMismatch(InvalidInput):
    """The typed name is not the name on the person's real-name record (field ``name``)."""

    code = "NAME_MISMATCH"


class PersonNotRegistered(ServiceError):
    """No real-name record has the ID number: 实名登记 comes first (field ``id_number``)."""

    code = "PERSON_NOT_REGISTERED"


class EmployedElsewhere(ServiceError):
    """One employer at a time: the person is bound to another employer (details ``employer_name``)."""

    code = "EMPLOYED_ELSEWHERE"


class ManagerRegisteredElsewhere(ServiceError):
    """A 管理员 bound to another enterprise, until it transfers them out (离职迁出; details ``employer_name``)."""

    code = "MANAGER_REGISTERED_ELSEWHERE"


class AlreadyEmployedHere(ServiceError):
    code = "ALREADY_EMPLOYED_HERE"


class EmploymentAlreadyRequested(ServiceError):
    """This employer's request for the person waits for the person's answer."""

    code = "EMPLOYMENT_ALREADY_REQUESTED"


class ManagerStillOnSite(ServiceError):
    """A 管理员 must have exited every site first (details ``projects``: ``[{project_id, project_name}]``)."""

    code = "MANAGER_STILL_ON_SITE"


class EmploymentNotFound(ServiceError):
    code = "EMPLOYMENT_NOT_FOUND"


class EmploymentActionNotAllowed(ServiceError):
    """The action does not apply to the relation in its state (details ``state``, ``action``)."""

    code = "EMPLOYMENT_ACTION_NOT_ALLOWED"


class ReasonRequired(InvalidInput):
    """The step needs a reason (field ``reason``)."""

    code = "REASON_REQUIRED"


# -- worker profiles, teams and labour contracts ------------------------------------------------------------------


class NotAnEmployee(ServiceError):
    """A profile, a team place or a contract is for someone employed here now (a binding relation)."""

    code = "NOT_AN_EMPLOYEE"


class ProfileNotFound(ServiceError):
    code = "PROFILE_NOT_FOUND"


class InvalidProfile(InvalidInput):
    """基本信息登记 data that breaks a rule of the form; ``fields`` name each one."""

    code = "INVALID_PROFILE"


class TeamNotFound(ServiceError):
    code = "TEAM_NOT_FOUND"


class TeamNameTaken(ServiceError):
    code = "TEAM_NAME_TAKEN"


class TeamNotEmpty(ServiceError):
    """Only an empty team is dissolved; ``details.member_count`` says how many are in it."""

    code = "TEAM_NOT_EMPTY"


class InvalidTeam(InvalidInput):
    code = "INVALID_TEAM"


class ContractNotFound(ServiceError):
    code = "CONTRACT_NOT_FOUND"


class InvalidContract(InvalidInput):
    code = "INVALID_CONTRACT"


class DocumentNotFound(ServiceError):
    code = "DOCUMENT_NOT_FOUND"


class ImportNotFound(ServiceError):
    code = "IMPORT_NOT_FOUND"


EXPECTED = (ImportNotFound, InvalidInput, InvalidCreditCode, EnterpriseAlreadyRegistered, EnterpriseNotFound,
            Forbidden,
            NameMismatch, PersonNotRegistered, EmployedElsewhere, ManagerRegisteredElsewhere, AlreadyEmployedHere,
            EmploymentAlreadyRequested, ManagerStillOnSite, EmploymentNotFound, EmploymentActionNotAllowed,
            ReasonRequired, NotAnEmployee, ProfileNotFound, InvalidProfile, TeamNotFound, TeamNameTaken, TeamNotEmpty,
            InvalidTeam, ContractNotFound, InvalidContract, DocumentNotFound, DocumentRefused)
