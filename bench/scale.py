"""Scale ratio: server time of the key pages at a large caseload divided by the same at a small one.

    .venv/bin/python bench/scale.py --small 5000 --large 500000 [--database postgresql]

Each size gets a fresh database (SQLite file bench/results/scale-<size>.db, or on PostgreSQL its own
database, --pg-small-url / --pg-large-url, by default bench_small and bench_large on 127.0.0.1, created
when missing and emptied first; never the test suite's database), `flask generate-data`, a social
worker and a supervisor of Kara-Suu district, then each page is requested through the app (the WSGI
stack, no network) and timed. --reuse keeps the databases of an earlier run (both databases).
Prints the figures and writes them, with the machine, to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "Tulpar-Kumush-2026-bench"
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/{name}"
PAGES = {
    "worker home (worklists)": ("worker", "/"),
    "child list, filtered": ("worker", "/children?status=hazardous&sex=F"),
    "child list of one ayil aimak, page 3": ("local", "/children?page=3"),
    "child page": ("worker", "/children/{child}"),
    "name search across scripts": ("worker", "/children?q=Nurzada"),
    "supervisor dashboard": ("supervisor", "/reports"),
}


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def build(size: int, url: str, reuse: bool = False):
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from monitor import create_app
    from monitor.extensions import db

    if url.startswith("postgresql"):
        ensure_pg_database(url)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "TWO_FACTOR_REQUIRED_ROLES": ()})
    with app.app_context():
        if url.startswith("postgresql") and not reuse:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(ROOT / "migrations"))
        started = time.monotonic()
        from monitor.registry.models import Child

        generated = 0.0
        if not (reuse and db.session.scalar(select(Child.id).limit(1))):
            from monitor.scale.cli import generate_data_command

            app.test_cli_runner().invoke(generate_data_command, ["--children", str(size), "--seed", "2026"])
            generated = time.monotonic() - started
        _bench_users()
        _caseload(url)
        child = _bench_child()
    return app, child, generated


CASELOAD = 40  # open cases of the benchmark's worker, at every size: a caseload does not grow with the register


def _caseload(url: str) -> None:
    """The worker's own caseload: the 40 most recent open cases of one ayil aimak (Ak-Tash). An office
    of a larger region has more workers, not workers with more cases: giving the worker all of
    Ak-Tash's open cases (30 at 5,000 children, 3,000 at 500,000) timed a caseload 100 times larger."""
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
        # generate-data analysed the tables; planning the worker's worklist with statistics taken
        # before the reassignment would time the benchmark's setup.
        db.session.execute(text("ANALYZE case_file"))
        db.session.commit()


def _bench_users() -> None:
    """A social worker and a supervisor of Kara-Suu district, and a worker of one ayil aimak (Ak-Tash)
    only, for the lists of a real worker's own area (each made once)."""
    from sqlalchemy import select

    from monitor.admin.services import create_user
    from monitor.areas.models import Area
    from monitor.auth.models import User
    from monitor.core.roles import Role
    from monitor.extensions import db

    district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
    ak_tash = db.session.scalar(select(Area).where(Area.name_en == "Ak-Tash"))
    for username, name, role, area in (
        ("bench.worker", "Bench Worker", Role.SOCIAL_WORKER, district),
        ("bench.supervisor", "Bench Supervisor", Role.SUPERVISOR, district),
        ("bench.local", "Bench Local Worker", Role.SOCIAL_WORKER, ak_tash),
    ):
        if not db.session.scalar(select(User.id).where(User.username == username)):
            create_user(username, name, [role], [area.id], "en", PASSWORD, None)
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


def _bench_child() -> int:
    from sqlalchemy import select

    from monitor.areas.models import Area
    from monitor.extensions import db
    from monitor.registry.models import Child

    district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
    return db.session.scalar(
        select(Child.id).where(Child.area_path.startswith(district.path)).order_by(Child.id.desc()).limit(1)
    )


def measure(app, child: int, repeats: int, only: str = "", skip: str = "") -> dict:
    import re

    clients = {}
    for role in ("worker", "supervisor", "local"):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", data={"username": f"bench.{role}", "password": PASSWORD, "csrf_token": token})
        clients[role] = client
    figures = {}
    for name, (role, path) in PAGES.items():
        if only not in name or (skip and skip in name):
            continue
        url = path.format(child=child)
        times = []
        first = 0.0
        for attempt in range(repeats + 2):
            started = time.perf_counter()
            response = clients[role].get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if attempt == 0:
                first = elapsed
            if attempt >= 2:  # two warm-up requests
                times.append(elapsed)
        times.sort()
        figures[name] = {
            "median_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * times[max(0, int(len(times) * 0.95) - 1)], 1),
            "first_ms": round(1000 * first, 1),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=500000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--reuse", action="store_true", help="keep the databases of an earlier run")
    parser.add_argument(
        "--pg-small-url",
        default=PG_DEFAULT.format(name="bench_small"),
        help="PostgreSQL database for the small size (created when missing; emptied unless --reuse)",
    )
    parser.add_argument(
        "--pg-large-url",
        default=PG_DEFAULT.format(name="bench_large"),
        help="PostgreSQL database for the large size (created when missing; emptied unless --reuse)",
    )
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    parser.add_argument("--skip", default="", help="do not measure the pages whose name contains this")
    args = parser.parse_args()
    results = {"date": date.today().isoformat(), "machine": machine(), "database": args.database, "sizes": {}}
    for size in (args.small, args.large):
        if args.database == "sqlite":
            path = ROOT / "bench" / "results" / f"scale-{size}.db"
            if not args.reuse:
                path.unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        else:
            url = args.pg_small_url if size == args.small else args.pg_large_url
        app, child, generated = build(size, url, args.reuse)
        figures = measure(app, child, args.repeats, args.only, args.skip)
        results["sizes"][size] = {"generate_s": round(generated, 1), "pages": figures}
        print(f"{size:,} children (generated in {generated:.0f} s)")
        for name, values in figures.items():
            print(
                f"  {name:38} median {values['median_ms']:8.1f} ms   p95 {values['p95_ms']:8.1f} ms   "
                f"first {values['first_ms']:8.1f} ms"
            )
    small, large = (results["sizes"][s]["pages"] for s in (args.small, args.large))
    results["ratios"] = {
        name: {
            "median": round(large[name]["median_ms"] / small[name]["median_ms"], 2),
            "p95": round(large[name]["p95_ms"] / small[name]["p95_ms"], 2),
        }
        for name in small
    }
    print(f"Ratio {args.large:,} / {args.small:,} (target: at most 1.5)")
    for name, ratio in results["ratios"].items():
        verdict = "ok" if max(ratio.values()) <= 1.5 else "OVER"
        print(f"  {name:38} median x{ratio['median']:.2f}   p95 x{ratio['p95']:.2f}   {verdict}")
    suffix = (f"-{args.only.replace(' ', '_')}" if args.only else "") + (
        f"-without-{args.skip.replace(' ', '_')}" if args.skip else ""
    )
    out = (
        ROOT
        / "bench"
        / "results"
        / f"scale-{args.database}-{args.small}-{args.large}-{date.today():%Y%m%d}{suffix}.json"
    )
    if args.reuse and out.exists():  # the generation times of the run that made the databases
        earlier = json.loads(out.read_text())
        for size, figures in results["sizes"].items():
            if not figures["generate_s"]:
                figures["generate_s"] = earlier.get("sizes", {}).get(str(size), {}).get("generate_s", 0.0)
    out.write_text(json.dumps(results, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
