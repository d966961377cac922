"""单位类型 — the kinds of unit that take part in a construction project."""

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


def reference_tables():
    return {"unit_types": [{"code": c, "name": zh, "name_en": en} for c, (zh, en) in UNIT_TYPES.items()]}
