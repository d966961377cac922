"""Refusals of project_svc."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class ProjectAlreadyRegistered(ServiceError):
    code = "PROJECT_ALREADY_REGISTERED"


class ProjectNotFound(ServiceError):
    code = "PROJECT_NOT_FOUND"


class UnknownEnterprise(InvalidInput):
    code = "UNKNOWN_ENTERPRISE"


EXPECTED = (InvalidInput, ProjectAlreadyRegistered, ProjectNotFound, UnknownEnterprise, Forbidden)


# -- 关键岗位 (key_positions.py) -------------------------------------------------------------------------------------


class KeyPositionTaken(ServiceError):
    """A single position (项目经理, 总监理工程师 …) of the unit already has its person on the project."""

    code = "KEY_POSITION_TAKEN"


class KeyPositionNotPending(ServiceError):
    """The registration is not in a state that allows the action (already decided, not on site, no exit asked)."""

    code = "KEY_POSITION_NOT_PENDING"


class CertificateRequired(InvalidInput):
    """入场注册 needs the person's 资质证书 (a photo or PDF)."""

    code = "CERTIFICATE_REQUIRED"


class KeyPositionNotFound(ServiceError):
    code = "KEY_POSITION_NOT_FOUND"


class InvalidKeyPosition(InvalidInput):
    """The unit is not a participant of the project, or is of a type without the position (``fields``)."""

    code = "INVALID_KEY_POSITION"


EXPECTED = EXPECTED + (KeyPositionTaken, KeyPositionNotPending, CertificateRequired, KeyPositionNotFound,
                       InvalidKeyPosition)


class KeyPositionAlreadyRegistered(ServiceError):
    """The person is already registered (or on site) in this position of the unit."""

    code = "KEY_POSITION_ALREADY_REGISTERED"


class PersonNotRegistered(ServiceError):
    """No real-name record has the ID number: 实名登记 comes first (field ``id_number``)."""

    code = "PERSON_NOT_REGISTERED"


class NameMismatch(InvalidInput):
    """The typed name is not the name on the person's real-name record (field ``name``)."""

    code = "NAME_MISMATCH"


EXPECTED = EXPECTED + (KeyPositionAlreadyRegistered, PersonNotRegistered, NameMismatch)
class DeclarationIncomplete(InvalidInput):
    """资料不全: ``fields`` names every missing field."""

    code = "DECLARATION_INCOMPLETE"


class ProjectStateConflict(ServiceError):
    """The action does not apply to the project's state: ``code`` is PROJECT_NOT_PENDING_REVIEW,
    PROJECT_NOT_REJECTED, PROJECT_NOT_IN_PROGRESS, PROJECT_NOT_SUSPENDED or PROJECT_NOT_ACTIVE."""

    code = "PROJECT_NOT_PENDING_REVIEW"


class NotParticipant(ServiceError):
    code = "NOT_PARTICIPANT"


class ParticipantAlreadyAdded(ServiceError):
    code = "PARTICIPANT_ALREADY_ADDED"


class ParticipantRoleNotAllowed(InvalidInput):
    """The unit may not take on a participant in that role (a labour subcontractor takes on nobody)."""

    code = "PARTICIPANT_ROLE_NOT_ALLOWED"


class ReportNumberTaken(ServiceError):
    code = "REPORT_NUMBER_TAKEN"


EXPECTED = EXPECTED + (DeclarationIncomplete, ProjectStateConflict, NotParticipant, ParticipantAlreadyAdded,
                       ParticipantRoleNotAllowed, ReportNumberTaken)
# -- 人员分配 (assignments) -------------------------------------------------------------------------------------


class NoContractSection(ServiceError):
    """The enterprise holds no reported contract section in force on the project."""

    code = "NO_CONTRACT_SECTION"


class NotEmployedHere(ServiceError):
    """The person is not 在职 with the assigning enterprise."""

    code = "NOT_EMPLOYED_HERE"


class AlreadyAssigned(ServiceError):
    """The person already has an open (pending or confirmed) assignment on the project."""

    code = "ALREADY_ASSIGNED"


class AssignmentNotPending(ServiceError):
    code = "ASSIGNMENT_NOT_PENDING"


class AssignmentNotOpen(ServiceError):
    """Ending an assignment that is rejected or already ended."""

    code = "ASSIGNMENT_NOT_OPEN"


class NotConfirmingUnit(Forbidden):
    """Confirming what another unit's subcontractor assigned: only the contracting unit above confirms."""

    code = "NOT_CONFIRMING_UNIT"


class AssignmentNotFound(ServiceError):
    code = "ASSIGNMENT_NOT_FOUND"


ASSIGNMENT_EXPECTED = EXPECTED + (NoContractSection, NotEmployedHere, AlreadyAssigned, AssignmentNotPending,
                                  AssignmentNotOpen, NotConfirmingUnit, AssignmentNotFound)


# -- 项目人员绑定 (bindings) -----------------------------------------------------------------------------------------


class BindingNotSubmittable(ServiceError):
    """The binding request is already awaiting review or approved."""

    code = "BINDING_NOT_SUBMITTABLE"


class BindingNotPending(ServiceError):
    """Approving or rejecting a binding request that is not awaiting the implementing unit."""

    code = "BINDING_NOT_PENDING"


class FaceNotVerified(ServiceError):
    """The project requires binding review: the person must have completed face recognition first."""

    code = "FACE_NOT_VERIFIED"


class NotImplementingUnit(Forbidden):
    """Only the project's 实施单位 reviews binding requests."""

    code = "NOT_IMPLEMENTING_UNIT"


class BindingNotFound(ServiceError):
    code = "BINDING_NOT_FOUND"


class AssignmentNotConfirmed(ServiceError):
    """A binding is submitted only for a person whose assignment on the project is confirmed."""

    code = "ASSIGNMENT_NOT_CONFIRMED"


BINDING_EXPECTED = ASSIGNMENT_EXPECTED + (BindingNotSubmittable, BindingNotPending, FaceNotVerified,
                                          NotImplementingUnit, BindingNotFound, AssignmentNotConfirmed)


# -- 自助登记人员 办理 (self_registrations) ------------------------------------------------------------------------


class SelfRegistrationNotFound(ServiceError):
    code = "SELF_REGISTRATION_NOT_FOUND"


class SelfRegistrationAlreadyHandled(ServiceError):
    """The submission is 已办理 already: the person's record and the unit's employment request exist."""

    code = "SELF_REGISTRATION_ALREADY_HANDLED"


class NotSelfRegistrationUnit(Forbidden):
    """Only the unit the worker chose on the form handles the submission (the general contractor and the authority
    read it)."""

    code = "NOT_SELF_REGISTRATION_UNIT"


SELF_REGISTRATION_EXPECTED = BINDING_EXPECTED + (SelfRegistrationNotFound, SelfRegistrationAlreadyHandled,
                                                 NotSelfRegistrationUnit)
