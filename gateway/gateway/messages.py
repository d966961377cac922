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
    "TEAM_LEADER_HAS_MEMBERS": (
        409, "该劳务队长仍带有在场人员，请先为他们更换劳务队长",
        "This team leader still leads people on the site; give them another team leader first."
    ),
    "PERSON_ALREADY_REGISTERED": (
        409, "该证件号码已有实名信息，请核对已登记的信息后使用已登记信息进场",
        "This ID number is already registered; check the record on file and enter with it."
    ),
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
    "DATABASE_UNAVAILABLE": (503, "数据库暂时不可用，请稍后再试", "A database is not available; please try again later."),
    "BROKER_UNAVAILABLE": (503, "消息服务暂时不可用，请稍后再试",
                           "The message broker is not available; please try again later."),
    "INVALID_IDEMPOTENCY_KEY": (400, "幂等键（Idempotency-Key）格式不正确，最长{max_length}个可打印ASCII字符",
                                "The Idempotency-Key must be 1 to {max_length} printable ASCII characters."),
    "IDEMPOTENCY_KEY_REUSED": (422, "该幂等键（Idempotency-Key）已用于另一个请求，请作为新的提交重新发送",
                               "This Idempotency-Key was used for a different request; send it as a new submission."),
    "IDEMPOTENCY_KEY_IN_FLIGHT": (409, "相同的提交仍在处理中，请稍候再试",
                                  "The same submission is still being processed; wait a moment and try again."),
    "UNEXPECTED_ERROR": (500, "系统内部错误，请联系管理员", "Unexpected error; please contact the administrator."),
    # what HTTP itself refuses, before any rule of ours is asked (HTTP_STATUS_CODES below)
    "BAD_REQUEST": (400, "请求格式不正确", "The request is malformed."),
    "METHOD_NOT_ALLOWED": (405, "不支持该操作", "This method is not allowed here."),
    "NOT_ACCEPTABLE": (406, "无法提供所请求的格式", "The requested format cannot be provided."),
    "REQUEST_TIMEOUT": (408, "请求超时，请重试", "The request took too long; please try again."),
    "CONFLICT": (409, "与现有数据冲突", "This conflicts with existing data."),
    "GONE": (410, "该资源已不存在", "This is no longer available."),
    "LENGTH_REQUIRED": (411, "请求缺少长度信息", "The request must state its length."),
    "PRECONDITION_FAILED": (412, "数据已被修改，请刷新后重试", "The data has changed; reload and try again."),
    "PAYLOAD_TOO_LARGE": (413, "提交的内容过大", "What was sent is too large."),
    "URI_TOO_LONG": (414, "请求地址过长", "The request address is too long."),
    "UNSUPPORTED_MEDIA_TYPE": (415, "不支持的内容格式", "This content type is not supported."),
    "RANGE_NOT_SATISFIABLE": (416, "请求的范围无效", "The requested range cannot be served."),
    "EXPECTATION_FAILED": (417, "无法满足请求的要求", "The request's expectation cannot be met."),
    "IM_A_TEAPOT": (418, "无法处理该请求", "This request cannot be handled."),
    "MISDIRECTED_REQUEST": (421, "请求发送到了错误的服务器", "The request reached the wrong server."),
    "LOCKED": (423, "该资源已锁定", "This is locked."),
    "FAILED_DEPENDENCY": (424, "依赖的操作失败", "An operation this depends on failed."),
    "PRECONDITION_REQUIRED": (428, "请求缺少前提条件", "The request must be conditional."),
    "TOO_MANY_REQUESTS": (429, "请求过于频繁，请稍后再试", "Too many requests; please wait and try again."),
    "REQUEST_HEADERS_TOO_LARGE": (431, "请求头过大", "The request headers are too large."),
    "UNAVAILABLE_FOR_LEGAL_REASONS": (451, "因法律原因无法提供", "Not available for legal reasons."),
    "NOT_IMPLEMENTED": (501, "该功能尚未提供", "This is not implemented."),
    "BAD_GATEWAY": (502, "上游服务出错，请稍后再试", "A service behind the gateway failed; please try again later."),
    "GATEWAY_TIMEOUT": (504, "服务响应超时，请稍后再试", "A service did not answer in time; please try again later."),
    "HTTP_VERSION_NOT_SUPPORTED": (505, "不支持该HTTP版本", "This HTTP version is not supported."),
}

#: HTTP status: the code a refusal by HTTP itself (werkzeug's exceptions) answers with
HTTP_STATUS_CODES = {
    400: "BAD_REQUEST", 401: "NOT_AUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE", 408: "REQUEST_TIMEOUT", 409: "CONFLICT", 410: "GONE", 411: "LENGTH_REQUIRED",
    412: "PRECONDITION_FAILED", 413: "PAYLOAD_TOO_LARGE", 414: "URI_TOO_LONG", 415: "UNSUPPORTED_MEDIA_TYPE",
    416: "RANGE_NOT_SATISFIABLE", 417: "EXPECTATION_FAILED", 418: "IM_A_TEAPOT", 421: "MISDIRECTED_REQUEST",
    422: "INVALID_INPUT", 423: "LOCKED", 424: "FAILED_DEPENDENCY", 428: "PRECONDITION_REQUIRED",
    429: "TOO_MANY_REQUESTS", 431: "REQUEST_HEADERS_TOO_LARGE", 451: "UNAVAILABLE_FOR_LEGAL_REASONS",
    500: "UNEXPECTED_ERROR", 501: "NOT_IMPLEMENTED", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT", 505: "HTTP_VERSION_NOT_SUPPORTED",
}


def http_status_code(status: int) -> str:
    """The table's code for an HTTP status; a status the table lacks reads as the nearest it has."""
    return HTTP_STATUS_CODES.get(status) or ("BAD_REQUEST" if status < 500 else "UNEXPECTED_ERROR")

#: field problem code: (中文, English)
FIELD_PROBLEMS = {
    "REQUIRED": ("必填项", "Required"),
    "INVALID": ("格式不正确", "Not valid"),
    "INVALID_DATE": ("日期格式不正确（YYYY-MM-DD）", "Not a valid date (YYYY-MM-DD)"),
    "INVALID_NUMBER": ("应为数字", "Must be a number"),
    "INVALID_TEXT": ("应为文字", "Must be text"),
    "NOT_ALLOWED": ("不在可选范围内", "Not one of the allowed values"),
    "TOO_LONG": ("内容过长", "Too long"),
    "TOO_SHORT": ("内容过短", "Too short"),
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
    "ID_NUMBER_IS_RESIDENCE_PERMIT": ("这是港澳台居民居住证号码，请将证件类型选为港澳台居民居住证",
                                      "This is the number of a residence permit for Hong Kong, Macao and Taiwan "
                                      "residents; choose that document type"),
    "ID_NUMBER_IS_FOREIGNER_CARD": ("这是外国人永久居留身份证号码，请将证件类型选为外国人永久居留身份证",
                                    "This is the number of a foreign permanent resident ID card; choose that "
                                    "document type"),
    "RESIDENCE_PERMIT_REGION": ("港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头",
                                "A residence permit number begins with 810000 (Hong Kong), 820000 (Macao) or "
                                "830000 (Taiwan)"),
    "FOREIGNER_CARD_NUMBER_FORMAT": ("外国人永久居留身份证号码应为以9开头的18位号码，或3位字母加12位数字的旧号码",
                                     "A foreign permanent resident ID number has 18 characters beginning with 9, "
                                     "or (older cards) 3 letters and 12 digits"),
    "DISABILITY_CARD_NUMBER_FORMAT": ("残疾人证号码应为20位：18位身份证号码加残疾类别（1-7）和等级（1-4）",
                                      "A disability card number has 20 characters: the resident ID number, the "
                                      "category (1-7) and the grade (1-4)"),
    "HKID_FORMAT": ("香港身份证号码应为1至2个字母、6位数字和括号内的校验码，如A123456(3)",
                    "A Hong Kong identity card number is 1 or 2 letters, 6 digits and a check character, "
                    "like A123456(3)"),
    "HKID_CHECK_DIGIT": ("香港身份证号码括号内的校验码错误", "The check character of the Hong Kong identity card "
                                                            "number is wrong"),
    "PASSPORT_NUMBER_FORMAT": ("护照号码应为5至9位字母和数字，如E12345678、EA1234567",
                               "A passport number has 5 to 9 letters and digits, like E12345678 or EA1234567"),
    "HK_MACAO_PERMIT_NUMBER_FORMAT": ("港澳居民来往内地通行证号码应为H或M加8位数字，如H12345678",
                                      "A Mainland travel permit number for Hong Kong and Macao residents is H or M "
                                      "and 8 digits, like H12345678"),
    "EXIT_ENTRY_PERMIT_NUMBER_FORMAT": ("往来港澳通行证号码应为C加8位（如C12345678）或W加8位数字",
                                        "An exit-entry permit number is C and 8 characters (like C12345678) or W "
                                        "and 8 digits"),
    "TAIWAN_PERMIT_NUMBER_FORMAT": ("台湾居民来往大陆通行证号码应为8位数字",
                                    "A Mainland travel permit number for Taiwan residents has 8 digits"),
    "TRAVEL_PERMIT_TO_TAIWAN_NUMBER_FORMAT": ("大陆居民往来台湾通行证号码应为L或T加8位数字",
                                              "A travel permit to Taiwan number is L or T and 8 digits"),
    "MILITARY_DOCUMENT_NUMBER_FORMAT": ("证件号码应为4至30位数字、字母或汉字",
                                        "The number has 4 to 30 digits, letters or Chinese characters"),
    "DOCUMENT_NUMBER_FORMAT": ("证件号码应为4至30位数字或字母", "The number has 4 to 30 digits or letters"),
    "ID_FRAGMENT_TOO_SHORT": ("按证件号码查询至少输入4位（前6位以上或后4位以上）",
                              "Type at least 4 characters of an ID number (its first 6 or more, or its last 4 "
                              "or more)"),
    "ID_FRAGMENT_TOO_BROAD": ("符合该号码片段的人员过多，请多输入几位",
                              "Too many people match this part of an ID number; type more of it"),
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
    "TEAM_LEADER_IS_SELF": ("不能选择本人作为自己的劳务队长", "A person cannot be their own team leader"),
    "TEAM_LEADER_HAS_MEMBERS": ("仍有在场人员属于该劳务队", "People on the site are still in this team"),
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
    "person": ("人员", "Person"),
    "page": ("页码", "Page"),
    "page_size": ("每页条数", "Page size"),
    "limit": ("条数上限", "Limit"),
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


def field_label(path: str, language: str) -> str:
    """``person.id_number`` → 证件号码 (the part of a combined form); ``entry_ids.0`` → 退场人员（第1项）."""
    parts = path.split(".")
    items = []
    while len(parts) > 1 and parts[-1].isdigit():
        items.insert(0, int(parts.pop()) + 1)
    name = parts[-1]
    label = words(FIELD_LABELS[name], language) if name in FIELD_LABELS else name
    for item in items:
        label += f" (item {item})" if english(language) else f"（第{item}项）"
    return label


def summary_of_fields(field_messages: dict, language: str) -> str:
    parts = []
    for field, message in field_messages.items():
        label = field_label(field, language)
        parts.append(f"{label}: {message}" if english(language) else f"{label}：{message}")
    return ("; " if english(language) else "；").join(parts)
