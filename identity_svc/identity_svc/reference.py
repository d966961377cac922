"""National code tables the real-name record uses."""

#: 证件类型 — ID document types: the national table (codes 01–17) and two cards it predates.
#:
#: The national platform's table (and the manuals) stop at 17, before the
#: 港澳台居民居住证 (2018) and the 外国人永久居留身份证 with an 18-character
#: number (2023) existed; no national code is published for them. They take
#: 18 and 19, the next codes after the table's, and keep them: a record sent
#: to the national platform maps them to what it accepts at that time.
ID_DOCUMENT_TYPES = {
    "01": ("居民身份证", "Resident identity card"),
    "02": ("军官证", "Military officer card"),
    "03": ("武警警官证", "Armed police officer card"),
    "04": ("士兵证", "Soldier card"),
    "05": ("军队离退休干部证", "Retired military cadre card"),
    "06": ("残疾人证", "Disability card"),
    "07": ("残疾军人证", "Disabled serviceman card"),
    "08": ("护照", "Passport"),
    "09": ("港澳同胞回乡证", "Home return permit (Hong Kong/Macao)"),
    "10": ("港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents"),
    "11": ("中华人民共和国往来港澳通行证", "Exit-entry permit to Hong Kong and Macao"),
    "12": ("台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents"),
    "13": ("大陆居民往来台湾通行证", "Travel permit to Taiwan"),
    "14": ("外交官证", "Diplomat card"),
    "15": ("领事馆证", "Consular card"),
    "16": ("海员证", "Seafarer card"),
    "17": ("香港身份证", "Hong Kong identity card"),
    "18": ("港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents"),
    "19": ("外国人永久居留身份证", "Foreign permanent resident ID card"),
}
RESIDENT_ID_CARD = "01"
MILITARY_DOCUMENTS = ("02", "03", "04", "05", "07")
DISABILITY_CARD = "06"
PASSPORT = "08"
HK_MACAO_HOME_RETURN_CERTIFICATE = "09"
HK_MACAO_RESIDENTS_PERMIT = "10"
EXIT_ENTRY_PERMIT_HK_MACAO = "11"
TAIWAN_RESIDENTS_PERMIT = "12"
TRAVEL_PERMIT_TO_TAIWAN = "13"
HONG_KONG_IDENTITY_CARD = "17"
RESIDENCE_PERMIT_HK_MACAO_TAIWAN = "18"
FOREIGNER_PERMANENT_RESIDENCE_CARD = "19"
#: documents whose numbers are drawn from one national numbering (GB 11643): a number names one person
#: whatever the card, since the region part tells the cards apart (81–83 permits, 9 foreigners)
NATIONAL_NUMBER_DOCUMENTS = (RESIDENT_ID_CARD, RESIDENCE_PERMIT_HK_MACAO_TAIWAN, FOREIGNER_PERMANENT_RESIDENCE_CARD)

#: 民族 — the 56 ethnic groups (GB/T 3304).
ETHNICITIES = {
    "01": ("汉族", "Han"), "02": ("蒙古族", "Mongol"), "03": ("回族", "Hui"),
    "04": ("藏族", "Tibetan"), "05": ("维吾尔族", "Uyghur"), "06": ("苗族", "Miao"),
    "07": ("彝族", "Yi"), "08": ("壮族", "Zhuang"), "09": ("布依族", "Bouyei"),
    "10": ("朝鲜族", "Korean"), "11": ("满族", "Manchu"), "12": ("侗族", "Dong"),
    "13": ("瑶族", "Yao"), "14": ("白族", "Bai"), "15": ("土家族", "Tujia"),
    "16": ("哈尼族", "Hani"), "17": ("哈萨克族", "Kazakh"), "18": ("傣族", "Dai"),
    "19": ("黎族", "Li"), "20": ("傈僳族", "Lisu"), "21": ("佤族", "Va"),
    "22": ("畲族", "She"), "23": ("高山族", "Gaoshan"), "24": ("拉祜族", "Lahu"),
    "25": ("水族", "Sui"), "26": ("东乡族", "Dongxiang"), "27": ("纳西族", "Naxi"),
    "28": ("景颇族", "Jingpo"), "29": ("柯尔克孜族", "Kyrgyz"), "30": ("土族", "Tu"),
    "31": ("达斡尔族", "Daur"), "32": ("仫佬族", "Mulao"), "33": ("羌族", "Qiang"),
    "34": ("布朗族", "Blang"), "35": ("撒拉族", "Salar"), "36": ("毛南族", "Maonan"),
    "37": ("仡佬族", "Gelao"), "38": ("锡伯族", "Xibe"), "39": ("阿昌族", "Achang"),
    "40": ("普米族", "Pumi"), "41": ("塔吉克族", "Tajik"), "42": ("怒族", "Nu"),
    "43": ("乌孜别克族", "Uzbek"), "44": ("俄罗斯族", "Russian"), "45": ("鄂温克族", "Evenki"),
    "46": ("德昂族", "De'ang"), "47": ("保安族", "Bonan"), "48": ("裕固族", "Yugur"),
    "49": ("京族", "Gin"), "50": ("塔塔尔族", "Tatar"), "51": ("独龙族", "Derung"),
    "52": ("鄂伦春族", "Oroqen"), "53": ("赫哲族", "Hezhen"), "54": ("门巴族", "Monpa"),
    "55": ("珞巴族", "Lhoba"), "56": ("基诺族", "Jino"),
}

#: 性别 — GB/T 2261.1 codes.
GENDERS = {"1": ("男", "Male"), "2": ("女", "Female")}
MALE, FEMALE = "1", "2"

#: How a record's document data reached the platform.
VERIFICATION_SOURCES = ("manual", "card_reader", "photo_ocr", "import")


# -- 管理人员登记 (manual 004 §4.1): the manager's extended profile ----------------------------------------

#: 户口类型 — the kind of household registration (户口性质). The national data standard names none; these are the
#: two kinds the public security registers (GA 324.1 户口性质: 农业 / 非农业, as the manuals' 农村户口 /
#: 城镇户口) and the unified 居民户口 that replaces both where the 2014 reform has been carried out.
HUKOU_TYPES = {
    "1": ("农村户口", "Rural (agricultural) household registration"),
    "2": ("城镇户口", "Urban (non-agricultural) household registration"),
    "3": ("居民户口", "Unified resident household registration"),
}

#: 婚姻状况 — the national standard's ``maritalStatus`` (01–04).
MARITAL_STATUSES = {
    "01": ("未婚", "Single"),
    "02": ("已婚", "Married"),
    "03": ("离异", "Divorced"),
    "04": ("丧偶", "Widowed"),
}

#: 最高学历 — the national standard's ``cultureLevelType`` (the codes siteaccess_svc's 文化程度 uses too).
EDUCATION_LEVELS = {
    "01": ("小学", "Primary school"), "02": ("初中", "Junior high school"), "03": ("高中", "Senior high school"),
    "04": ("中专", "Vocational secondary school"), "05": ("大专", "College diploma"), "06": ("本科", "Bachelor's"),
    "07": ("硕士", "Master's"), "08": ("博士", "Doctorate"), "99": ("其他", "Other"),
}

#: 最高学历类型 — how the highest education was studied for (学习形式, as the Ministry of Education's diplomas
#: say since 2017).
EDUCATION_TYPES = {
    "1": ("全日制", "Full-time"),
    "2": ("非全日制", "Part-time"),
}

#: 最高学位 — GB/T 6864 (中华人民共和国学位代码), its first level.
DEGREES = {
    "2": ("博士学位", "Doctor's degree"),
    "3": ("硕士学位", "Master's degree"),
    "4": ("学士学位", "Bachelor's degree"),
}

#: 职称等级 — the levels of professional titles (人社部 职称评审管理暂行规定, 2019).
TITLE_LEVELS = {
    "1": ("正高级", "Senior (full)"),
    "2": ("副高级", "Senior (associate)"),
    "3": ("中级", "Intermediate"),
    "4": ("助理级", "Assistant"),
    "5": ("员级", "Junior"),
}

#: 附件 of a person: what an uploaded file documents
DOCUMENT_KINDS = {
    "photo": ("人员相片", "Photo"),
    "attachment": ("附件", "Attachment"),
    "social_insurance_proof": ("社保缴费证明", "Social insurance payment proof"),
}


def as_rows(table):
    return [{"code": code, "name": zh, "name_en": en} for code, (zh, en) in table.items()]


def reference_tables():
    return {
        "id_document_types": as_rows(ID_DOCUMENT_TYPES),
        "ethnicities": as_rows(ETHNICITIES),
        "genders": as_rows(GENDERS),
        "hukou_types": as_rows(HUKOU_TYPES),
        "marital_statuses": as_rows(MARITAL_STATUSES),
        "highest_education_levels": as_rows(EDUCATION_LEVELS),
        "education_types": as_rows(EDUCATION_TYPES),
        "degrees": as_rows(DEGREES),
        "title_levels": as_rows(TITLE_LEVELS),
        "person_document_kinds": as_rows(DOCUMENT_KINDS),
    }
