"""Code tables of employment: units, profiles, wage terms, teams and contracts.

Where the national data standard of the construction worker platform names a
table (政治面貌 ``politicsType``, 开户银行 ``payRollTopBankCode``, 计件单位
``unit``, 合同期限类型 ``contractPeriodType``) its codes are used, so a profile or
a contract can be reported upwards as it is; 从事主要工种 and 文化程度 are the
national tables shared with siteaccess_svc (chassis.codes). Tables the standard
does not name (证书类型, 血型, 工资结算方式, 班组类型) have codes of this platform.
"""

from chassis.codes import EDUCATION_LEVELS, TRADES, Code, as_rows

__all__ = ["UNIT_TYPES", "TRADES", "EDUCATION_LEVELS", "POLITICS", "CERTIFICATE_TYPES", "BANKS", "BLOOD_TYPES",
           "WAGE_SCHEMES", "PIECE_UNITS", "CONTRACT_TYPES", "TEAM_KINDS", "PROFILE_STATES", "EMPLOYMENT_ROLES",
           "EMPLOYMENT_STATES", "END_REASONS", "reference_tables"]

UNIT_TYPES = {
    "owner": ("建设单位", "Owner (developer)"),
    "general_contractor": ("施工总承包", "General contractor"),
    "specialty_contractor": ("专业分包", "Specialty subcontractor"),
    "labour_subcontractor": ("劳务分包", "Labour subcontractor"),
    "supervisor": ("监理单位", "Supervising engineer"),
    "surveyor": ("勘察单位", "Survey unit"),
    "designer": ("设计单位", "Design unit"),
    "other": ("其他", "Other"),
}

#: 政治面貌 — the standard's ``politicsType`` (GB/T 4762: 01 … 13).
POLITICS = {
    "01": Code("中共党员", "Member of the Communist Party of China"),
    "02": Code("中共预备党员", "Probationary Party member"),
    "03": Code("共青团员", "Member of the Communist Youth League"),
    "04": Code("民革党员", "Member of the Revolutionary Committee of the Kuomintang"),
    "05": Code("民盟盟员", "Member of the China Democratic League"),
    "06": Code("民建会员", "Member of the China National Democratic Construction Association"),
    "07": Code("民进会员", "Member of the China Association for Promoting Democracy"),
    "08": Code("农工党党员", "Member of the Chinese Peasants' and Workers' Democratic Party"),
    "09": Code("致公党党员", "Member of the China Zhi Gong Party"),
    "10": Code("九三学社社员", "Member of the Jiusan Society"),
    "11": Code("台盟盟员", "Member of the Taiwan Democratic Self-Government League"),
    "12": Code("无党派人士", "Without party affiliation"),
    "13": Code("群众", "Ordinary citizen"),
}

#: 证书类型 — the certificate a worker holds for the trade (the standard has no table for it).
CERTIFICATE_TYPES = {
    "special_operation": Code("特种作业操作资格证", "Special operation certificate"),
    "special_equipment": Code("特种设备作业人员证", "Special equipment operator certificate"),
    "construction_special": Code("建筑施工特种作业操作资格证", "Construction special operation certificate"),
    "skill_level": Code("职业技能等级证书", "Vocational skill level certificate"),
    "qualification": Code("职业资格证书", "Vocational qualification certificate"),
    "safety_assessment": Code("安全生产考核合格证", "Work safety assessment certificate"),
    "post": Code("岗位证书", "Post certificate"),
    "other": Code("其他", "Other"),
}

#: 工资卡开户行 — the People's Bank's 3-digit bank codes (行别代码), which the standard's ``payRollTopBankCode``
#: uses; the standard's dictionary holds 89 of them, of which the banks wage cards are commonly opened with are
#: here (a card of another bank is recorded as 其他 until its code is added).
BANKS = {
    "102": Code("中国工商银行", "Industrial and Commercial Bank of China"),
    "103": Code("中国农业银行", "Agricultural Bank of China"),
    "104": Code("中国银行", "Bank of China"),
    "105": Code("中国建设银行", "China Construction Bank"),
    "301": Code("交通银行", "Bank of Communications"),
    "302": Code("中信银行", "China CITIC Bank"),
    "303": Code("中国光大银行", "China Everbright Bank"),
    "304": Code("华夏银行", "Hua Xia Bank"),
    "305": Code("中国民生银行", "China Minsheng Bank"),
    "306": Code("广发银行", "China Guangfa Bank"),
    "307": Code("平安银行", "Ping An Bank"),
    "308": Code("招商银行", "China Merchants Bank"),
    "309": Code("兴业银行", "Industrial Bank"),
    "310": Code("上海浦东发展银行", "Shanghai Pudong Development Bank"),
    "313": Code("城市商业银行", "City commercial bank"),
    "314": Code("农村商业银行", "Rural commercial bank"),
    "315": Code("恒丰银行", "Hengfeng Bank"),
    "316": Code("浙商银行", "China Zheshang Bank"),
    "317": Code("农村合作银行", "Rural cooperative bank"),
    "318": Code("渤海银行", "China Bohai Bank"),
    "319": Code("徽商银行", "Huishang Bank"),
    "320": Code("村镇银行", "Village and township bank"),
    "402": Code("农村信用合作社", "Rural credit cooperative"),
    "403": Code("中国邮政储蓄银行", "Postal Savings Bank of China"),
    "999": Code("其他", "Other"),
}

#: 血型
BLOOD_TYPES = {"A": Code("A型", "Type A"), "B": Code("B型", "Type B"), "AB": Code("AB型", "Type AB"),
               "O": Code("O型", "Type O"), "other": Code("其他", "Other")}

#: 工资结算方式 (manual 003) — what a monthly wage line is computed from: 计时 and 点工 a daily wage × days,
#: 计件 a unit price × the quantity done.
WAGE_SCHEMES = {"time": Code("计时", "Time rate"), "piece": Code("计件", "Piece rate"),
                "day": Code("点工", "Day labour")}

#: 计件单位 — the standard's ``unit`` of ``WorkerContract``.
PIECE_UNITS = {"80": Code("米", "Metre"), "81": Code("平方米", "Square metre"), "82": Code("立方米", "Cubic metre")}

#: 合同类型 — ``national_code`` is the standard's ``contractPeriodType`` where it has one (0 固定期限,
#: 1 以完成一定工作为期限); 无固定期限 and 劳务协议 it does not distinguish.
CONTRACT_TYPES = {"fixed": Code("固定期限", "Fixed term"), "open": Code("无固定期限", "Open-ended"),
                  "task": Code("以完成一定工作任务为期限", "Until a task is done"),
                  "service": Code("劳务协议", "Service agreement")}
CONTRACT_PERIOD_TYPES = {"fixed": "0", "task": "1"}

#: 班组类型 (manual 003 §2.1)
TEAM_KINDS = {"managers": Code("管理人员班组", "Managers' team"), "workers": Code("务工人员班组", "Workers' team")}

#: 人员类型 of a profile (the relation's role)
EMPLOYMENT_ROLES = {"worker": Code("建筑工人", "Construction worker"), "manager": Code("管理员", "Manager")}
#: the states of an employment relation (employment_svc.domain.LIFECYCLE moves between them)
EMPLOYMENT_STATES = {
    "pending": Code("待确认", "Awaiting confirmation"),
    "employed": Code("在职", "Employed"),
    "declined": Code("已拒绝", "Declined"),
    "withdrawn": Code("已撤回", "Withdrawn"),
    "resignation_requested": Code("离职申请中", "Resignation requested"),
    "dismissal_requested": Code("解聘待确认", "Dismissal awaiting agreement"),
    "ended": Code("离职", "Left"),
}
#: how an employment ended
END_REASONS = {"resigned": Code("辞职", "Resigned"), "dismissed": Code("解聘", "Dismissed"),
               "transferred_out": Code("离职迁出", "Transferred out")}

#: 状态 of the profile list (from the relation's state)
PROFILE_STATES = {"employed": Code("在职", "Employed"), "ended": Code("离职", "Left")}


def reference_tables():
    return {
        "unit_types": [{"code": c, "name": zh, "name_en": en} for c, (zh, en) in UNIT_TYPES.items()],
        "politics": as_rows(POLITICS),
        "certificate_types": as_rows(CERTIFICATE_TYPES),
        "banks": as_rows(BANKS),
        "blood_types": as_rows(BLOOD_TYPES),
        "wage_schemes": as_rows(WAGE_SCHEMES),
        "piece_units": as_rows(PIECE_UNITS),
        "contract_types": as_rows(CONTRACT_TYPES),
        "team_kinds": as_rows(TEAM_KINDS),
        "employment_roles": as_rows(EMPLOYMENT_ROLES),
        "employment_states": as_rows(EMPLOYMENT_STATES),
        "employment_end_reasons": as_rows(END_REASONS),
        "profile_states": as_rows(PROFILE_STATES),
    }
