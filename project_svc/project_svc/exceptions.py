"""Refusals of project_svc."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class ProjectAlreadyRegistered(ServiceError):
    code = "PROJECT_ALREADY_REGISTERED"


class ProjectNotFound(ServiceError):
    code = "PROJECT_NOT_FOUND"


class UnknownEnterprise(InvalidInput):
    code = "UNKNOWN_ENTERPRISE"


EXPECTED = (InvalidInput, ProjectAlreadyRegistered, ProjectNotFound, UnknownEnterprise, Forbidden)
