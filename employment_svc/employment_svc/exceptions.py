"""Refusals of employment_svc."""

from chassis.errors import Forbidden, InvalidInput, ServiceError


class InvalidCreditCode(InvalidInput):
    code = "INVALID_CREDIT_CODE"


class EnterpriseAlreadyRegistered(ServiceError):
    code = "ENTERPRISE_ALREADY_REGISTERED"


class EnterpriseNotFound(ServiceError):
    code = "ENTERPRISE_NOT_FOUND"


EXPECTED = (InvalidInput, InvalidCreditCode, EnterpriseAlreadyRegistered, EnterpriseNotFound, Forbidden)
