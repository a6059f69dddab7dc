"""Table-driven cases for both rulesets: every boundary on both sides (ages, hours, hazards,
worst forms, missing hours), precedence, and versioned thresholds."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from monitor.risk.codes import HAZARDS, WORST_FORMS
from monitor.risk.engine import classify
from monitor.risk.model import Assessment, WorkActivity
from monitor.risk.thresholds import load_default_thresholds

T = load_default_thresholds()
VISIT = date(2026, 11, 10)
UNKNOWN = object()


@dataclass
class Case:
    name: str
    age: int
    hours: float | object | None = None  # None: no work at all; UNKNOWN: works, hours not known
    national: str = "no_issue"
    ilo: str = "not_child_labour"
    series_1: bool | None = None
    series_2: bool | None = None
    reasons: set[str] = field(default_factory=set)  # national reason codes that must be present
    work: dict = field(default_factory=dict)  # WorkActivity fields
    extra: dict = field(default_factory=dict)  # Assessment fields


def build(case: Case) -> Assessment:
    activities = ()
    if case.hours is not None:
        hours = None if case.hours is UNKNOWN else case.hours
        activities = (WorkActivity("bazaar_selling", hours_last_7_days=hours, **case.work),)
    defaults = {"school_attendance": "regular", "chores_hours_last_7_days": 0.0}
    return Assessment(visit_date=VISIT, age=case.age, activities=activities, **(defaults | case.extra))


LAWFUL_14 = {"light_work": True, "parental_consent_written": True}
CASES = [
    # No work at all, each age band.
    *[Case(f"no work at {age}", age) for age in (5, 8, 11, 12, 14, 15, 16, 17)],
    Case("age 4 is outside ILO scope", 4, ilo="out_of_scope"),
    Case("age 18 is outside both", 18, 10, national="no_issue", ilo="out_of_scope", reasons={"out_of_scope_age"}),
    # 5-11: any economic activity is child labour (ILO >= 1 h); under 14 nationally.
    Case("age 8, 0 h", 8, 0, national="below_minimum_age", ilo="not_child_labour", series_1=False),
    Case("age 8, 1 h", 8, 1, national="below_minimum_age", ilo="child_labour", series_1=True),
    Case("age 11, 1 h", 11, 1, national="below_minimum_age", ilo="child_labour", series_1=True),
    Case("age 11, 0 h", 11, 0, national="below_minimum_age", ilo="not_child_labour", series_1=False),
    # 12-14: ILO 14 h.
    Case("age 12, 13 h", 12, 13, national="below_minimum_age", ilo="not_child_labour", series_1=False),
    Case("age 12, 14 h", 12, 14, national="below_minimum_age", ilo="child_labour", series_1=True),
    Case("age 13, 13 h", 13, 13, national="below_minimum_age", ilo="not_child_labour"),
    Case("age 13, 14 h", 13, 14, national="below_minimum_age", ilo="child_labour"),
    Case("age 14, 13 h lawful", 14, 13, national="lawful_monitor", ilo="not_child_labour", extra=LAWFUL_14),
    Case(
        "age 14, 14 h lawful nationally, ILO child labour",
        14,
        14,
        national="lawful_monitor",
        ilo="child_labour",
        extra=LAWFUL_14,
    ),
    # 14-15: national weekly limit 24 h.
    Case("age 14, 23 h", 14, 23, national="lawful_monitor", ilo="child_labour", extra=LAWFUL_14),
    Case("age 14, 24 h", 14, 24, national="lawful_monitor", ilo="child_labour", extra=LAWFUL_14),
    Case(
        "age 14, 25 h",
        14,
        25,
        national="underage_noncompliant",
        reasons={"weekly_hours_over"},
        ilo="child_labour",
        extra=LAWFUL_14,
    ),
    Case("age 15, 24 h", 15, 24, national="lawful_monitor", ilo="not_child_labour", extra=LAWFUL_14),
    Case("age 15, 25 h", 15, 25, national="underage_noncompliant", ilo="not_child_labour", extra=LAWFUL_14),
    Case("age 15, 20 h", 15, 20, national="lawful_monitor", ilo="not_child_labour", extra=LAWFUL_14),
    Case("age 15, 21 h", 15, 21, national="lawful_monitor", ilo="not_child_labour", extra=LAWFUL_14),
    Case(
        "age 14 without light work",
        14,
        10,
        national="underage_noncompliant",
        reasons={"not_light_work"},
        extra={"parental_consent_written": True, "light_work": False},
    ),
    Case(
        "age 14 without written consent",
        14,
        10,
        national="underage_noncompliant",
        reasons={"no_parental_consent"},
        extra={"light_work": True},
    ),
    Case(
        "age 15 during school hours",
        15,
        10,
        national="underage_noncompliant",
        reasons={"during_school_hours"},
        work={"during_school_hours": True},
        extra=LAWFUL_14,
    ),
    Case(
        "age 15, 3 h a day in the school year",
        15,
        15,
        national="underage_noncompliant",
        reasons={"daily_hours_over"},
        work={"daily_hours": 3},
        extra=LAWFUL_14,
    ),
    Case(
        "age 15, 2.5 h a day in the school year",
        15,
        15,
        national="lawful_monitor",
        work={"daily_hours": 2.5},
        extra=LAWFUL_14,
    ),
    Case(
        "age 15, 3 h a day in the holidays",
        15,
        15,
        national="lawful_monitor",
        work={"daily_hours": 3},
        extra=LAWFUL_14 | {"school_year": False},
    ),
    Case(
        "age 15, 3 h a day, not a pupil",
        15,
        15,
        national="lawful_monitor",
        work={"daily_hours": 3},
        extra=LAWFUL_14 | {"school_attendance": "not_enrolled"},
        reasons={"out_of_school"},
    ),
    # 16-17: 36 h a week; ILO 43 h (and 43 h is hazardous at 15-17).
    Case("age 16, 35 h", 16, 35, national="lawful_monitor", ilo="not_child_labour"),
    Case("age 16, 36 h", 16, 36, national="lawful_monitor", ilo="not_child_labour"),
    Case(
        "age 16, 37 h", 16, 37, national="young_worker_violation", reasons={"weekly_hours_over"}, ilo="not_child_labour"
    ),
    Case("age 17, 42 h", 17, 42, national="young_worker_violation", ilo="not_child_labour", series_1=False),
    Case("age 17, 43 h", 17, 43, national="young_worker_violation", ilo="hazardous", series_1=True),
    Case("age 15, 43 h", 15, 43, national="underage_noncompliant", ilo="hazardous", series_1=True, extra=LAWFUL_14),
    Case("age 15, 42 h", 15, 42, national="underage_noncompliant", ilo="not_child_labour", extra=LAWFUL_14),
    Case("age 16, 3.5 h a day school year", 16, 20, national="lawful_monitor", work={"daily_hours": 3.5}),
    Case(
        "age 16, 4 h a day school year",
        16,
        20,
        national="young_worker_violation",
        reasons={"daily_hours_over"},
        work={"daily_hours": 4},
    ),
    Case(
        "age 16, 4 h a day in the holidays",
        16,
        20,
        national="lawful_monitor",
        work={"daily_hours": 4},
        extra={"school_year": False},
    ),
    Case("age 17 lawful with no paperwork", 17, 20, national="lawful_monitor"),
    # Hours not known are missing, never zero.
    Case("age 8, hours unknown", 8, UNKNOWN, national="below_minimum_age", ilo="undetermined"),
    Case("age 13, hours unknown", 13, UNKNOWN, national="below_minimum_age", ilo="undetermined"),
    Case(
        "age 14, hours unknown",
        14,
        UNKNOWN,
        national="underage_noncompliant",
        reasons={"hours_unknown"},
        ilo="undetermined",
        extra=LAWFUL_14,
    ),
    Case(
        "age 16, hours unknown", 16, UNKNOWN, national="lawful_monitor", reasons={"hours_unknown"}, ilo="undetermined"
    ),
    Case(
        "age 16, hours unknown, heavy loads",
        16,
        UNKNOWN,
        national="hazardous",
        ilo="hazardous",
        work={"hazards": frozenset({"heavy_loads"})},
    ),
    Case(
        "usual hours used when last week unknown",
        13,
        UNKNOWN,
        national="below_minimum_age",
        ilo="child_labour",
        work={"usual_hours_per_week": 14},
    ),
    # Prohibited conditions at any hours.
    *[
        Case(
            f"hazard {code} at 16",
            16,
            5,
            national="hazardous",
            ilo="hazardous",
            reasons={"hazard"},
            work={"hazards": frozenset({code})},
        )
        for code in HAZARDS
    ],
    Case(
        "listed work at 17",
        17,
        5,
        national="hazardous",
        ilo="hazardous",
        reasons={"prohibited_work"},
        work={"on_prohibited_list": True},
    ),
    Case(
        "night work at 16",
        16,
        5,
        national="hazardous",
        ilo="hazardous",
        reasons={"night_work"},
        work={"at_night": True},
    ),
    Case(
        "adult venue at 17",
        17,
        5,
        national="hazardous",
        ilo="hazardous",
        reasons={"adult_venue"},
        work={"adult_venue": True},
    ),
    Case(
        "overtime at 17",
        17,
        30,
        national="hazardous",
        ilo="not_child_labour",
        reasons={"overtime"},
        work={"overtime": True},
    ),
    Case(
        "rest-day work at 16",
        16,
        10,
        national="hazardous",
        ilo="not_child_labour",
        reasons={"rest_day_work"},
        work={"on_rest_days": True},
    ),
    # Worst forms, whatever the hours and age.
    *[
        Case(
            f"worst form {code} at 15",
            15,
            None,
            national="worst_form",
            ilo="worst_form",
            reasons={"worst_form"},
            extra={"worst_forms": frozenset({code})},
        )
        for code in WORST_FORMS
    ],
    Case(
        "worst form at 4 (national law still applies)",
        4,
        None,
        national="worst_form",
        ilo="out_of_scope",
        extra={"worst_forms": frozenset({"organised_begging"})},
    ),
    # Precedence: the highest category wins, every reason is listed.
    Case(
        "worst form beats hazard and age",
        10,
        30,
        national="worst_form",
        ilo="worst_form",
        reasons={"worst_form", "hazard", "below_minimum_age"},
        work={"hazards": frozenset({"heights"})},
        extra={"worst_forms": frozenset({"trafficking"})},
    ),
    Case(
        "13-year-old carrying loads at the bazaar 20 h",
        13,
        20,
        national="hazardous",
        ilo="hazardous",
        series_1=True,
        reasons={"hazard", "below_minimum_age"},
        work={"hazards": frozenset({"heavy_loads"})},
    ),
    Case(
        "hazard beats under-age rules",
        14,
        30,
        national="hazardous",
        reasons={"hazard", "weekly_hours_over"},
        ilo="hazardous",
        work={"hazards": frozenset({"dust_fumes_gas"})},
    ),
    # At risk (no child labour).
    Case(
        "out of school", 10, national="at_risk", reasons={"out_of_school"}, extra={"school_attendance": "not_attending"}
    ),
    Case("not enrolled", 15, national="at_risk", extra={"school_attendance": "not_enrolled"}),
    Case("irregular attendance is not a risk by itself", 10, extra={"school_attendance": "irregular"}),
    Case(
        "sibling in child labour",
        9,
        national="at_risk",
        reasons={"sibling_in_child_labour"},
        extra={"sibling_in_child_labour": True},
    ),
    *[
        Case(
            f"family {code}",
            12,
            national="at_risk",
            reasons={"family_hardship"},
            extra={"family_criteria": frozenset({code})},
        )
        for code in ("F01", "F05", "F06", "F07")
    ],
    Case("family F02 alone is not a risk", 12, extra={"family_criteria": frozenset({"F02"})}),
    Case(
        "chores 20 h at 10",
        10,
        national="no_issue",
        ilo="not_child_labour",
        series_2=False,
        extra={"chores_hours_last_7_days": 20},
    ),
    Case(
        "chores 21 h at 10",
        10,
        national="at_risk",
        ilo="child_labour",
        series_1=False,
        series_2=True,
        reasons={"chores_hours"},
        extra={"chores_hours_last_7_days": 21},
    ),
    Case(
        "chores 21 h at 14 (ILO yes, national no)",
        14,
        national="no_issue",
        ilo="child_labour",
        series_2=True,
        extra={"chores_hours_last_7_days": 21},
    ),
    Case(
        "chores 21 h at 15 (no chores threshold)",
        15,
        ilo="not_child_labour",
        series_2=False,
        extra={"chores_hours_last_7_days": 30},
    ),
    Case("chores unknown is not zero", 10, ilo="not_child_labour", extra={"chores_hours_last_7_days": None}),
    Case(
        "lawful work and a family risk stays lawful_monitor",
        16,
        20,
        national="lawful_monitor",
        reasons={"family_hardship"},
        extra={"family_criteria": frozenset({"F05"})},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_classification(case: Case):
    result = classify(build(case), T)
    assert result.national.category == case.national
    assert result.ilo.category == case.ilo
    assert {r.code for r in result.national.reasons} >= case.reasons
    if case.series_1 is not None:
        assert result.ilo.flags["sdg_series_1"] is case.series_1
    if case.series_2 is not None:
        assert result.ilo.flags["sdg_series_2"] is case.series_2
    assert result.national.ruleset_version == result.ilo.ruleset_version == T.version


def test_there_are_at_least_eighty_cases():
    assert len(CASES) >= 80


@pytest.mark.parametrize(
    "category, action",
    [
        ("worst_form", "withdraw"),
        ("hazardous", "withdraw"),
        ("below_minimum_age", "withdraw"),
        ("underage_noncompliant", "withdraw"),
        ("young_worker_violation", "protect"),
        ("lawful_monitor", "monitor"),
        ("at_risk", "prevent"),
        ("no_issue", "none"),
    ],
)
def test_each_national_category_has_its_action(category, action):
    found = [c for c in CASES if c.national == category]
    assert found, category
    assert classify(build(found[0]), T).national.action == action


def test_reasons_carry_the_figure_and_the_threshold():
    case = next(c for c in CASES if c.name == "age 16, 37 h")
    reason = next(r for r in classify(build(case), T).national.reasons if r.code == "weekly_hours_over")
    assert (reason.figure, reason.threshold) == ("37", "36")
    case = next(c for c in CASES if c.name == "13-year-old carrying loads at the bazaar 20 h")
    result = classify(build(case), T)
    assert ("below_minimum_age", "13", "14") in [(r.code, r.figure, r.threshold) for r in result.national.reasons]
    assert ("economic_hours", "20", "14") in [(r.code, r.figure, r.threshold) for r in result.ilo.reasons]


def test_a_new_threshold_version_changes_the_outcome_without_code_change():
    case = next(c for c in CASES if c.name == "age 14, 23 h")
    stricter = T.replace(version="kg-2025.1", effective_from=date(2025, 1, 23), weekly_hours_14_15=20)
    assert classify(build(case), T).national.category == "lawful_monitor"
    result = classify(build(case), stricter)
    assert result.national.category == "underage_noncompliant"
    assert result.national.ruleset_version == "kg-2025.1"


def test_the_version_in_force_on_the_visit_date_is_used():
    from monitor.risk.thresholds import in_force

    later = T.replace(version="later", effective_from=date(2027, 1, 1))
    assert in_force([T, later], date(2026, 12, 31)) is T
    assert in_force([T, later], date(2027, 1, 1)) is later


def test_thresholds_round_trip_and_every_value_has_a_legal_basis():
    from monitor.risk.thresholds import Thresholds

    assert Thresholds.from_dict(T.to_dict()) == T
    assert set(T.legal_basis) == set(Thresholds.value_names())


def test_the_rules_import_only_the_standard_library_and_each_other():
    folder = Path(__file__).resolve().parents[2] / "monitor" / "risk"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("monitor.risk"), f"{path.name} imports {name}"
