"""Code tables of site entry and exit."""

#: 从事主要工种 — the national trade table of the construction worker platform.
TRADES = {
    "010": ("砌筑工", "Bricklayer"), "020": ("钢筋工", "Steel fixer"), "030": ("架子工", "Scaffolder"),
    "040": ("混凝土工", "Concrete worker"), "050": ("模板工", "Formwork carpenter"),
    "060": ("机械设备安装工", "Machinery installer"), "070": ("通风工", "Ventilation worker"),
    "080": ("安装起重工", "Rigger"), "090": ("安装钳工", "Installation fitter"),
    "100": ("电气设备安装调试工", "Electrical equipment installer"), "110": ("管道工", "Pipe fitter"),
    "120": ("变电安装工", "Substation installer"), "130": ("建筑电工", "Construction electrician"),
    "140": ("司泵工", "Pump operator"), "150": ("挖掘铲运和桩工机械司机", "Earthmoving and piling machine driver"),
    "160": ("桩机操作工", "Pile driver operator"), "170": ("起重信号工", "Crane signaller"),
    "180": ("建筑起重机械安装拆卸工", "Tower crane erector"), "190": ("装饰装修工", "Decorator"),
    "200": ("室内成套设施安装工", "Interior fittings installer"),
    "210": ("建筑门窗幕墙安装工", "Window and curtain wall installer"),
    "220": ("幕墙制作工", "Curtain wall fabricator"), "230": ("防水工", "Waterproofer"), "240": ("木工", "Carpenter"),
    "250": ("石工", "Stonemason"), "260": ("抹灰、镶贴工", "Plasterer and tiler"), "270": ("焊工", "Welder"),
    "280": ("爆破工", "Blaster"), "290": ("除尘工", "Dust control worker"), "300": ("测量放线工", "Surveyor"),
    "310": ("线路架设工", "Line erector"), "390": ("建筑、装饰工程普工", "General labourer"),
    "900": ("其他", "Other"),
}

#: 文化程度 — education levels (GB/T 4658).
EDUCATION_LEVELS = {
    "11": ("博士", "Doctorate"), "14": ("硕士", "Master's degree"), "21": ("大学本科", "Bachelor's degree"),
    "31": ("大学专科", "College diploma"), "41": ("中专中技", "Vocational secondary school"),
    "61": ("高中", "Senior high school"), "71": ("初中", "Junior high school"), "81": ("小学", "Primary school"),
    "90": ("其他", "Other"),
}

#: 用工评价 — the evaluation given at exit.
EVALUATIONS = {"excellent": ("优", "Excellent"), "good": ("良", "Good"), "fair": ("中", "Fair"), "poor": ("差", "Poor")}

#: 进场状态
ENTRY_STATES = {"on_site": ("在场", "On site"), "exited": ("已退场", "Exited")}


def as_rows(table):
    return [{"code": code, "name": zh, "name_en": en} for code, (zh, en) in table.items()]


def reference_tables():
    return {
        "trades": as_rows(TRADES),
        "education_levels": as_rows(EDUCATION_LEVELS),
        "evaluations": as_rows(EVALUATIONS),
        "entry_states": as_rows(ENTRY_STATES),
    }
