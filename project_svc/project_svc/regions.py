"""行政区划 (GB/T 2260): the province / city / district codes a project's 地区 (national ``areaCode``) is chosen
from, read from the table python-stdnum keeps for ID numbers; codes abolished since are left out."""

import re
from functools import cache

from stdnum import numdb

#: a name with its years of validity, as the table writes it: ``[1983-2013]白下区``, ``[2000-]江宁区``, ``徐汇区``
_PERIOD = re.compile(r"^(?:\[(?P<start>\d*)-(?P<end>\d*)\])?(?P<name>.+)$")


def _current_name(names: str):
    """The name a code has now; None for a code that was abolished."""
    last = names.split(",")[-1].strip()
    match = _PERIOD.match(last)
    if match is None or match.group("end"):
        return None
    return match.group("name")


@cache
def regions() -> dict:
    """Every current code: ``{"310104": "徐汇区", "310100": "市辖区", "310000": "上海市", …}``."""
    names = {}
    for _, low, _, props, children in numdb.get("cn/loc").prefixes:  # (length, low, high, props, children)
        province = props.get("province")
        if province:
            names[f"{low}0000"] = province
        for _, child_low, _, child_props, _ in children:
            name = _current_name(child_props.get("county", ""))
            code = f"{low}{child_low}"
            # xx xx 01 市辖区 is a city's own urban area, not a district anyone is in
            if name and not code.endswith("0000") and (code.endswith("00") or name != "市辖区"):
                names[code] = name
    return names


def is_district(code: str) -> bool:
    """A code a project may be in: a current district or county (the third level), or a city without districts."""
    code = code or ""
    known = regions()
    if code not in known or code.endswith("0000"):
        return False
    if not code.endswith("00"):
        return True
    return not any(other[:4] == code[:4] and not other.endswith("00") for other in known)


@cache
def region_tree() -> list:
    """The cascader's tree: provinces → cities → districts, each ``{"code", "name", "children"}``."""
    known = regions()
    tree = []
    for code, name in sorted(known.items()):
        if code.endswith("0000"):
            tree.append({"code": code, "name": name, "children": []})
        elif code.endswith("00"):
            tree[-1]["children"].append({"code": code, "name": name, "children": []})
        elif tree and tree[-1]["children"] and tree[-1]["children"][-1]["code"][:4] == code[:4]:
            tree[-1]["children"][-1]["children"].append({"code": code, "name": name})
        elif tree:
            # a district directly under a province (省直辖县级行政区 such as 429004 仙桃市)
            tree[-1]["children"].append({"code": code, "name": name})
    return tree


def region_name(code: str) -> str:
    """``上海市 市辖区 徐汇区`` for ``310104``."""
    known = regions()
    parts = [known.get(code[:2] + "0000"), known.get(code[:4] + "00"), known.get(code)]
    seen = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return " ".join(seen)
