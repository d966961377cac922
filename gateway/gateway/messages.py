"""The error table: every stable error code, its HTTP status and its words (Chinese first, English second)."""

#: code: (HTTP status, 中文, English)
ERRORS = {
    "INVALID_CREDENTIALS": (401, "用户名或密码错误!", "Wrong user name or password."),
    "NOT_AUTHENTICATED": (401, "请先登录", "Please log in first."),
    "TOKEN_EXPIRED": (401, "登录已过期，请重新登录", "Your session has expired; please log in again."),
    "FORBIDDEN": (403, "无权访问该数据", "You are not allowed to access this data."),
    "NOT_FOUND": (404, "资源不存在", "Not found."),
    "PERSON_NOT_FOUND": (404, "未找到该证件号码的实名信息，请先进行实名登记",
                         "No real-name record has this ID number; register the person first."),
    "INVALID_INPUT": (422, "输入有误，请检查标红的内容", "Some input is not valid; check the marked fields."),
    "INVALID_ID_DOCUMENT": (
        422, "证件信息有误，请检查标红的内容", "The ID document data is not valid; check the marked fields."
    ),
    "VERIFIED_FIELD_LOCKED": (409, "已核验的证件信息不能修改", "Verified ID document data cannot be changed."),
    "PERSON_NOT_REGISTERED": (
        404, "该人员尚未实名登记，请使用非正常登记", "This person has no real-name record; use the unregistered entry form."
    ),
    "ALREADY_ON_SITE": (409, "该人员已在本工地进场，不能重复登记", "This person is already on this site."),
    "TEAM_LEADER_NEEDS_PHONE": (422, "劳务队长必须填写手机号", "A team leader must have a phone number."),
    "UNKNOWN_ENTERPRISE": (422, "用人单位不存在", "No such enterprise."),
    "UNKNOWN_TEAM_LEADER": (422, "所选劳务队长不在本工地", "The chosen team leader is not on this site."),
    "INVALID_ENTRY": (422, "进退场信息有误，请检查标红的内容", "Some entry data is not valid; check the marked fields."),
    "ENTRY_NOT_FOUND": (404, "未找到该进场记录", "No such entry record."),
    "PROJECT_NOT_FOUND": (404, "项目不存在", "No such project."),
    "PROJECT_REQUIRED": (422, "请指定项目", "Choose a project."),
    "EXPORT_TOO_LARGE": (422, "符合条件的记录有 {count} 条，超过导出上限 {cap} 条，请缩小查询范围后再导出",
                         "{count} records match, more than the {cap} an export can hold; narrow the search and "
                         "export again."),
    "INVALID_CREDIT_CODE": (422, "统一社会信用代码有误", "The unified social credit code is not valid."),
    "ENTERPRISE_ALREADY_REGISTERED": (409, "该统一社会信用代码的企业已登记", "An enterprise with this credit code is registered."),
    "ENTERPRISE_NOT_FOUND": (404, "企业不存在", "No such enterprise."),
    "PROJECT_ALREADY_REGISTERED": (409, "该报建编号的项目已存在", "A project with this registration number exists."),
    "SERVICE_UNAVAILABLE": (503, "服务暂时不可用，请稍后再试", "A service is not available; please try again later."),
    "UNEXPECTED_ERROR": (500, "系统内部错误，请联系管理员", "Unexpected error; please contact the administrator."),
}

#: field problem code: (中文, English)
FIELD_PROBLEMS = {
    "REQUIRED": ("必填项", "Required"),
    "INVALID": ("格式不正确", "Not valid"),
    "INVALID_DATE": ("日期格式不正确（YYYY-MM-DD）", "Not a valid date (YYYY-MM-DD)"),
    "INVALID_NUMBER": ("应为数字", "Must be a number"),
    "INVALID_TEXT": ("应为文字", "Must be text"),
    "NOT_ALLOWED": ("不在可选范围内", "Not one of the allowed values"),
    "TOO_LONG": ("内容过长", "Too long"),
    "OUT_OF_RANGE": ("超出范围", "Out of range"),
    "UNKNOWN_FIELD": ("未知字段", "Unknown field"),
    "UNKNOWN_ID_TYPE": ("未知的证件类型", "Unknown ID document type"),
    "UNKNOWN_GENDER": ("未知的性别", "Unknown gender"),
    "UNKNOWN_ETHNICITY": ("未知的民族", "Unknown ethnicity"),
    "ID_NUMBER_LENGTH": ("身份证号码应为18位", "A resident ID number has 18 characters"),
    "ID_NUMBER_FORMAT": ("证件号码格式不正确", "The ID number has characters it cannot have"),
    "ID_NUMBER_BIRTH_DATE": ("身份证号码中的出生日期不存在", "The birth date inside the ID number does not exist"),
    "ID_NUMBER_REGION": ("身份证号码中的地区码不存在", "The region code inside the ID number does not exist"),
    "ID_NUMBER_CHECK_DIGIT": ("身份证号码校验位错误", "The check digit of the ID number is wrong"),
    "GENDER_MISMATCH": ("性别与身份证号码不符", "Gender does not match the ID number"),
    "BIRTH_DATE_MISMATCH": ("出生日期与身份证号码不符", "Birth date does not match the ID number"),
    "DATE_IN_FUTURE": ("日期不能晚于今天", "The date cannot be in the future"),
    "VALIDITY_ENDS_BEFORE_START": ("有效期限的截止日期早于起始日期", "The validity ends before it starts"),
    "PHONE_FORMAT": ("手机号格式不正确", "Not a valid phone number"),
    "VERIFIED_FIELD_LOCKED": ("已核验，不能修改", "Verified; cannot be changed"),
    "CREDIT_CODE_LENGTH": ("统一社会信用代码应为18位", "A credit code has 18 characters"),
    "CREDIT_CODE_FORMAT": ("统一社会信用代码格式不正确", "The credit code has characters it cannot have"),
    "CREDIT_CODE_CHECK_DIGIT": ("统一社会信用代码校验位错误", "The check character of the credit code is wrong"),
    "ENTERPRISE_ALREADY_REGISTERED": ("该企业已登记", "Already registered"),
    "PROJECT_ALREADY_REGISTERED": ("该报建编号已存在", "This registration number exists"),
    "UNKNOWN_ENTERPRISE": ("企业不存在", "No such enterprise"),
    "UNKNOWN_TEAM_LEADER": ("不是本工地在场的劳务队长", "Not a team leader on this site"),
    "TEAM_LEADER_NEEDS_PHONE": ("劳务队长必须填写手机号", "A team leader must have a phone number"),
    "PERSON_NOT_REGISTERED": ("该人员尚未实名登记", "No real-name record"),
    "ALREADY_ON_SITE": ("该人员已在本工地", "Already on this site"),
    "ENTRY_AFTER_EXIT": ("进场日期不能晚于退场日期", "The entry date cannot be after the exit date"),
}

#: why one entry of a batch exit was refused: (中文, English); the person's name goes before it
EXIT_REFUSALS = {
    "ALREADY_EXITED": ("该人员已经退场，不能重复操作", "already exited; it cannot be done twice"),
    "EXIT_BEFORE_ENTRY": ("退工日期早于进场日期", "the exit date is before the entry date"),
    "EXIT_DATE_IN_FUTURE": ("退工日期不能晚于今天", "the exit date cannot be in the future"),
    "ENTRY_NOT_FOUND": ("未找到该进场记录", "no such entry record"),
}

#: field: (中文, English), to name a field in a top-level message
FIELD_LABELS = {
    "id_type": ("证件类型", "ID document type"),
    "id_number": ("证件号码", "ID number"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "ethnicity": ("民族", "Ethnicity"),
    "birth_date": ("出生日期", "Birth date"),
    "address": ("户籍地址", "Address"),
    "issuing_authority": ("签发机关", "Issuing authority"),
    "valid_from": ("有效期限起", "Valid from"),
    "valid_until": ("有效期限止", "Valid until"),
    "phone": ("手机号", "Phone"),
    "employer_id": ("用人单位", "Employer"),
    "is_team_leader": ("是否劳务队长", "Team leader"),
    "team_leader_entry_id": ("劳务队长", "Team leader"),
    "trade": ("从事主要工种", "Trade"),
    "education": ("文化程度", "Education"),
    "entry_date": ("进场日期", "Entry date"),
    "exit_date": ("退工日期", "Exit date"),
    "evaluation": ("用工评价", "Evaluation"),
    "evaluation_comment": ("评价内容", "Comment"),
    "entry_ids": ("退场人员", "People to exit"),
    "credit_code": ("统一社会信用代码", "Credit code"),
    "unit_type": ("单位类型", "Unit type"),
    "contact_person": ("联系人", "Contact person"),
    "contact_phone": ("联系电话", "Contact phone"),
    "registration_number": ("报建编号", "Registration number"),
    "general_contractor_id": ("总承包单位", "General contractor"),
    "project_id": ("项目", "Project"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "q": ("查询条件", "Search"),
    "page": ("页码", "Page"),
    "page_size": ("每页条数", "Page size"),
}

#: success messages
NOTICES = {
    "PERSON_REGISTERED": ("实名信息登记成功", "The real-name record was registered."),
    "PERSON_ALREADY_REGISTERED": ("该证件号码已登记实名信息，已显示已有的记录",
                                  "This ID number is already registered; the existing record is shown."),
}


def english(language: str) -> bool:
    return language.startswith("en")


def words(pair, language):
    return pair[1] if english(language) else pair[0]


def describe_fields(field_codes: dict, language: str) -> dict:
    return {
        field: words(FIELD_PROBLEMS.get(code, FIELD_PROBLEMS["INVALID"]), language)
        for field, code in field_codes.items()
    }


def about_person(name: str | None, text: str, language: str) -> str:
    """``张三：该人员已经退场…`` / ``Zhang San: already exited…``; the text alone when no name may be shown."""
    if not name:
        return text
    return f"{name}: {text}" if english(language) else f"{name}：{text}"


def summary_of_fields(field_messages: dict, language: str) -> str:
    parts = []
    for field, message in field_messages.items():
        name = field.rsplit(".", 1)[-1]  # "person.id_number": the part of a combined form
        label = words(FIELD_LABELS[name], language) if name in FIELD_LABELS else name
        parts.append(f"{label}: {message}" if english(language) else f"{label}：{message}")
    return ("; " if english(language) else "；").join(parts)
