"""Code tables more than one service uses, each rule in one place.

The codes are those of the national data standard of the construction worker
platform (全国建筑工人管理服务信息平台数据标准: ``workType``,
``cultureLevelType``), so a record can be reported upwards as it is. Values
that older systems and the manuals show but the standard does not name are
kept as *legacy* rows: a record migrated with such a value keeps showing it,
each legacy row names the standard's code it is reported as
(``national_code``), and forms offer only the standard's rows for new input.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    name: str
    name_en: str
    #: the national code a legacy value is reported as; None for the standard's own rows
    national_code: str | None = None

    @property
    def legacy(self) -> bool:
        return self.national_code is not None


#: 从事主要工种 — the standard's ``workType``, and the manuals' older values.
TRADES = {
    "010": Code("砌筑工", "Bricklayer"), "020": Code("钢筋工", "Steel fixer"), "030": Code("架子工", "Scaffolder"),
    "040": Code("混凝土工", "Concrete worker"), "050": Code("模板工", "Formwork carpenter"),
    "060": Code("机械设备安装工", "Machinery installer"), "070": Code("通风工", "Ventilation worker"),
    "080": Code("安装起重工", "Rigger"), "090": Code("安装钳工", "Installation fitter"),
    "100": Code("电气设备安装调试工", "Electrical equipment installer"), "110": Code("管道工", "Pipe fitter"),
    "120": Code("变电安装工", "Substation installer"), "130": Code("建筑电工", "Construction electrician"),
    "140": Code("司泵工", "Pump operator"),
    "150": Code("挖掘铲运和桩工机械司机", "Earthmoving and piling machine driver"),
    "160": Code("桩机操作工", "Pile driver operator"), "170": Code("起重信号工", "Crane signaller"),
    "180": Code("建筑起重机械安装拆卸工", "Tower crane erector"), "190": Code("装饰装修工", "Decorator"),
    "200": Code("室内成套设施安装工", "Interior fittings installer"),
    "210": Code("建筑门窗幕墙安装工", "Window and curtain wall installer"),
    "220": Code("幕墙制作工", "Curtain wall fabricator"), "230": Code("防水工", "Waterproofer"),
    "240": Code("木工", "Carpenter"), "250": Code("石工", "Stonemason"), "270": Code("电焊工", "Welder"),
    "280": Code("爆破工", "Blaster"), "290": Code("除尘工", "Dust control worker"),
    "300": Code("测量放线工", "Surveyor"), "310": Code("线路架设工", "Line erector"),
    "320": Code("古建筑传统石工", "Traditional stonemason"), "330": Code("古建筑传统瓦工", "Traditional tiler"),
    "340": Code("古建筑传统彩画工", "Traditional painter"), "350": Code("古建筑传统木工", "Traditional carpenter"),
    "360": Code("古建筑传统油工", "Traditional lacquerer"), "380": Code("金属工", "Metal worker"),
    # the standard's 杂工, under the name the manuals' lists give it
    "390": Code("建筑、装饰工程普工", "General labourer"),
    "900": Code("管理人员", "Management staff"), "1000": Code("其他", "Other"),
    # -- legacy: what older systems and the manuals show --
    "260": Code("抹灰、镶贴工", "Plasterer and tiler", national_code="190"),
    "S050": Code("木工(模板工)", "Carpenter (formwork)", national_code="050"),
    "S190": Code("油漆工", "Painter", national_code="190"),
    "S010": Code("泥工", "Mason", national_code="010"),
}

#: 文化程度 — the standard's ``cultureLevelType``; the legacy rows are the GB/T 4658 codes this
#: platform used first and the values of the manuals' older systems.
EDUCATION_LEVELS = {
    "01": Code("小学", "Primary school"), "02": Code("初中", "Junior high school"),
    "03": Code("高中", "Senior high school"), "04": Code("中专", "Vocational secondary school"),
    "05": Code("大专", "College diploma"), "06": Code("本科", "Bachelor's degree"),
    "07": Code("硕士", "Master's degree"), "08": Code("博士", "Doctorate"), "99": Code("其他", "Other"),
    # -- legacy --
    "11": Code("博士研究生毕业", "Doctorate (GB/T 4658)", national_code="08"),
    "14": Code("硕士研究生毕业", "Master's degree (GB/T 4658)", national_code="07"),
    "21": Code("大学本科毕业", "Bachelor's degree (GB/T 4658)", national_code="06"),
    "31": Code("大学专科毕业", "College diploma (GB/T 4658)", national_code="05"),
    "41": Code("中专中技毕业", "Vocational secondary school (GB/T 4658)", national_code="04"),
    "48": Code("相当中专中技", "Equivalent of vocational secondary school", national_code="04"),
    "49": Code("中专中技肄业", "Vocational secondary school, not completed", national_code="02"),
    "61": Code("高中毕业", "Senior high school graduate", national_code="03"),
    "68": Code("相当高中毕业", "Equivalent of senior high school", national_code="03"),
    "71": Code("初中毕业", "Junior high school (GB/T 4658)", national_code="02"),
    "81": Code("小学毕业", "Primary school (GB/T 4658)", national_code="01"),
    "90": Code("其他（GB/T 4658）", "Other (GB/T 4658)", national_code="99"),
    # Shanghai's older systems grouped levels; reported as the highest level the group names
    "S02": Code("初中及初中以下", "Junior high school or less", national_code="02"),
    "S04": Code("中专及中专以下", "Vocational secondary school or less", national_code="04"),
}


def as_rows(table):
    rows = []
    for code, entry in table.items():
        row = {"code": code, "name": entry.name, "name_en": entry.name_en}
        if entry.legacy:
            row.update(legacy=True, national_code=entry.national_code)
        rows.append(row)
    return rows


def national_code(table, code: str) -> str:
    """The standard's code of a stored value: itself, or what a legacy value is reported as."""
    return table[code].national_code or code


def name_of(table, code):
    """The Chinese name of a code, as lists and the 编辑 history show it; the code itself if unknown."""
    entry = table.get(code)
    return entry.name if entry else code
