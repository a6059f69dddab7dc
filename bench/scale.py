"""Scale ratio: server time of every page a user opens at a large register divided by the same at a small one.

    .venv/bin/python bench/scale.py --small 5000 --large 500000 [--database postgresql] [--reuse]

Each size gets its own database (SQLite file bench/results/scale-<size>.db, or on PostgreSQL its own
database, --pg-small-url / --pg-large-url, by default bench_small and bench_large on 127.0.0.1, created
when missing and emptied first; never the test suite's database), `flask generate-data`, and the
benchmark's users: a social worker, a supervisor and a regional reporting officer of Kara-Suu district
or the region, and a worker of one ayil aimak (Ak-Tash) only. Both sizes are loaded at once and timed
in turns, page by page (small, large, large, small, ...), so that the machine's load falls on both alike;
each page through the app's whole WSGI stack (no network). The first request of each page is a first
visit (nothing of it kept anywhere: it is reported as `first_ms`); medians and p95 are of the repeats.
--reuse keeps the databases of an earlier run (and brings their schema up to date).
Prints the figures and writes them, with the machine and its load, to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "Tulpar-Kumush-2026-bench"
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/{name}"
TARGET = 1.3
CASELOAD = 40  # open cases of the benchmark's worker, at every size: a caseload does not grow with the register
# A name of one child of the register, in one ayil aimak, at every size (`_rare_child`: the generator
# never gives it), misspelt as a worker might type it; and a name that is rare but grows with the
# register (Russian surnames are 8 % of the generated families).
RARE = ("Кыдыралиева", "Бермет")
RARE_MISSPELT = "Кидыралиева Бэрмет"
UNCOMMON_MISSPELT = "Василева Дария"
PAGES = {
    "worker home": ("worker", "/"),
    "supervisor home": ("supervisor", "/"),
    "reporting officer home": ("officer", "/"),
    "case list (worker)": ("worker", "/cases"),
    "case list (supervisor)": ("supervisor", "/cases"),
    "child page": ("worker", "/children/{child}"),
    "restricted child page (supervisor)": ("supervisor", "/children/{restricted}"),
    "case page": ("worker", "/cases/{case}"),
    "family list": ("worker", "/families"),
    "child list by name": ("worker", "/children"),
    "child list newest first": ("worker", "/children?sort=newest"),
    "child list youngest first": ("worker", "/children?sort=birth_date"),
    "child list, page 3": ("worker", "/children?page=3"),
    "child list, needs action": ("worker", "/children?needs_action=y"),
    "child list, needs action, newest": ("worker", "/children?needs_action=y&sort=newest"),
    "child list, needs action (supervisor)": ("supervisor", "/children?needs_action=y"),
    "child list, hazardous girls": ("worker", "/children?status=hazardous&sex=F"),
    "child list, criterion C02": ("worker", "/children?criterion={criterion}"),
    "child list, criterion C02, youngest": ("worker", "/children?criterion={criterion}&sort=birth_date"),
    "child list, 12-14 irregular": ("worker", "/children?band=12-14&attendance=irregular"),
    "child list, 12-14 irregular, newest": ("worker", "/children?band=12-14&attendance=irregular&sort=newest"),
    "child list, one ayil aimak (district worker)": ("worker", "/children?area={ak_tash}"),
    "child list, one ayil aimak, needs action": ("worker", "/children?area={ak_tash}&needs_action=y"),
    "ayil aimak worker: child list": ("local", "/children"),
    "ayil aimak worker: list page 3": ("local", "/children?page=3"),
    "ayil aimak worker: needs action": ("local", "/children?needs_action=y"),
    "ayil aimak worker: 12-14 irregular": ("local", "/children?band=12-14&attendance=irregular"),
    "ayil aimak worker: criterion C02": ("local", "/children?criterion={criterion}"),
    "name search (worker)": ("worker", "/children?q=Nurzada"),
    "name search (supervisor)": ("supervisor", "/children?q=" + quote("Нурзада Асанова")),
    "misspelt rare name, one ayil aimak": ("local", "/children?q=" + quote(RARE_MISSPELT)),
    "misspelt rare name, district": ("worker", "/children?q=" + quote(RARE_MISSPELT)),
    "misspelt uncommon name, one ayil aimak": ("local", "/children?q=" + quote(UNCOMMON_MISSPELT)),
    "personal number search": ("worker", "/children?q={pin}"),
}


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "load_average": os.getloadavg(),
    }


def build(size: int, url: str, reuse: bool = False):
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from monitor import create_app
    from monitor.extensions import db
    from monitor.registry.models import Child

    if url.startswith("postgresql"):
        ensure_pg_database(url)
    settings = {"SQLALCHEMY_DATABASE_URI": url, "TWO_FACTOR_REQUIRED_ROLES": ()}
    # Generating is a bulk load (`flask generate-data` runs with the commands' long statement limit);
    # the pages are then timed under the web limit, as in production.
    builder = create_app("testing", settings | {"DATABASE_STATEMENT_TIMEOUT_MS": 3_600_000})
    with builder.app_context():
        if url.startswith("postgresql") and not reuse:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(ROOT / "migrations"))
        started = time.monotonic()
        generated = 0.0
        if not (reuse and db.session.scalar(select(Child.id).limit(1))):
            from monitor.scale.cli import generate_data_command

            result = builder.test_cli_runner().invoke(
                generate_data_command, ["--children", str(size), "--seed", "2026"]
            )
            if result.exit_code:
                raise SystemExit(result.output)
            generated = time.monotonic() - started
        _bench_users()
        _rare_child()
        _caseload(url)
        objects = _objects()
        db.engine.dispose()
    return create_app("testing", settings), objects, generated


def _caseload(url: str) -> None:
    """The worker's own caseload: the 40 most recent open cases of one ayil aimak (Ak-Tash). An office
    of a larger region has more workers, not workers with more cases."""
    from sqlalchemy import select, text, update

    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.cases.models import Case
    from monitor.extensions import db

    worker = db.session.scalar(select(User.id).where(User.username == "bench.worker"))
    supervisor = db.session.scalar(select(User.id).where(User.username == "bench.supervisor"))
    ak_tash = db.session.scalar(select(Area).where(Area.name_en == "Ak-Tash"))
    db.session.execute(update(Case).where(Case.assigned_to_id == worker).values(assigned_to_id=supervisor))
    mine = (
        select(Case.id)
        .where(Case.area_path.startswith(ak_tash.path), Case.closed_at.is_(None))
        .order_by(Case.identified_on.desc(), Case.id.desc())
        .limit(CASELOAD)
    )
    db.session.execute(update(Case).where(Case.id.in_(mine)).values(assigned_to_id=worker))
    db.session.commit()
    if url.startswith("postgresql"):
        # Statistics taken after the reassignment, and of every table of a reused database (a bulk
        # load cut short before its ANALYZE leaves the planner guessing).
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _bench_users() -> None:
    """A social worker, a supervisor and a reporting officer of Kara-Suu district, a reporting officer
    of the region, and a worker of one ayil aimak (Ak-Tash) only (each made once)."""
    from sqlalchemy import select

    from monitor.admin.services import create_user
    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.core.roles import Role
    from monitor.extensions import db

    district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
    ak_tash = db.session.scalar(select(Area).where(Area.name_en == "Ak-Tash"))
    region = [a.id for a in db.session.scalars(select(Area).where(Area.parent_id.is_(None)))]
    for username, name, role, areas in (
        ("bench.worker", "Bench Worker", Role.SOCIAL_WORKER, [district.id]),
        ("bench.supervisor", "Bench Supervisor", Role.SUPERVISOR, [district.id]),
        ("bench.officer", "Bench Regional Officer", Role.REPORTING_OFFICER, region),
        ("bench.local", "Bench Local Worker", Role.SOCIAL_WORKER, [ak_tash.id]),
    ):
        if not db.session.scalar(select(User.id).where(User.username == username)):
            create_user(username, name, [role], areas, "en", PASSWORD, None)
    db.session.commit()


def _rare_child() -> None:
    """One child with a name the generator never gives, in a village of Ak-Tash (made once)."""
    from datetime import date

    from sqlalchemy import select

    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.core.db import starts_with
    from monitor.extensions import db
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Child, Sex

    if db.session.scalar(select(Child.id).where(Child.surname == RARE[0])):
        return
    ak_tash = db.session.scalar(select(Area.path).where(Area.name_en == "Ak-Tash"))
    village = db.session.scalar(
        select(Area.id).where(starts_with(Area.path, ak_tash), Area.active).order_by(Area.path.desc()).limit(1)
    )
    worker = db.session.scalar(select(User).where(User.username == "bench.local"))
    family = services.register_family(FamilyData(area_id=village), worker, date.today())
    services.register_child(family, ChildData(RARE[0], RARE[1], Sex.FEMALE, date(2014, 5, 1)), worker, date.today())
    db.session.commit()


def ensure_pg_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist (from the `postgres` database)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if target.database in (None, "", "test", "postgres"):
        raise SystemExit(f"Refusing to use the database {target.database!r} for benchmarks: give one of their own")
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            )
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(target.database)
                connection.execute(text(f"CREATE DATABASE {quoted}"))  # nosec B608: a name from the command line
    finally:
        engine.dispose()


def _objects() -> dict:
    """The records the pages open: one of the worker's cases and its child, the district's newest
    restricted child, the ayil aimak, criterion C02 and a personal number of the district."""
    from sqlalchemy import select

    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.cases.models import Case
    from monitor.core.db import starts_with
    from monitor.extensions import db
    from monitor.registry.models import Child, Criterion

    district = db.session.scalar(select(Area.path).where(Area.name_en == "Kara-Suu district"))
    in_district = starts_with(Child.area_path, district)
    worker = db.session.scalar(select(User.id).where(User.username == "bench.worker"))
    newest = select(Child.id).where(in_district).order_by(Child.id.desc()).limit(1)
    case = db.session.scalar(select(Case).where(Case.assigned_to_id == worker).order_by(Case.id).limit(1))
    return {
        "child": case.child_id,
        "restricted": db.session.scalar(newest.where(Child.restricted)),
        "case": case.id,
        "ak_tash": db.session.scalar(select(Area.id).where(Area.name_en == "Ak-Tash")),
        "criterion": db.session.scalar(select(Criterion.id).where(Criterion.code == "C02")),
        "pin": db.session.scalar(select(Child.pin).where(in_district, Child.pin.is_not(None)).limit(1)),
    }


def _clients(app) -> dict:
    clients = {}
    for role in ("worker", "supervisor", "officer", "local"):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", data={"username": f"bench.{role}", "password": PASSWORD, "csrf_token": token})
        clients[role] = client
    return clients


SQL = {"seconds": 0.0}


def _watch_sql(app) -> None:
    """Add the time of each SQL statement (as the driver runs it) to SQL["seconds"]."""
    from sqlalchemy import event

    from monitor.extensions import db

    with app.app_context():
        engine = db.engine

    def before(_conn, _cursor, _statement, _params, context, _many):
        context.bench_started = time.perf_counter()

    def after(_conn, _cursor, _statement, _params, context, _many):
        SQL["seconds"] += time.perf_counter() - context.bench_started

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)


def _time(client, url: str) -> tuple[float, float, float, int]:
    """Wall-clock, CPU and SQL seconds of one request, and the children listed on the page. The app
    runs in this thread: its CPU time is the server's work, less disturbed than the wall clock by
    other work on the machine; the SQL time is the database's share of the wall clock."""
    SQL["seconds"] = 0.0
    started, cpu = time.perf_counter(), time.thread_time()
    response = client.get(url)
    elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
    assert response.status_code == 200, (url, response.status_code)
    shown = len(set(re.findall(r'href="/children/(\d+)"', response.get_data(as_text=True))))
    return elapsed, cpu, SQL["seconds"], shown


def measure(sites: dict, repeats: int, only: str = "", skip: str = "") -> dict:
    """`sites`: size -> (clients, objects). Every page at every size in turns; the order of the sizes
    alternates from one round to the next."""
    pages = {n: p for n, p in PAGES.items() if only in n and not (skip and skip in n)}
    times: dict = {size: {name: [] for name in pages} for size in sites}
    for attempt in range(repeats + 1):
        for name, (role, path) in pages.items():
            order = list(sites) if attempt % 2 == 0 else list(reversed(sites))
            for size in order:
                clients, objects = sites[size]
                times[size][name].append(_time(clients[role], path.format(**objects)))
    figures: dict = {}
    for size in sites:
        figures[size] = {}
        for name, values in times[size].items():
            rest = sorted(value[0] for value in values[1:])
            figures[size][name] = {
                "first_ms": round(1000 * values[0][0], 1),
                "median_ms": round(1000 * statistics.median(rest), 1),
                "p95_ms": round(1000 * rest[max(0, -(-len(rest) * 95 // 100) - 1)], 1),
                "cpu_median_ms": round(1000 * statistics.median(value[1] for value in values[1:]), 1),
                "sql_median_ms": round(1000 * statistics.median(value[2] for value in values[1:]), 2),
                "children_shown": values[0][3],
            }
    return figures


def _urls(args) -> dict:
    urls = {}
    for size in (args.small, args.large):
        if args.database == "sqlite":
            path = ROOT / "bench" / "results" / f"scale-{size}.db"
            if not args.reuse:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            urls[size] = f"sqlite:///{path}"
        else:
            urls[size] = args.pg_small_url if size == args.small else args.pg_large_url
    return urls


def _report(results: dict, small: int, large: int) -> None:
    for size, figures in results["sizes"].items():
        print(f"{size:,} children (generated in {figures['generate_s']:.0f} s)")
        for name, values in figures["pages"].items():
            print(
                f"  {name:44} median {values['median_ms']:7.1f} ms  p95 {values['p95_ms']:7.1f} ms  "
                f"first {values['first_ms']:7.1f} ms  cpu {values['cpu_median_ms']:7.1f} ms  "
                f"sql {values['sql_median_ms']:6.2f} ms  {values['children_shown']:3} children shown"
            )
    print(f"Ratio {large:,} / {small:,} (target: at most {TARGET})")
    for name, ratio in results["ratios"].items():
        verdict = "ok" if max(ratio["median"], ratio["p95"]) <= TARGET else "MISSED"
        print(
            f"  {name:44} median x{ratio['median']:.2f}  p95 x{ratio['p95']:.2f}  first x{ratio['first']:.2f}  "
            f"cpu x{ratio['cpu_median']:.2f}  sql x{ratio['sql_median']:.2f}  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=500000)
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats after the first visit (at least 5)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--reuse", action="store_true", help="keep the databases of an earlier run")
    parser.add_argument("--pg-small-url", default=PG_DEFAULT.format(name="bench_small"))
    parser.add_argument("--pg-large-url", default=PG_DEFAULT.format(name="bench_large"))
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    parser.add_argument("--skip", default="", help="do not measure the pages whose name contains this")
    args = parser.parse_args()
    if args.repeats < 5:
        parser.error("--repeats: at least 5")
    results: dict = {"date": date.today().isoformat(), "machine": machine(), "database": args.database, "sizes": {}}
    sites, generated = {}, {}
    for size, url in _urls(args).items():
        app, objects, generated[size] = build(size, url, args.reuse)
        _watch_sql(app)
        sites[size] = (_clients(app), objects)
    figures = measure(sites, args.repeats, args.only, args.skip)
    results["load_average_after"] = os.getloadavg()
    for size in sites:
        results["sizes"][size] = {"generate_s": round(generated[size], 1), "pages": figures[size]}
    small, large = figures[args.small], figures[args.large]
    results["ratios"] = {
        name: {
            key: round(large[name][f"{key}_ms"] / max(small[name][f"{key}_ms"], 0.1), 2)
            for key in ("median", "p95", "first", "cpu_median", "sql_median")
        }
        for name in small
    }
    _report(results, args.small, args.large)
    suffix = (f"-{args.only.replace(' ', '_')}" if args.only else "") + (
        f"-without-{args.skip.replace(' ', '_')}" if args.skip else ""
    )
    name = f"scale-{args.database}-{args.small}-{args.large}-{date.today():%Y%m%d}{suffix}.json"
    out = ROOT / "bench" / "results" / name
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
