"""Code tables of site entry and exit.

从事主要工种 and 文化程度 are the national tables shared with employment_svc (chassis.codes).
"""

from chassis.codes import EDUCATION_LEVELS, TRADES, Code, as_rows, name_of, national_code

__all__ = ["Code", "TRADES", "EDUCATION_LEVELS", "EVALUATIONS", "ENTRY_STATES", "as_rows", "name_of",
           "national_code", "reference_tables"]

#: 用工评价 — the evaluation given at exit.
EVALUATIONS = {"excellent": Code("优", "Excellent"), "good": Code("良", "Good"), "fair": Code("中", "Fair"),
               "poor": Code("差", "Poor")}

#: 进场状态
ENTRY_STATES = {"on_site": Code("在场", "On site"), "exited": Code("已退场", "Exited")}


def reference_tables():
    return {
        "trades": as_rows(TRADES),
        "education_levels": as_rows(EDUCATION_LEVELS),
        "evaluations": as_rows(EVALUATIONS),
        "entry_states": as_rows(ENTRY_STATES),
    }
