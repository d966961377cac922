"""The error table's contract: every code any service or the gateway can answer with has words in both languages.

The codes are collected from the code, not listed here: every ``ServiceError`` subclass of every service,
every code-shaped text in every module of every service (field codes of the domain rules, batch-exit
refusals …), every code the gateway raises, and every code a schema gives a field. A new code without a
row in ``ERRORS``, ``FIELD_PROBLEMS``, ``EXIT_REFUSALS`` or ``WARNINGS`` fails here.
"""

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from marshmallow import Schema as MarshmallowSchema
from marshmallow import fields, validate

import gateway
from chassis.errors import InvalidInput, ServiceError
from chassis.platform import PLATFORM_SERVICES
from chassis.schemas import FIELD_CODES, load_or_refuse
from gateway.messages import ERRORS, EXIT_REFUSALS, FIELD_PROBLEMS, HTTP_STATUS_CODES, WARNINGS

CODE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
#: code-shaped texts in a service's modules that are not codes a user can receive
#: words in capitals that are no refusal: employment_svc's setting of where documents are kept, a foreign key's
#: ON DELETE, the import template's frozen cell and its colours
#: attendance_svc's settings and the HTTP methods of the device API it dispatches on; a 补卡 record's reason (the
#: portal tags it 补卡)
NOT_CODES = frozenset({"DOCUMENT_STORE", "CASCADE", "A2", "C00000", "F2F2F2", "CODE_SIGNING_KEY",
                       "TIMEZONE", "DEVICE_OFFLINE_SECONDS", "DEVICE_STATUS_CHECK_SECONDS",
                       "DEVICE_REQUEST_WINDOW_SECONDS", "CLOCK_REPEAT_SECONDS", "CLOCK_LATE_SECONDS", "GET", "POST",
                       # words of the terminals' own protocols (ZKTeco iclock, Hikvision ISAPI)
                       "ATTLOG", "OK", "SN", "INFO", "ID", "CMD", "PUT", "FDID", "FPID", "MORE",
                       "HIKVISION_PUSH_SECONDS", "HIKVISION_READ_BACK_SECONDS",
                       "ABSENCE_WARNING_DAYS", "ATTENDANCE_RATE_DAYS", "ATTENDANCE_RATE_THRESHOLD",
                       "WARNING_CHECK_SECONDS", "CORRECTION", "KEEP_PHOTOS", "FACE_KEEP_PHOTOS"})
WORDS = {**{code: row[1:] for code, row in ERRORS.items()}, **FIELD_PROBLEMS, **EXIT_REFUSALS, **WARNINGS}


def modules_of(package_name):
    package = importlib.import_module(package_name)
    yield package
    for found in pkgutil.walk_packages(package.__path__, package_name + "."):
        yield importlib.import_module(found.name)


def texts_in(module):
    """Every string constant of the module's source that looks like a code (docstrings never do)."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text())
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 1
            and CODE.fullmatch(node.value)}


def service_modules():
    return [module for service in PLATFORM_SERVICES for module in modules_of(service)]


def refusal_types():
    for module in service_modules():
        assert module  # every module of every service is imported, so each of its refusal types exists
    found, pending = set(), [ServiceError]
    while pending:
        refusal = pending.pop()
        for subclass in refusal.__subclasses__():
            if subclass.raised_as is None and subclass.__module__.split(".")[0] in (*PLATFORM_SERVICES, "chassis"):
                found.add(subclass)
            pending.append(subclass)
    return found


def gateway_codes():
    """Codes the gateway raises itself: ``ApiError("CODE", …)``."""
    codes = set()
    for source in Path(gateway.__file__).parent.rglob("*.py"):  # read, not imported: wsgi.py makes an app
        for node in ast.walk(ast.parse(source.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ApiError" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    return codes


def test_every_refusal_type_of_every_service_has_a_row_with_its_status():
    types = refusal_types()
    assert {"PersonNotFound", "EnterpriseNotFound", "ProjectNotFound", "AlreadyOnSite"} <= {t.__name__ for t in types}
    assert {t.__qualname__: t.code for t in types if t.code not in ERRORS} == {}


def test_every_code_written_in_a_service_has_words():
    # a code table's own codes (a trade's "S190") are values a user picks, not refusals
    written = {(module.__name__, text) for module in service_modules() if not module.__name__.endswith(".reference")
               for text in texts_in(module)}
    assert {"ALREADY_EXITED", "ID_NUMBER_CHECK_DIGIT", "UNKNOWN_TEAM_LEADER"} <= {text for _, text in written}
    assert sorted(pair for pair in written if pair[1] not in WORDS and pair[1] not in NOT_CODES) == []


def test_every_code_the_gateway_raises_or_answers_http_with_has_a_row():
    assert {"INVALID_CREDENTIALS", "NOT_AUTHENTICATED"} <= gateway_codes()
    assert gateway_codes() - set(ERRORS) == set()
    assert set(HTTP_STATUS_CODES.values()) - set(ERRORS) == set()
    assert all(ERRORS[code][0] == status for status, code in HTTP_STATUS_CODES.items())


def test_every_code_a_schema_gives_a_field_has_words():
    assert set(FIELD_CODES) - set(FIELD_PROBLEMS) == set()


@pytest.mark.parametrize("code", sorted(WORDS))
def test_every_row_has_words_in_chinese_and_in_english(code):
    chinese, english = WORDS[code]
    assert chinese and english and chinese != english
    assert re.search(r"[\u4e00-\u9fff]", chinese) and english.isascii()


def repository_schemas():
    for package in (*PLATFORM_SERVICES, "gateway"):
        module = importlib.import_module(f"{package}.schemas")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, MarshmallowSchema) and value.__module__ == module.__name__:
                yield value


def validated_fields():
    """(schema, field name, validator) for every validator on every field of every schema of the repository."""
    return list(_validated_fields())


def _validated_fields():
    for schema_class in repository_schemas():
        for name, field in schema_class().fields.items():
            for validator in field.validators:
                yield pytest.param(schema_class, name, validator,
                                   id=f"{schema_class.__module__}.{schema_class.__name__}.{name}:{validator!r}")


def refusing(field, validator):
    """A value ``validator`` refuses, and the code the user must see for it."""
    empty = [] if isinstance(field, fields.List) else ""
    if isinstance(validator, validate.Length) and validator.max is not None:
        return ([0] if isinstance(field, fields.List) else "字") * (validator.max + 1), "TOO_LONG"
    if isinstance(validator, validate.Length) and validator.min == 1:
        return empty, "REQUIRED"
    if isinstance(validator, validate.Length) and validator.min:
        return "字" * (validator.min - 1), "TOO_SHORT"
    if isinstance(validator, validate.Range):
        return (validator.min - 1, "OUT_OF_RANGE") if validator.min is not None else (validator.max + 1,
                                                                                      "OUT_OF_RANGE")
    if isinstance(validator, validate.OneOf):
        return "不在表中", "NOT_ALLOWED"
    raise AssertionError(f"no case for {validator!r}: add one here and to chassis/tests/unit/test_field_codes.py")


@pytest.mark.parametrize(("schema_class", "name", "validator"), validated_fields())
def test_every_validator_of_every_schema_refuses_with_its_code(schema_class, name, validator):
    schema = schema_class()
    value, code = refusing(schema.fields[name], validator)
    with pytest.raises(InvalidInput) as refused:
        load_or_refuse(schema, {schema.fields[name].data_key or name: value}, partial=True)
    assert refused.value.fields == {schema.fields[name].data_key or name: code}


def test_the_gateway_is_among_the_packages_checked():
    assert gateway.__name__ in {schema.__module__.split(".")[0] for schema in repository_schemas()}
