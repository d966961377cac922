"""Who may see and create projects."""

import re

from chassis.caller import AUTHORITY, ENTERPRISE, SITE, SYSTEM, Caller

#: a landline as people type it: 021-64581234
_LANDLINE = re.compile(r"^\d{3,4}-\d{7,8}(-\d{1,6})?$")


def may_create_projects(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)


def normalise_registration_number(raw: str) -> str:
    """报建编号 are typed with stray spaces and lower case; they compare upper-cased and trimmed."""
    return "".join((raw or "").split()).upper()


#: 参建单位 roles: key → (national 参建单位类型 corpType, 中文, English). 实施单位 is manual 004's programme unit,
#: reported nationally as 其它.
PARTICIPANT_ROLES = {
    "owner": ("008", "建设单位", "Owner (developer)"),
    "general_contractor": ("009", "施工总包", "General contractor"),
    "specialty_contractor": ("001", "专业分包", "Specialty subcontractor"),
    "labour_subcontractor": ("006", "劳务分包", "Labour subcontractor"),
    "supervisor": ("007", "监理", "Supervising engineer"),
    "surveyor": ("010", "勘察", "Survey unit"),
    "designer": ("011", "设计", "Design unit"),
    "implementing_unit": ("012", "实施单位", "Implementing unit"),
}

#: 合同类别 of a contract section
CONTRACT_CATEGORIES = {
    "general_contract": ("施工总承包合同", "General construction contract"),
    "specialty_subcontract": ("专业分包合同", "Specialty subcontract"),
    "labour_subcontract": ("劳务分包合同", "Labour subcontract"),
    "supervision": ("监理合同", "Supervision contract"),
    "survey": ("勘察合同", "Survey contract"),
    "design": ("设计合同", "Design contract"),
    "other": ("其他合同", "Other contract"),
}

#: 合同状态 of a contract section
CONTRACT_STATES = {
    "in_force": ("履行中", "In force"),
    "completed": ("已完成", "Completed"),
    "terminated": ("已终止", "Terminated"),
}


# -- 项目申报: the declaration, its review and the project's life ---------------------------------------------------

#: 项目状态: key → (national prjStatus, 中文, English). A declaration not yet approved is reported nationally as
#: 筹备 (001): the standard has no state for "under review".
PROJECT_STATES = {
    "pending_review": ("001", "待审核", "Pending review"),
    "rejected": ("001", "审核不通过", "Rejected"),
    "in_progress": ("003", "在建", "In progress"),
    "suspended": ("005", "停工", "Suspended"),
    "completed": ("004", "竣工", "Completed"),
}
PENDING_REVIEW, REJECTED, IN_PROGRESS, SUSPENDED, COMPLETED = PROJECT_STATES
#: the states of a project people may work on (its gates, units and sections are live)
ACTIVE_STATES = (IN_PROGRESS, SUSPENDED)

#: the declaration's life: (state, action) → the state it leads to; None is "not yet declared"
DECLARATION_FLOW = {
    (None, "declare"): PENDING_REVIEW,
    (PENDING_REVIEW, "approve"): IN_PROGRESS,
    (PENDING_REVIEW, "reject"): REJECTED,
    (REJECTED, "resubmit"): PENDING_REVIEW,
    (IN_PROGRESS, "suspend"): SUSPENDED,
    (SUSPENDED, "resume"): IN_PROGRESS,
    (IN_PROGRESS, "complete"): COMPLETED,
    (SUSPENDED, "complete"): COMPLETED,
}
#: what each action says when the project is not in a state it applies to
REFUSED_BECAUSE = {
    "declare": "PROJECT_ALREADY_REGISTERED",
    "approve": "PROJECT_NOT_PENDING_REVIEW",
    "reject": "PROJECT_NOT_PENDING_REVIEW",
    "resubmit": "PROJECT_NOT_REJECTED",
    "suspend": "PROJECT_NOT_IN_PROGRESS",
    "resume": "PROJECT_NOT_SUSPENDED",
    "complete": "PROJECT_NOT_ACTIVE",
}
#: who takes each action: the declarer declares and resubmits, the authority does the rest
DECLARER_ACTIONS = ("declare", "resubmit")


class ProjectStateConflict(Exception):
    """The action does not apply to the project's state; ``code`` says which state it needs."""

    def __init__(self, state, action):
        self.state, self.action, self.code = state, action, REFUSED_BECAUSE[action]
        super().__init__(f"{action} does not apply to a project that is {state}")


def next_state(state, action):
    """The state ``action`` leads to from ``state``; ``ProjectStateConflict`` if it does not apply there."""
    try:
        return DECLARATION_FLOW[(state, action)]
    except KeyError:
        raise ProjectStateConflict(state, action) from None


def national_status(state) -> str:
    """The national 项目状态 ``prjStatus`` of a project state."""
    return PROJECT_STATES[state][0]


def may_take(caller: Caller, action, declarer_enterprise_id=None) -> bool:
    if action in DECLARER_ACTIONS:
        return caller.role == ENTERPRISE and (
            action == "declare" or caller.enterprise_id == declarer_enterprise_id)
    return caller.role in (AUTHORITY, SYSTEM)


#: 项目分类 — the national ``category``
PROJECT_CATEGORIES = {
    "01": ("房屋建筑工程", "Building construction"),
    "02": ("市政公用工程", "Municipal works"),
    "03": ("机电安装工程", "Electromechanical installation"),
    "04": ("铁路工程", "Railway"),
    "05": ("公路工程", "Highway"),
    "06": ("港口与航道工程", "Port and waterway"),
    "07": ("水利水电工程", "Water conservancy and hydropower"),
    "08": ("电力工程", "Power"),
    "09": ("矿山工程", "Mining"),
    "10": ("冶金工程", "Metallurgy"),
    "11": ("石油化工工程", "Petrochemical"),
    "12": ("通信工程", "Telecommunications"),
    "99": ("其他", "Other"),
}

#: 投资性质 (the national standard has no code table for it: these are the declaration form's choices)
INVESTMENT_TYPES = {
    "government": ("政府投资", "Government investment"),
    "state_owned": ("国有投资", "State-owned investment"),
    "private": ("民营投资", "Private investment"),
    "foreign": ("外商投资", "Foreign investment"),
    "mixed": ("混合投资", "Mixed investment"),
    "other": ("其他", "Other"),
}

#: 保证金办理方式 — how the wage deposit (工资保证金) is provided
DEPOSIT_METHODS = {
    "cash": ("现金存储", "Cash deposit"),
    "bank_guarantee": ("银行保函", "Bank guarantee"),
    "guarantee_insurance": ("工程保证保险", "Guarantee insurance"),
    "guarantee_company": ("担保公司保函", "Guarantee company letter"),
    "exempt": ("免缴", "Exempt"),
}

#: the five main units (五大主体单位) every declaration names, in the form's order
MAIN_UNIT_ROLES = ("owner", "surveyor", "designer", "general_contractor", "supervisor")

#: what a declaration must hold (the manual: 资料不全审核不通过); the units are checked one by one
DECLARATION_REQUIRED = (
    "registration_number", "name", "category", "investment_type", "contact_name", "contact_phone", "area_code",
    "address", "lat", "lng", "start_date", "planned_completion_date", "builder_license_number",
    "builder_license_date", "building_area", "building_height", "structure_levels", "construction_cost",
    "wage_bank", "deposit_method",
)


def missing_fields(declaration: dict) -> dict:
    """Every field a declaration lacks, as ``{"field": "REQUIRED"}`` (``units.owner.credit_code`` for a unit's);
    empty when it is complete."""
    missing = {name: "REQUIRED" for name in DECLARATION_REQUIRED
               if declaration.get(name) in (None, "") or (isinstance(declaration.get(name), str)
                                                          and not declaration[name].strip())}
    units = declaration.get("units") or {}
    for role in MAIN_UNIT_ROLES:
        unit = units.get(role) or {}
        for part in ("credit_code", "name"):
            if not (unit.get(part) or "").strip():
                missing[f"units.{role}.{part}"] = "REQUIRED"
    return missing


def declaration_problems(declaration: dict) -> dict:
    """What is wrong beyond a missing field: dates out of order."""
    problems = {}
    start, end = declaration.get("start_date"), declaration.get("planned_completion_date")
    if start and end and end < start:
        problems["planned_completion_date"] = "BEFORE_START_DATE"
    phone = declaration.get("contact_phone")
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 20) and not _LANDLINE.match(phone):
        problems["contact_phone"] = "PHONE_FORMAT"
    bank = declaration.get("wage_bank")
    if bank and not (bank.isdigit() and len(bank) == 3):
        problems["wage_bank"] = "NOT_ALLOWED"
    return problems


def may_review(caller: Caller) -> bool:
    return caller.role in (AUTHORITY, SYSTEM)


# -- 参建单位 and 合同标段 ---------------------------------------------------------------------------------------------

#: who may add which participant under itself (manual 001: the general contractor takes on specialty and labour
#: subcontractors; a specialty contractor takes on its labour subcontractors; a labour subcontractor, none)
MAY_ADD_UNDER = {
    "general_contractor": ("specialty_contractor", "labour_subcontractor"),
    "specialty_contractor": ("labour_subcontractor",),
}
#: the unit type employment_svc registers a new enterprise with, per participant role
UNIT_TYPE_OF_ROLE = {role: role for role in PARTICIPANT_ROLES} | {"implementing_unit": "other"}


def roles_addable_by(role) -> tuple:
    return MAY_ADD_UNDER.get(role, ())


def participant_visible_to(caller: Caller, project_participant_enterprise_ids, declarer_enterprise_id=None,
                           project_id=None, general_contractor_id=None) -> bool:
    """The authority sees every project; a site its own; an enterprise a project it declared, takes part in, or
    (projects registered before participants were kept) is general contractor of."""
    if caller.role in (AUTHORITY, SYSTEM):
        return True
    if caller.role == SITE:
        return caller.project_id == project_id
    if caller.role == ENTERPRISE:
        return caller.enterprise_id in (set(project_participant_enterprise_ids)
                                        | {declarer_enterprise_id, general_contractor_id})
    return False
