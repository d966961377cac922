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


def as_rows(table):
    return [{"code": code, "name": zh, "name_en": en} for code, (zh, en) in table.items()]


def reference_tables():
    return {
        "id_document_types": as_rows(ID_DOCUMENT_TYPES),
        "ethnicities": as_rows(ETHNICITIES),
        "genders": as_rows(GENDERS),
    }
