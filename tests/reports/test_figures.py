"""Report rules without a database: age groups, suppression, pseudonyms, counting, charts."""

from datetime import date
from zoneinfo import ZoneInfo

from monitor.reports import charts
from monitor.reports.figures import ChildFacts, Period, age_group, child_figures, monthly
from monitor.reports.ilo import sdg
from monitor.reports.pseudonym import pseudonym
from monitor.reports.suppression import HIDDEN, suppress

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30), ZoneInfo("Asia/Bishkek"))


def test_age_groups_follow_the_sdg_bands():
    assert [age_group(a) for a in (4, 5, 11, 12, 14, 15, 17, 18)] == [
        None,
        "5-11",
        "5-11",
        "12-14",
        "12-14",
        "15-17",
        "15-17",
        None,
    ]


def test_small_cells_are_hidden_and_a_total_cannot_reveal_them():
    shown = suppress({"boys": 3, "girls": 12, "total": 15}, [(["boys", "girls"], "total")])
    assert shown == {"boys": HIDDEN, "girls": HIDDEN, "total": 15}  # girls = total - boys otherwise
    assert suppress({"a": 0, "b": 7, "t": 7}, [(["a", "b"], "t")]) == {"a": 0, "b": 7, "t": 7}  # zeros shown
    # With only one non-zero part left, the total itself is hidden.
    assert suppress({"a": 2, "b": 0, "t": 2}, [(["a", "b"], "t")]) == {"a": HIDDEN, "b": 0, "t": HIDDEN}
    assert suppress({"a": 4, "b": 9}, threshold=4) == {"a": 4, "b": 9}


def test_pseudonyms_are_stable_per_key_and_differ_between_keys():
    assert pseudonym(b"k1", 7) == pseudonym(b"k1", 7) != pseudonym(b"k2", 7)
    assert pseudonym(b"k1", 7) != pseudonym(b"k1", 8) and len(pseudonym(b"k1", 7)) == 17


def _child(cid, sex, age, category=None, series=False, outcome=None, territory="Ak-Tash"):
    born = date(2026 - age, 1, 1)
    return ChildFacts(
        cid,
        sex,
        born,
        "Kara-Suu district",
        territory,
        cid,
        date(2025, 5, 1),
        age=age,
        category=category,
        series_1=series,
        series_2=series,
        outcome=outcome,
        labour_in_period=category == "hazardous",
    )


def test_a_child_counts_once_under_the_latest_status_and_cells_know_their_children():
    children = [
        _child(1, "M", 13, "hazardous", True),
        _child(2, "F", 9, "at_risk"),
        _child(3, "F", 16),
        _child(4, "M", 13, "no_issue", outcome="withdrawn"),
    ]
    figures = child_figures(children, PERIOD, [(1, date(2026, 2, 3)), (1, date(2025, 1, 1))], {1: "assessed"}, [], [])
    assert figures.cell("children", "registered").total == 4
    assert figures.cell("children", "assessed").total == 3
    assert figures.cell("children", "in_child_labour").members() == {1}
    assert figures.cell("children", "at_risk").members(("sex", "F")) == {2}
    assert figures.cell("children", "identified").total == 1  # the 2025 case is outside the period
    assert figures.cell("outcomes", "withdrawn").members(("age", "12-14")) == {4}
    assert figures.cell("stages", "assessed").members() == {1}
    assert monthly(
        [(1, date(2026, 2, 3))], [(1, date(2026, 2, 5)), (2, date(2026, 2, 9)), (1, date(2026, 2, 20))], PERIOD
    )[1] == ("2026-02", 1, 2)


def test_the_sdg_sheet_counts_children_in_child_labour_over_those_registered():
    children = [_child(i, "M", 13, "hazardous", True) for i in range(6)] + [_child(10 + i, "F", 9) for i in range(7)]
    rows = {(r[0], r[1], r[2]): r[3:] for r in sdg(children, 5).rows}
    assert rows[(1, "M", "children in child labour")] == [0, 6, 0, 6, 6]
    assert rows[(1, "M", "children registered (denominator)")] == [0, 6, 0, 6, 6]
    assert rows[(1, "M", "% in child labour")] == [None, 100.0, None, 100.0, 100.0]
    assert rows[(1, "F", "children registered (denominator)")] == [7, 0, 0, 7, 7]
    assert rows[(2, "T", "children in child labour")] == [0, 6, 0, 6, 6]
    # One girl of 16 in child labour: her cell is hidden, and no published total gives her away.
    rows = {(r[0], r[1], r[2]): r[3:] for r in sdg(children + [_child(20, "F", 16, "hazardous", True)], 5).rows}
    girls, boys, everyone = (rows[(1, sex, "children in child labour")] for sex in ("F", "M", "T"))
    assert girls[2] is HIDDEN and girls[4] is HIDDEN
    assert everyone[4] is HIDDEN or boys[4] is HIDDEN
    assert everyone[2] is HIDDEN


def test_charts_are_svg_with_titles_and_escape_names():
    svg = charts.bars("Outcomes", [("<script>x</script>", 3), ("Withdrawn", 0)])
    assert svg.startswith("<svg") and "<title>Outcomes</title>" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in charts.stacked("By area", [("Ak-Tash", {"hazardous": 2})], [("hazardous", "Hazardous")])
