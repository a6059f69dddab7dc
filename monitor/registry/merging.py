"""Merging two records of the same child: everything that points at the duplicate follows the kept one.

What points at a child is read from the metadata (every foreign key to `child.id`), never listed by
hand, and each such column has a rule below. A merge refuses to run when it meets a column without
a rule: a new table that refers to children must say what a merge does with its rows.

Uniqueness is read from the metadata too: a row that would give the kept child a second copy of a
unique key (a unique constraint or unique index, partial ones with their condition) refuses the
merge, unless its rule says the kept child's row wins and the duplicate's stays where it is.

Rows that refer to a child without a foreign key stay as they were: the audit log is append-only
and says what happened to which record (the merge writes an event on both), and an import's list
of the records it made (an import whose child was merged can no longer be undone).

The module works on tables, not on the models of the modules built on the registry (assessments,
cases, referrals), so that the registry imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Column, ColumnElement, MetaData, Table, UniqueConstraint, select, text, update
from sqlalchemy.exc import IntegrityError

from monitor.extensions import db
from monitor.registry.data import RegistryError


class MissingMergeRule(RuntimeError):
    """A table refers to children and no rule says what a merge does with its rows."""


@dataclass(frozen=True)
class Rule:
    """How the rows of one column that refers to a child follow a merge.

    `leave_taken`: a row whose unique key the kept child already holds stays on the merged record
    (the kept child's row wins) instead of refusing the merge.
    `only_one`: the condition under which a child holds at most one row (an open case); both
    records holding one refuses the merge with the message `conflict`.
    `partner`: the column naming the other child of a pair; a row pairing the two merged records
    stays as it is (it records a decision about the two of them).
    `area`: the table keeps a copy of the child's area path, set to the kept child's.
    `close`: a date column that is empty while the row is current, set to the day of the merge.
    """

    leave_taken: bool = False
    only_one: Callable[[Table], ColumnElement] | None = None
    conflict: str = "merge_conflict"
    partner: str | None = None
    area: bool = False
    close: str | None = None


RULES: dict[str, Rule] = {
    "child.merged_into_id": Rule(),  # records merged into the duplicate earlier
    "child_criterion.child_id": Rule(leave_taken=True),
    "child_family_link.child_id": Rule(close="until"),  # the duplicate's households become history
    "distinct_children.child_id": Rule(leave_taken=True, partner="other_child_id"),
    "distinct_children.other_child_id": Rule(leave_taken=True, partner="child_id"),
    "assessment.child_id": Rule(),
    # One open case per child: the supervisor closes one of the two (or waits for its closure) first;
    # choosing one for them would hide a worker's open case, which is what a merge must never do.
    "case_file.child_id": Rule(
        only_one=lambda table: table.c.closed_at.is_(None), conflict="merge_open_cases", area=True
    ),
    "referral.child_id": Rule(),
}


def references(metadata: MetaData, table_name: str = "child") -> list[tuple[Table, Column]]:
    """Every column of the schema that refers to a row of `table_name` (a child), in dependency order."""
    target = metadata.tables[table_name].c.id
    return [
        (table, key.parent)
        for table in metadata.sorted_tables
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name)
        if key.column is target
    ]


def _name(table: Table, column: Column) -> str:
    return f"{table.name}.{column.name}"


def missing_rules(metadata: MetaData, rules: dict[str, Rule] | None = None) -> list[str]:
    return [_name(t, c) for t, c in references(metadata) if _name(t, c) not in (rules or RULES)]


def stale_rules(metadata: MetaData) -> list[str]:
    present = {_name(t, c) for t, c in references(metadata)}
    return sorted(set(RULES) - present)


def check_rules(metadata: MetaData, rules: dict[str, Rule] | None = None) -> None:
    missing = missing_rules(metadata, rules)
    if missing:
        raise MissingMergeRule("no merge rule for " + ", ".join(missing))


@dataclass(frozen=True)
class Move:
    table: Table
    column: Column
    rule: Rule
    ids: tuple  # primary keys of the rows that move
    left: int  # rows that stay on the merged record

    @property
    def name(self) -> str:
        return _name(self.table, self.column)


def _where(index) -> ColumnElement | None:
    condition = index.dialect_options[db.session.get_bind().dialect.name].get("where")
    return text(condition) if isinstance(condition, str) else condition


def _unique_keys(table: Table, column: Column, rule: Rule) -> list[tuple[list[Column], ColumnElement | None, str]]:
    """The unique keys that include `column`: the other columns, the condition, the refusal message."""
    keys = [
        ([c for c in u.columns if c is not column], None, "merge_conflict")
        for u in table.constraints
        if isinstance(u, UniqueConstraint) and column.name in u.columns
    ]
    keys += [
        ([c for c in i.columns if c is not column], _where(i), "merge_conflict")
        for i in table.indexes
        if i.unique and column.name in i.columns
    ]
    if rule.only_one is not None:
        keys.insert(0, ([], rule.only_one(table), rule.conflict))
    return keys


def _rows(table: Table, column: Column, child_id: int, others: list[Column], condition) -> dict:
    key = next(iter(table.primary_key.columns))
    query = select(key, *others).where(column == child_id)
    if condition is not None:
        query = query.where(condition)
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query)}


def _taken(table: Table, column: Column, rule: Rule, keep_id: int, drop_id: int, candidates: set) -> set:
    """The candidate rows whose unique key the kept child holds already (or refuse the merge)."""
    taken = set()
    for others, condition, code in _unique_keys(table, column, rule):
        held = {key for key in _rows(table, column, keep_id, others, condition).values() if None not in key}
        clash = {
            pk
            for pk, key in _rows(table, column, drop_id, others, condition).items()
            if pk in candidates and key in held
        }
        if clash and not rule.leave_taken:
            raise RegistryError("merge", code)
        taken |= clash
    return taken


def plan_moves(
    keep_id: int, drop_id: int, metadata: MetaData | None = None, rules: dict[str, Rule] | None = None
) -> list[Move]:
    """What a merge of `drop_id` into `keep_id` moves; refuses (RegistryError) before anything changes."""
    metadata, rules = metadata if metadata is not None else db.metadata, rules or RULES
    check_rules(metadata, rules)
    moves = []
    for table, column in references(metadata):
        rule = rules[_name(table, column)]
        found = set(_rows(table, column, drop_id, [], None))
        rows = found - (
            set(_rows(table, column, drop_id, [], table.c[rule.partner].in_([keep_id, drop_id])))
            if rule.partner
            else set()
        )
        moving = rows - _taken(table, column, rule, keep_id, drop_id, rows)
        moves.append(Move(table, column, rule, tuple(sorted(moving)), len(found) - len(moving)))
    return moves


def follow_area(child_ids: list[int], area_path: str) -> None:
    """Give the rows that keep a copy of these children's area path (the rules with `area`: their
    cases) the children's new one, when a child moves to another household or a household to
    another area: lists, counts and scoping read the copy."""
    for table, column in references(db.metadata):
        rule = RULES.get(_name(table, column))
        if rule is not None and rule.area and child_ids:
            db.session.execute(update(table).where(column.in_(child_ids)).values(area_path=area_path))


def apply_moves(moves: list[Move], keep_id: int, area_path: str, today: date) -> None:
    """Point the planned rows at the kept child (Core updates: the caller expires the session after).
    A unique key taken by a concurrent change since the plan was read refuses the merge too (the
    caller rolls the whole request back)."""
    try:
        _apply(moves, keep_id, area_path, today)
    except IntegrityError:
        raise RegistryError("merge", "merge_conflict") from None


def _apply(moves: list[Move], keep_id: int, area_path: str, today: date) -> None:
    for move in moves:
        if not move.ids:
            continue
        key = next(iter(move.table.primary_key.columns))
        values = {move.column.name: keep_id} | ({"area_path": area_path} if move.rule.area else {})
        db.session.execute(update(move.table).where(key.in_(move.ids)).values(**values))
        if move.rule.close:
            ending = move.table.c[move.rule.close]
            db.session.execute(update(move.table).where(key.in_(move.ids), ending.is_(None)).values({ending: today}))
