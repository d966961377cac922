"""Rules of the enterprise registry, in plain Python."""

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from chassis.caller import AUTHORITY, SYSTEM, Caller
from employment_svc.exceptions import InvalidCreditCode

_CREDIT_CODE_PROBLEMS = (
    (InvalidLength, "CREDIT_CODE_LENGTH"),
    (InvalidFormat, "CREDIT_CODE_FORMAT"),
    (InvalidComponent, "CREDIT_CODE_FORMAT"),
    (InvalidChecksum, "CREDIT_CODE_CHECK_DIGIT"),
)


def check_credit_code(raw: str) -> str:
    """统一社会信用代码 (GB 32100): 18 characters, the last a check character."""
    number = uscc.compact(raw or "")
    if not number:
        raise InvalidCreditCode("credit code is required", fields={"credit_code": "REQUIRED"})
    try:
        return uscc.validate(number)
    except tuple(kind for kind, _ in _CREDIT_CODE_PROBLEMS) as problem:
        code = next(code for kind, code in _CREDIT_CODE_PROBLEMS if isinstance(problem, kind))
        raise InvalidCreditCode("credit code is not valid", fields={"credit_code": code}) from None


def may_register_enterprises(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)
