"""Server time of the risk report (counted in the database at every visit: each visit is a first
visit) for the whole register, a district and an ayil aimak, on databases made by `flask generate-data`.

    .venv/bin/python bench/reports.py --database sqlite:///bench/results/scale-5000.db \
        --database sqlite:///bench/results/scale-20000.db [--repeats 5] [--plans]

The databases are upgraded to the current schema and get a supervisor of all areas (bench.officer);
the sizes are measured interleaved. --plans prints the query plans of the ayil aimak's report.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "Tulpar-Kumush-2026-bench"
AREAS = {"whole register": None, "district (Kara-Suu)": "Kara-Suu district", "ayil aimak (Ak-Tash)": "Ak-Tash"}


def prepare(url: str):
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from monitor import create_app
    from monitor.admin.services import create_user
    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.core.roles import Role
    from monitor.extensions import db
    from monitor.registry.models import Child

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "TWO_FACTOR_REQUIRED_ROLES": ()})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if not db.session.scalar(select(User.id).where(User.username == "bench.officer")):
            tops = list(db.session.scalars(select(Area.id).where(Area.parent_id.is_(None))))
            create_user("bench.officer", "Bench Officer", [Role.SUPERVISOR], tops, "en", PASSWORD, None)
            db.session.commit()
        ids = {
            name: db.session.scalar(select(Area.id).where(Area.name_en == en)) if en else 0
            for name, en in AREAS.items()
        }
        size = db.session.scalar(select(func.count(Child.id)))
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "bench.officer", "password": PASSWORD, "csrf_token": token})
    return app, client, ids, size


def plans(app, area_id: int) -> None:
    """EXPLAIN (QUERY PLAN) of every query of the report of one area."""
    from sqlalchemy import event

    from monitor.extensions import db

    with app.app_context():
        seen: list[tuple[str, object]] = []

        def remember(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                seen.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", remember)
        client = app.test_client()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": "bench.officer", "password": PASSWORD, "csrf_token": token.group(1)})
        seen.clear()
        client.get(f"/reports?area={area_id}")
        event.remove(db.engine, "before_cursor_execute", remember)
        prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        for statement, parameters in seen:
            with db.engine.connect() as connection:
                rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            print("\n" + " ".join(statement.split())[:160] + " ...")
            for row in rows:
                print("   ", row[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    setups = [prepare(url) for url in args.database]
    times: dict = {}
    cpu_times: dict = {}  # of this process: the web side, and SQLite's work (PostgreSQL's is elsewhere)
    for _repeat in range(args.repeats):
        for _app, client, ids, size in setups:  # sizes interleaved
            for name, area_id in ids.items():
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/reports?area={area_id}")
                elapsed = time.perf_counter() - started
                cpu_times.setdefault((size, name), []).append(time.process_time() - cpu)
                assert response.status_code == 200 and 'data-key="registered"' in response.get_data(as_text=True)
                times.setdefault((size, name), []).append(elapsed)
    for (size, name), values in sorted(times.items()):
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        median, cpu = 1000 * statistics.median(values), 1000 * statistics.median(cpu_times[(size, name)])
        print(f"{size:>8,} children  {name:<22} median {median:7.1f} ms  p95 {1000 * p95:7.1f} ms  cpu {cpu:7.1f} ms")
    if args.plans:
        app, _client, ids, _size = setups[-1]
        plans(app, ids["ayil aimak (Ak-Tash)"])


if __name__ == "__main__":
    main()
