"""Export ratios for the whole region, and the peak memory of each export.

    .venv/bin/python bench/export.py --db bench/results/scale-500000.db

(a) the CSV zip: time / the time of the `sqlite3` command-line tool writing the same case-level
    rows as CSV (its unavoidable cost of reading and formatting them). For information, also the
    time the tool takes to run the very SELECT statements the zip export sends (the database's own
    share of the work: joins, sorts, counts), and the export's time over that;
(b) the ILO workbook: time / the time XlsxWriter alone takes to write the same cells from memory.
Each measurement runs in its own process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess  # nosec B404: runs this script and the sqlite3 tool
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FROM, TO = date.today() - timedelta(days=730), date.today()


def _app(db: str):
    from monitor import create_app

    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(db).resolve()}"})


def step(kind: str, db: str) -> dict:
    """One measurement in this process: prints seconds and peak memory as JSON."""
    from monitor.areas.models import Area
    from monitor.core.office import office_zone
    from monitor.extensions import db as sa
    from monitor.reports.export import build_sheets, export_ilo
    from monitor.reports.figures import Period
    from monitor.reports.writers import write_xlsx

    app = _app(db)
    out = tempfile.mktemp(suffix=".xlsx" if kind != "zip" else ".zip")  # nosec B306: a benchmark's scratch file
    with app.app_context(), app.test_request_context():
        areas = sa.session.scalars(sa.select(Area).where(Area.parent_id.is_(None))).all()
        paths, names = [a.path for a in areas], [a.name_en for a in areas]
        labels = {"sector": str, "service": str, "status": str}
        period = Period(FROM, TO, office_zone())
        if kind == "writer_only":
            from monitor.reports.ilo import LazySheet
            from monitor.reports.writers import _in_writing_order

            sheets = build_sheets(paths, names, period, "bench", b"k", 5, labels, date.today())
            for index, sheet in _in_writing_order(sheets):  # in memory first: only the writing is timed
                if isinstance(sheet, LazySheet):
                    sheets[index] = sheet = sheet.make()
                sheet.rows = list(sheet.rows)
            started = time.perf_counter()
            rows = write_xlsx(sheets, out)
        else:
            statements = _record_selects() if kind == "zip" else None
            started = time.perf_counter()
            rows = export_ilo(
                paths,
                names,
                period,
                None,
                "bench",
                b"k",
                5,
                labels,
                out,
                "zip" if kind == "zip" else "xlsx",
                date.today(),
            )
        seconds = time.perf_counter() - started
    size = Path(out).stat().st_size
    Path(out).unlink()
    result = {
        "seconds": round(seconds, 2),
        "rows": rows,
        "bytes": size,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if kind == "zip":
        result["statements"] = statements
    return result


def _record_selects() -> list[str]:
    """The SELECT statements the export sends from now on, with their parameters written in (SQLite)."""
    from sqlalchemy import event

    from monitor.extensions import db as sa

    statements: list[str] = []

    def literal(value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, (int, float)):
            return str(value)
        return "'" + str(value).replace("'", "''") + "'"

    @event.listens_for(sa.engine, "before_cursor_execute")
    def record(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            parts = statement.split("?")
            values = [literal(v) for v in parameters]
            statements.append(parts[0] + "".join(v + part for v, part in zip(values, parts[1:], strict=False)))

    return statements


def same_queries_baseline(db: str, statements: list[str], repeats: int = 3) -> float:
    """The sqlite3 tool running the export's own SELECT statements, writing CSV (median of `repeats`)."""
    script = "".join(f"{statement.strip()};\n" for statement in statements).encode()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(["sqlite3", "-csv", db], input=script, check=True, stdout=subprocess.DEVNULL)  # nosec B603 B607
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def sqlite_baseline(db: str) -> float:
    queries = [
        (
            "SELECT c.id, c.sex, strftime('%Y', c.birth_date), c.area_path, c.labour_category, c.labour_ilo_category "
            "FROM child c WHERE c.merged_into_id IS NULL"
        ),
        (
            "SELECT a.child_id, a.visit_date, a.age, a.location, a.national_category, a.national_action, "
            "a.ilo_category, a.sdg_series_1, a.sdg_series_2 FROM assessment a"
        ),
        (
            "SELECT r.child_id, r.service_type, r.status, r.proposed_on, r.sent_on, r.answered_on, r.started_on, "
            "r.ended_on FROM referral r"
        ),
    ]
    started = time.perf_counter()
    for query in queries:
        subprocess.run(["sqlite3", "-csv", db, query], check=True, stdout=subprocess.DEVNULL)  # nosec B603 B607
    return time.perf_counter() - started


def run(kind: str, db: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--db", db, "--step", kind],
        check=True,  # nosec B603
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--step", choices=("zip", "xlsx", "writer_only"))
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.db)))
        return
    baseline = sqlite_baseline(args.db)
    figures = {kind: run(kind, args.db) for kind in ("zip", "xlsx", "writer_only")}
    same_queries = same_queries_baseline(args.db, figures["zip"].pop("statements"))
    result = {
        "date": date.today().isoformat(),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "db": args.db,
        "sqlite3_csv_s": round(baseline, 2),
        **figures,
        "ratio_zip_vs_sqlite3": round(figures["zip"]["seconds"] / baseline, 2),
        "sqlite3_same_queries_s": round(same_queries, 2),
        "ratio_zip_vs_same_queries": round(figures["zip"]["seconds"] / same_queries, 2),
        "ratio_xlsx_vs_writer": round(figures["xlsx"]["seconds"] / figures["writer_only"]["seconds"], 2),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"export-{Path(args.db).stem}-{date.today():%Y%m%d}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
