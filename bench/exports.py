"""Export jobs of the whole register against their reference commands, interleaved.

    .venv/bin/python bench/exports.py --db /tmp/exportbench/scale-20000.db [--repeats 5]
    .venv/bin/python bench/exports.py --db postgresql+psycopg://root@127.0.0.1:5432/test_export

Each repeat runs, one after the other:
- app zip: the export job's handler (`prepare_export`, and the runner's commit) writing the CSV zip
  of every area, over two years;
- reference zip: `sqlite3 -csv` dumping the tables its rows come from (child, assessment,
  work_activity, case_file + case_closure, child_criterion, referral), piped through `gzip -1`
  (on PostgreSQL: `psql` running `COPY (SELECT ...) TO STDOUT WITH CSV` of the same, `| gzip -1`);
- app workbook: the export job writing the ILO workbook;
- reference workbook: XlsxWriter alone (constant_memory) writing the same cells from lists already
  in memory (`write_row`: the library's own loop, not the app's).
Prints the median and p95 of each, and the ratios of the medians (targets: zip <= 2, workbook <= 1.2).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess  # nosec B404: runs the sqlite3 tool
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REFERENCE_TABLES = (
    "SELECT id, sex, birth_date, area_path, merged_into_id, created_at FROM child",
    (
        "SELECT id, child_id, visit_date, age, location, national_category, national_action, ilo_category, "
        "sdg_series_1, sdg_series_2 FROM assessment"
    ),
    "SELECT id, assessment_id, sector_id FROM work_activity",
    (
        "SELECT c.child_id, k.outcome, k.decision, k.decided_at, k.reopened_at FROM case_closure k "
        "JOIN case_file c ON c.id = k.case_id"
    ),
    "SELECT child_id, criterion_id FROM child_criterion",
    "SELECT child_id, service_type, status, proposed_on, sent_on, answered_on, started_on, ended_on FROM referral",
)


def reference_zip(db: str, out: str) -> float:
    """SQLite: `sqlite3 -csv` of the tables; PostgreSQL (a URL): `psql` running COPY ... TO STDOUT of each."""
    if db.startswith("postgresql"):
        script = "".join(f"COPY ({query}) TO STDOUT WITH (FORMAT csv);\n" for query in REFERENCE_TABLES)
        command = ["psql", "-X", "-q", db.replace("postgresql+psycopg://", "postgresql://")]
    else:
        script = "".join(f"{query};\n" for query in REFERENCE_TABLES)
        command = ["sqlite3", "-csv", db]
    started = time.perf_counter()
    with open(out, "wb") as target:
        dump = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # nosec
        gzip = subprocess.Popen(["gzip", "-1"], stdin=dump.stdout, stdout=target)  # nosec B603 B607
        dump.stdout.close()
        dump.communicate(script.encode())
        gzip.wait()
    return time.perf_counter() - started


def cells_in_memory(paths, names, period, language="en") -> list[tuple[str, list[list]]]:
    """The workbook's sheets as lists of plain cell values (what the app writes), built untimed."""
    from monitor.core.office import office_today
    from monitor.reports.export import build_sheets
    from monitor.reports.ilo import LazySheet
    from monitor.reports.suppression import HIDDEN
    from monitor.reports.writers import _in_writing_order

    sheets = build_sheets(
        paths, names, period, "bench", b"k", 5, {"sector": str, "service": str, "status": str}, office_today(), language
    )
    made = []
    for _index, sheet in _in_writing_order(sheets):
        sheet = sheet.make() if isinstance(sheet, LazySheet) else sheet
        rows = [
            [sheet.headers, sheet.headers_ru],
            [[("<5" if v is HIDDEN else v) for v in row] for row in sheet.rows],
        ]
        made.append((sheet.name, rows[0] + rows[1]))
    return made


def reference_workbook(sheets: list[tuple[str, list[list]]], out: str) -> float:
    import xlsxwriter

    started = time.perf_counter()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": tempfile.gettempdir(),
            "default_date_format": "dd.mm.yyyy",
        },
    )
    for name, rows in sheets:
        ws = workbook.add_worksheet(name)
        for number, row in enumerate(rows):
            ws.write_row(number, 0, row)
    workbook.close()
    return time.perf_counter() - started


def app_job(kind: str, paths: list[str], names: list[str], start: date, end: date, user_id: int) -> float:
    from monitor.core.db import utcnow
    from monitor.extensions import db
    from monitor.reports.models import Export
    from monitor.reports.prepared import prepare_export

    export = Export(
        kind=kind,
        paths=paths,
        area_names=names,
        period_start=start,
        period_end=end,
        language="en",
        requested_by_id=user_id,
        status="queued",
        progress=0,
        attempts=0,
        error="",
        created_at=utcnow(),
    )
    db.session.add(export)
    db.session.commit()
    started = time.perf_counter()
    made = prepare_export(export.id, 1)  # the job's handler under its first claim
    db.session.commit()  # what the job runner does with the job's "done"
    seconds = time.perf_counter() - started
    if not made:
        raise RuntimeError("the export job made no file")
    return seconds


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_s": round(statistics.median(ordered), 3),
        "p95_s": round(p95, 3),
        "runs": [round(v, 3) for v in values],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLite file, or a postgresql+psycopg:// URL")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from monitor import create_app
    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.core.office import office_zone
    from monitor.extensions import db
    from monitor.reports.figures import Period
    from monitor.reports.models import Export

    scratch = Path(tempfile.mkdtemp(prefix="monitor-bench-exports-"))
    url = args.db if args.db.startswith("postgresql") else f"sqlite:///{Path(args.db).resolve()}"
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "EXPORT_DIR": str(scratch),
            "EXPORT_IMMEDIATE": False,
        },
    )
    end = date.today()
    start = end - timedelta(days=730)
    times: dict[str, list[float]] = {"app_zip": [], "reference_zip": [], "app_workbook": [], "reference_workbook": []}
    with app.app_context():
        roots = db.session.scalars(db.select(Area).where(Area.parent_id.is_(None)).order_by(Area.path)).all()
        paths, names = [a.path for a in roots], [a.name_en for a in roots]
        user_id = db.session.scalar(db.select(User.id).order_by(User.id))
        with app.test_request_context():
            cells = cells_in_memory(paths, names, Period(start, end, office_zone()))
        db.session.commit()
        for _ in range(args.repeats):
            times["app_zip"].append(app_job("zip", paths, names, start, end, user_id))
            times["reference_zip"].append(reference_zip(args.db, str(scratch / "reference.csv.gz")))
            times["app_workbook"].append(app_job("workbook", paths, names, start, end, user_id))
            times["reference_workbook"].append(reference_workbook(cells, str(scratch / "reference.xlsx")))
        db.session.execute(db.delete(Export))
        db.session.commit()
    result = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "db": args.db,
        **{name: summary(values) for name, values in times.items()},
    }
    result["ratio_zip"] = round(result["app_zip"]["median_s"] / result["reference_zip"]["median_s"], 2)
    result["ratio_workbook"] = round(result["app_workbook"]["median_s"] / result["reference_workbook"]["median_s"], 2)
    print(json.dumps(result, indent=2))
    for path in scratch.iterdir():
        path.unlink()
    scratch.rmdir()


if __name__ == "__main__":
    main()
