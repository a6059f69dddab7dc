"""The ILO export's case-level rows and aggregate counts for the CSV zip, read lean from SQL.

The same content as `facts.iter_children` + `ilo.Tally` + the `ilo` sheets (tests/reports/
test_csv_export.py compares them byte for byte), with as little Python per row as possible: the
database computes the age group (from the latest visit's age, else from the birth date against
fixed cut-off dates), the birth year and the SDG flags as 0/1; Python merges three sparse side
streams sorted by child (visits, closures, criteria) into the children stream a chunk at a time,
puts in the pseudonym and the territory names, and counts the aggregate sheets' cells in the same
pass. Rows come out as lists ready for `csv.writer.writerows`, already CSV-safe (the only text that
is not a fixed code, area names, sector groups and criterion codes, is made safe once per value).
Memory stays flat: a chunk of children with its side rows at a time, plus the counters.

Portable SQL only (SQLAlchemy Core: CASE, CAST, EXTRACT, COALESCE, outer joins, IN / NOT IN
subqueries) for SQLite and PostgreSQL alike; each query is one scan with at most a sort.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from sqlalchemy import Integer, String, case, cast, extract, select, true, type_coerce

from monitor.assessments.models import Assessment, Sector, WorkActivityRecord
from monitor.cases.models import Case, CaseClosure
from monitor.core.csvsafe import safe_cell
from monitor.core.db import unindexed
from monitor.core.permissions import paths_condition
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child, ChildCriterion, Criterion
from monitor.reports.facts import ChildStream, Territories
from monitor.reports.figures import CHILD_LABOUR, OUTCOMES, Period, age_group, age_on
from monitor.reports.ilo import Tally
from monitor.reports.pseudonym import pseudonymiser

CHUNK = 20_000  # children (and rows of the other sheets) read and written at a time


def _years_before(day: date, years: int) -> date:
    """The last birth date of a child aged at least `years` on `day` (29 February -> 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _group_of_age(age):
    """SQL: the age group of an age in years (`figures.age_group`)."""
    return case(
        (age.between(5, 11), "5-11"), (age.between(12, 14), "12-14"), (age.between(15, 17), "15-17"), else_=None
    )


def _group_of_birth(born, on: date):
    """SQL: the age group of a birth date on a day (`figures.age_group(age_on(born, on))`), by cut-off dates."""
    return case(
        (born > _years_before(on, 5), None),
        (born > _years_before(on, 12), "5-11"),
        (born > _years_before(on, 15), "12-14"),
        (born > _years_before(on, 18), "15-17"),
        else_=None,
    )


def _flag(column):
    """SQL: a boolean as 0/1 (how the CSV writes booleans)."""
    return cast(column, Integer)


def _chunks(query, size: int = CHUNK) -> Iterator[list]:
    """The rows of a Core query, `size` at a time (on the session's connection: no ORM row processing)."""
    yield from db.session.connection().execute(query.execution_options(yield_per=size)).partitions(size)


class _Places(dict):
    """Area path -> (district, territory), CSV-safe; paths not known in advance are looked up when met."""

    def __init__(self, place):
        super().__init__()
        self.place = place

    def __missing__(self, path: str) -> tuple[str, str]:
        self[path] = found = self.place(path)
        return found


class CaseRows:
    """The Children, Assessments and Referrals sheets' rows and the aggregate sheets' counts."""

    def __init__(self, paths: list[str], period: Period, language: str, today: date, key: bytes):
        self.paths, self.period, self.today = paths, period, today
        self.territories = Territories(language)
        self.tally = Tally()
        self.name = pseudonymiser(key)
        roots = [area.path for area in self.territories.areas.values() if area.parent_id is None]
        # Every root area chosen: the area condition holds for every child, so it is left out of the queries.
        self.everywhere = all(any(root.startswith(path) for path in paths) for root in roots)
        groups = dict(db.session.execute(select(Sector.id, Sector.group)).all())
        self.groups = {None: None, **groups}  # sector id -> group
        self.safe_groups = {None: None, **{i: safe_cell(g) for i, g in groups.items()}}
        self.codes = dict(db.session.execute(select(Criterion.id, Criterion.code)).all())

    def _place(self, path: str) -> tuple[str, str]:
        """District and territory of an area path, CSV-safe."""
        district, territory = self.territories.of(path)
        return safe_cell(district), safe_cell(territory)

    def _of_area(self, child_id, *more):
        """SQL: `child_id` is a child of the export's areas (and meets `more` conditions on Child)."""
        conditions = ([] if self.everywhere else [paths_condition(Child.area_path, self.paths)]) + list(more)
        return child_id.in_(select(Child.id).where(*conditions)) if conditions else true()

    # -- Children ---------------------------------------------------------------------------------------

    def _visits(self):
        """Every visit of the period by child and time (one row per kind of work, the first first):
        assessment id, age group, classification, sector of the work, whether it found child labour."""
        labour = case((Assessment.national_category.in_(sorted(CHILD_LABOUR)), 1), else_=0)
        return (
            select(
                Assessment.child_id,
                Assessment.id,
                _group_of_age(Assessment.age),
                Assessment.national_category,
                Assessment.ilo_category,
                _flag(Assessment.sdg_series_1),
                _flag(Assessment.sdg_series_2),
                WorkActivityRecord.sector_id,
                labour,
            )
            .outerjoin(WorkActivityRecord, WorkActivityRecord.assessment_id == Assessment.id)
            .where(
                self._of_area(Assessment.child_id),
                unindexed(Assessment.visit_date).between(self.period.start, self.period.end),
            )
            .order_by(Assessment.child_id, Assessment.visit_date, Assessment.id, WorkActivityRecord.id)
        )

    def _closures(self):
        """The outcome of each approved closure decided in the period (not reopened), by child and time."""
        return (
            select(Case.child_id, CaseClosure.outcome)
            .join(Case, Case.id == CaseClosure.case_id)
            .where(
                paths_condition(Case.area_path, self.paths),
                CaseClosure.decision == "approved",
                CaseClosure.reopened_at.is_(None),
                CaseClosure.decided_at >= self.period.starts_at,
                CaseClosure.decided_at < self.period.ends_before,
            )
            .order_by(Case.child_id, CaseClosure.decided_at, CaseClosure.id)
        )

    def _criteria(self):
        return (
            select(ChildCriterion.child_id, ChildCriterion.criterion_id)
            .where(self._of_area(ChildCriterion.child_id))
            .order_by(ChildCriterion.child_id, ChildCriterion.criterion_id)
        )

    def _in_period(self):
        return (
            *([] if self.everywhere else [paths_condition(Child.area_path, self.paths)]),
            Child.merged_into_id.is_(None),
            Child.created_at < self.period.ends_before,
        )

    def children(self) -> Iterator[list[tuple]]:
        """The Children sheet in chunks of ready CSV rows (`ilo.children_sheet`); fills the SDG and
        Beneficiaries counts (`ilo.Tally.add`) on the way."""
        on = min(self.period.end, self.today)
        query = (
            select(
                Child.id,
                type_coerce(Child.sex, String),
                cast(extract("year", Child.birth_date), Integer),
                Child.area_path,
                _group_of_birth(Child.birth_date, on),
            )
            .where(*self._in_period())
            .order_by(Child.id)
        )
        visits, closures, criteria = (
            ChildStream(row for chunk in _chunks(query) for row in chunk)
            for query in (self._visits(), self._closures(), self._criteria())
        )
        name, groups, code_of = self.name, self.safe_groups, self.codes
        by_code = sorted(code_of) == sorted(code_of, key=code_of.get)  # criterion ids in code order: no sort
        unsafe_codes = any(safe_cell(code) != code for code in code_of.values())
        places = _Places(self._place)
        places.update((path, self._place(path)) for path in self.territories.areas)
        counts: Counter = Counter()  # children by (path, sex, age group, series 1, 2, labour, sector, outcome)
        hardship: Counter = Counter()  # children by (criterion, path, sex)
        for chunk in _chunks(query):
            last = chunk[-1][0]
            latest: dict[int, tuple] = {}
            labour_sector: dict[int, int | None] = {}  # child -> sector of its latest visit in child labour
            seen = None
            for row in visits.upto(last):  # in time order: the latest visit comes last
                if row[1] == seen:  # the same visit's other kinds of work
                    continue
                seen = row[1]
                latest[row[0]] = row
                if row[8]:
                    labour_sector[row[0]] = row[7]
            outcome = dict(closures.upto(last))  # in time order: the latest wins
            listed: dict[int, list[str]] = {}
            for cid, criterion in criteria.upto(last):
                listed.setdefault(cid, []).append(code_of[criterion])
            rows = []
            keys = []
            marks = []
            for cid, sex, year, path, group in chunk:
                visit = latest.get(cid)
                done = outcome.get(cid)
                names = listed.get(cid)
                if names:
                    marks += [(code, path, sex) for code in names]
                    names = " ".join(names if by_code else sorted(names))
                    if unsafe_codes:
                        names = safe_cell(names)
                if visit is None:
                    rows.append((name(cid), sex, year, group, *places[path], None, None, 0, 0, None, done, names))
                    if group is not None:
                        keys.append((path, sex, group, 0, 0, False, None, done))
                    continue
                _cid, _aid, group, category, ilo, s1, s2, sector, _labour = visit
                rows.append(
                    (name(cid), sex, year, group, *places[path], category, ilo, s1, s2, groups[sector], done, names)
                )
                if group is not None:
                    labour = cid in labour_sector
                    keys.append((path, sex, group, s1, s2, labour, (labour and labour_sector[cid]) or sector, done))
            counts.update(keys)
            hardship.update(marks)
            yield rows
        self._count(counts)
        for (code, path, sex), n in hardship.items():
            self.tally.hardship[(code, *self.territories.of(path), sex)] += n

    def _count(self, counts: Counter) -> None:
        """The SDG and Beneficiaries counts (`ilo.Tally.add`), from children counted by their key."""
        sdg, beneficiaries = self.tally.sdg, self.tally.beneficiaries
        for (path, sex, group, s1, s2, labour, sector, done), n in counts.items():
            for series, in_labour in ((1, s1), (2, s2)):
                for who in (sex, "T"):
                    for column in (group, "5-14" if group != "15-17" else None, "5-17"):
                        if column:
                            sdg[(series, "registered", who, column)] += n
                            sdg[(series, "child_labour", who, column)] += n if in_labour else 0
            if labour or done in OUTCOMES:
                key = (*self.territories.of(path), sex, group, self.groups[sector])
                if labour:
                    beneficiaries[key]["identified"] += n
                if done in OUTCOMES:
                    beneficiaries[key][done] += n

    # -- Assessments and Referrals ----------------------------------------------------------------------

    def assessments_condition(self):
        """SQL: an assessment of a child of the export's areas, not merged into another record."""
        if self.everywhere:
            return Assessment.child_id.not_in(select(Child.id).where(Child.merged_into_id.is_not(None)))
        return self._of_area(Assessment.child_id, Child.merged_into_id.is_(None))

    def area_conditions(self) -> list:
        """SQL conditions on Child: in the export's areas (none when every area is exported)."""
        return [] if self.everywhere else [paths_condition(Child.area_path, self.paths)]

    def assessments(self) -> Iterator[list[tuple]]:
        """Every assessment of the period (date order), with its first work's sector group
        (`ilo.assessments_sheet`). Dates are written as the database gives them (ISO text or dates)."""
        query = (
            select(
                Assessment.id,
                Assessment.child_id,
                type_coerce(Assessment.visit_date, String),
                Assessment.age,
                _group_of_age(Assessment.age),
                Assessment.location,
                Assessment.national_category,
                Assessment.national_action,
                Assessment.ilo_category,
                _flag(Assessment.sdg_series_1),
                _flag(Assessment.sdg_series_2),
                WorkActivityRecord.sector_id,
            )
            .outerjoin(WorkActivityRecord, WorkActivityRecord.assessment_id == Assessment.id)
            .where(
                self.assessments_condition(),
                unindexed(Assessment.visit_date).between(self.period.start, self.period.end),
            )
            .order_by(unindexed(Assessment.visit_date), Assessment.id, WorkActivityRecord.id)
        )
        name, groups = self.name, self.safe_groups
        seen = None
        for chunk in _chunks(query):
            rows = []
            for aid, cid, day, age, group, where, category, action, ilo, s1, s2, sector in chunk:
                if aid != seen:  # the first kind of work only
                    seen = aid
                    rows.append((name(cid), day, age, group, where, category, action, ilo, s1, s2, groups[sector]))
            yield rows

    def referrals(self, counts: dict, days: dict) -> Iterator[list[tuple]]:
        """Every referral proposed in the period (`ilo.referrals_sheet`); counts those of children not
        merged into another record for the Services sheet (`ilo.services`) on the way."""
        query = (
            select(
                Referral.child_id,
                Referral.service_type,
                Referral.status,
                Referral.proposed_on,
                Referral.sent_on,
                Referral.answered_on,
                Referral.started_on,
                Referral.ended_on,
                type_coerce(Child.sex, String),
                Child.birth_date,
                Child.merged_into_id.is_(None),
            )
            .join(Child, Child.id == Referral.child_id)
            .where(*self.area_conditions(), Referral.proposed_on.between(self.period.start, self.period.end))
            .order_by(Referral.proposed_on, Referral.id)
        )
        name = self.name
        for chunk in _chunks(query):
            rows = []
            for cid, kind, status, proposed, sent, answered, started, ended, sex, born, counted in chunk:
                wait = (started - proposed).days if started else None
                rows.append((name(cid), kind, status, proposed, sent, answered, started, ended, wait))
                if counted:
                    counts[(kind, status, sex, age_group(age_on(born, proposed)) or "other")] += 1
                    if started:
                        days[kind].append(wait)
            yield rows
