"""The CSV zip's lean path (monitor/reports/caserows.py) writes exactly what the workbook's path writes."""

import ast
import hashlib
import hmac
import io
import os
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from monitor.extensions import db
from monitor.reports import pseudonym as pseudonym_module
from monitor.reports.pseudonym import pseudonym, pseudonymiser
from tests.reports.conftest import TODAY

LABELS = {"sector": str, "service": str, "status": str}


def test_the_fast_pseudonyms_are_the_pseudonyms():
    for key in (b"k", os.urandom(32), b"x" * 64, b"y" * 65, b"z" * 300, b""):
        name = pseudonymiser(key)
        assert all(name(child_id) == pseudonym(key, child_id) for child_id in [*range(2000), 10**9, 2**63])


def test_the_pseudonyms_are_the_plain_hmac_of_the_id_with_public_modules_only():
    key = os.urandom(32)
    name = pseudonymiser(key)
    for child_id in (0, 1, 7, 123_456, 10**9):
        plain = hmac.new(key, f"child:{child_id}".encode(), hashlib.sha256).hexdigest()
        assert name(child_id) == "P" + plain[:16].upper()
    tree = ast.parse(Path(pseudonym_module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [module for module in imported - {"__future__"} if module.startswith("_")]  # no CPython-private modules


def _members(sheets) -> dict[str, bytes]:
    from monitor.reports.writers import write_zip

    out = io.BytesIO()
    write_zip(sheets, out, "<5")
    archive = zipfile.ZipFile(out)
    return {name: re.sub(rb"Generated at,[^\n]*", b"", archive.read(name)) for name in archive.namelist()}


def _both(paths):
    from monitor.reports.export import build_csv_sheets, build_sheets
    from monitor.reports.figures import Period

    period = Period(TODAY - timedelta(days=30), TODAY, ZoneInfo("Asia/Bishkek"))
    args = (paths, ["Areas"], period, "tester", b"key", 5, LABELS, TODAY)
    return _members(build_sheets(*args)), _members(build_csv_sheets(*args))


def test_the_csv_zip_matches_the_typed_rows_sheet_by_sheet(app, users, caseload):
    from monitor.areas.models import Area
    from monitor.assessments.models import Sector
    from monitor.registry.models import Child, ChildCriterion, Criterion

    with app.app_context():
        # A sector group typed like a formula, and a child merged into another (left out of the counts).
        db.session.execute(update(Sector).where(Sector.group == "bazaar").values(group="=bazaar"))
        db.session.execute(
            update(Child).where(Child.id == caseload["boys"][5]).values(merged_into_id=caseload["boys"][4])
        )
        # Criterion codes not in the order of their ids, one like a formula, several for one child.
        db.session.execute(update(Criterion).where(Criterion.code == "C01").values(code="Z01"))
        db.session.execute(update(Criterion).where(Criterion.code == "C02").values(code="-2"))
        for code in ("Z01", "-2", "C03"):
            criterion = db.session.scalar(select(Criterion.id).where(Criterion.code == code))
            db.session.add(
                ChildCriterion(
                    child_id=caseload["girls"][1],
                    criterion_id=criterion,
                    noted_on=TODAY,
                    noted_by_id=users["worker"].id,
                )
            )
        db.session.commit()
        district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
        roots = db.session.scalars(select(Area.path).where(Area.parent_id.is_(None))).all()
        for paths in ([district.path], list(roots)):  # one district, and every area (no area condition)
            typed, lean = _both(paths)
            assert typed == lean
        assert b"'=bazaar" in lean["Children.csv"] and b"'=bazaar" in lean["Assessments.csv"]
        assert b",'-2 C03 Z01\r\n" in lean["Children.csv"]
        assert lean["Children.csv"].count(b"\n") == 2 + 20  # 21 children, one merged


def test_postgresql_writes_the_case_level_csv_itself_with_the_same_pseudonyms(app, users, caseload):
    from sqlalchemy import literal

    from monitor.areas.models import Area
    from monitor.reports.ilo import CopySheet
    from monitor.reports.pgcopy import pseudonym_sql

    with app.app_context():
        on_postgresql = db.session.get_bind().dialect.name == "postgresql"
        roots = list(db.session.scalars(select(Area.path).where(Area.parent_id.is_(None))))
        from monitor.reports.export import build_csv_sheets
        from monitor.reports.figures import Period

        period = Period(TODAY - timedelta(days=30), TODAY, ZoneInfo("Asia/Bishkek"))
        sheets = build_csv_sheets(roots, ["Areas"], period, "tester", b"key", 5, LABELS, TODAY)
        copied = [s.name for s in sheets if isinstance(s, CopySheet)]
        assert copied == (["Assessments", "Referrals"] if on_postgresql else [])
        if not on_postgresql:
            return
        for key in (b"k", os.urandom(32), b"x" * 64, b"y" * 65, b"z" * 300):
            for child_id in (0, 1, 123_456, 10**9):
                assert db.session.scalar(select(pseudonym_sql(key, literal(child_id)))) == pseudonym(key, child_id)
