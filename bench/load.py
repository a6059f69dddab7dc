"""Load test: Locust (headless) against gunicorn on a database of 500,000 children.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py --database sqlite                 # 50 users, 3 minutes
    .venv/bin/python bench/load.py --database postgresql             # 200 users, 3 minutes

The database is the one bench/scale.py leaves: bench/results/scale-500000.db (SQLite; `--generate`
makes it with `flask generate-data` when missing) or the PostgreSQL database bench_large. The runner
adds the bench accounts (a social worker per ayil aimak of Kara-Suu district, two supervisors of the
district), writes the plan the Locust users follow (bench/locustfile.py), starts gunicorn on
127.0.0.1 with the production configuration, runs Locust, stops gunicorn, then checks that every
save that answered success is in the database (lost writes), counts server errors (5xx) and conflicts,
and writes bench/results/load-<database>-<users>-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess  # nosec B404: runs gunicorn, flask and locust of this virtualenv
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scale import ensure_pg_database, machine  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "Tulpar-Kumush-2026-load"
RESULTS = ROOT / "bench" / "results"
DEFAULTS = {
    "sqlite": ("sqlite:///" + str(RESULTS / "scale-500000.db"), 50),
    "postgresql": ("postgresql+psycopg://root@127.0.0.1:5432/bench_large", 200),
}


def environment(url: str, secret: str) -> dict:
    """The gunicorn process's environment: production settings through variables."""
    env = dict(os.environ)
    env.update(
        {
            "MONITOR_ENV": "production",
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "PSEUDONYM_KEY": "load-test-pseudonym-key-" + "0" * 16,
            # Supervisors must use TOTP in production; simulated users have no phone, so the benchmark's
            # gunicorn requires no second factor (sign-in then costs the same argon2 check for everyone).
            "TWO_FACTOR_REQUIRED_ROLES": "",
            "BABEL_DEFAULT_LOCALE": "en",
        }
    )
    return env


def generate(url: str, children: int, env: dict) -> float:
    started = time.monotonic()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True)  # nosec B603
    subprocess.run(
        flask + ["generate-data", "--children", str(children), "--seed", "2026"], cwd=ROOT, env=env, check=True
    )  # nosec B603
    return time.monotonic() - started


def prepare(users: int, out: Path) -> dict:
    """Bench accounts (created when missing) and the plan the Locust users follow."""
    from sqlalchemy import func, select

    from monitor import create_app
    from monitor.admin.services import create_user, find_user
    from monitor.areas.models import Area
    from monitor.audit.models import AuditEvent
    from monitor.cases.models import Case
    from monitor.extensions import db
    from monitor.registry.models import Child

    app = create_app("production")
    rng = random.Random(2026)
    with app.app_context():
        children_total = db.session.scalar(select(func.count(Child.id)))
        district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
        town = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu town"))
        aimaks = list(
            db.session.scalars(
                select(Area).where(Area.parent_id == district.id, Area.kind == "ayil_aimak").order_by(Area.id)
            )
        )
        from monitor.core.roles import Role

        def account(username, name, role, area):
            if find_user(username) is None:
                create_user(username, name, [role], [area.id], "en", PASSWORD, None)
                db.session.commit()
            editable = list(
                db.session.scalars(
                    select(Child.id).where(
                        Child.area_path.startswith(area.path),
                        Child.merged_into_id.is_(None),
                        Child.restricted.is_(False),
                        Child.erased_at.is_(None),
                    )
                )
            )
            rng.shuffle(editable)
            editable = editable[:4000]
            cases = list(
                db.session.scalars(
                    select(Case.id).where(Case.area_path.startswith(area.path), Case.archived_at.is_(None))
                )
            )
            rng.shuffle(cases)
            below = list(db.session.scalars(select(Area.id).where(Area.path.startswith(area.path))))
            return {
                "username": username,
                "area": area.id,
                "shared": editable[:2],
                "children": editable[2:],
                "cases": cases[:2000],
                "list_areas": below,
            }

        plan = {
            "password": PASSWORD,
            "users": users,
            "report_area": town.id,
            "children_total": children_total,
            "accounts": {
                "worker": [
                    account(f"load.worker.{a.id}", f"Load Worker {a.name_en}", Role.SOCIAL_WORKER, a) for a in aimaks
                ],
                "supervisor": [
                    account(f"load.supervisor{n}", f"Load Supervisor {n}", Role.SUPERVISOR, district) for n in (1, 2)
                ],
            },
        }
        plan["marks"] = {"audit_event": db.session.scalar(select(func.max(AuditEvent.id))) or 0}
    out.write_text(json.dumps(plan, ensure_ascii=False))
    return plan


def cpu_seconds() -> dict:
    """CPU seconds used so far by each process session (gunicorn, locust) and by PostgreSQL, and the
    machine's busy and total time (from /proc: where the two cores went during the run)."""
    tick = os.sysconf("SC_CLK_TCK")
    sessions, postgres = Counter(), 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        used = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        sessions[int(fields[3])] += used  # session id
        if comm.startswith("postgres"):
            postgres += used
    cpu = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = cpu[3] + cpu[4]
    return {"sessions": sessions, "postgres": postgres, "busy": (sum(cpu) - idle) / tick, "total": sum(cpu) / tick}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, threads: int, logs: Path) -> subprocess.Popen:
    # Keep-alive longer than a user's pause (as a proxy in front would keep it): with gunicorn's 2 s a
    # request sent on a connection the server is closing at that moment fails as a connection error.
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "75",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        "--access-logfile",
        str(logs / "access.log"),
        "--access-logformat",
        '%(t)s "%(r)s" %(s)s %(b)s %(M)sms',
        "--error-logfile",
        str(logs / "gunicorn.log"),
        "--capture-output",
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # nosec B603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:  # nosec B310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
        if process.poll() is not None:
            break
    process.terminate()
    raise SystemExit(f"gunicorn did not start: see {logs / 'gunicorn.log'}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def verify(saves: list[dict], marks: dict) -> dict:
    """Every save that answered success must be in the database."""
    from sqlalchemy import select

    from monitor import create_app
    from monitor.assessments.models import Assessment
    from monitor.audit.models import AuditEvent
    from monitor.extensions import db
    from monitor.registry.models import Child, Family

    app = create_app("production")
    lost, checked = [], Counter()
    with app.app_context():
        audited = defaultdict(set)  # child id -> every notes value a committed edit wrote
        for object_id, details in db.session.execute(
            select(AuditEvent.object_id, AuditEvent.details).where(
                AuditEvent.action == "child_changed", AuditEvent.id > marks["audit_event"]
            )
        ):
            change = (details or {}).get("changes", {}).get("notes")
            if change:
                audited[object_id].add(change[1])
        edits = [s for s in saves if s["kind"] == "child_edit" and not s.get("conflict") and not s.get("rejected")]
        current = (
            {
                row.id: row.notes
                for row in db.session.execute(
                    select(Child.id, Child.notes).where(Child.id.in_({s["child_id"] for s in edits}))
                )
            }
            if edits
            else {}
        )
        last_own = {}
        for save in sorted(edits, key=lambda s: s["t"]):
            checked["child_edit"] += 1
            if save["value"] not in audited[save["child_id"]] and current.get(save["child_id"]) != save["value"]:
                lost.append(save | {"why": "edit not in the database"})
            if not save["shared"]:
                last_own[save["child_id"]] = save
        for child_id, save in last_own.items():  # only this user edits it: its last value must be stored
            if current.get(child_id) != save["value"]:
                lost.append(
                    save | {"why": "last edit of the record overwritten or missing", "stored": current.get(child_id)}
                )
        visits = [s for s in saves if s["kind"] == "visit" and "assessment_id" in s]
        stored = (
            {
                row.id: row
                for row in db.session.execute(
                    select(Assessment.id, Assessment.child_id, Assessment.notes).where(
                        Assessment.id.in_([s["assessment_id"] for s in visits])
                    )
                )
            }
            if visits
            else {}
        )
        for save in visits:
            checked["visit"] += 1
            row = stored.get(save["assessment_id"])
            if row is None or row.child_id != save["child_id"] or row.notes != save["value"]:
                lost.append(save | {"why": "visit not in the database"})
        families = [s for s in saves if s["kind"] == "family" and "family_id" in s]
        found = (
            {
                row.id: row
                for row in db.session.execute(
                    select(Family.id, Family.street).where(Family.id.in_([s["family_id"] for s in families]))
                )
            }
            if families
            else {}
        )
        named = (
            {
                (row.family_id, row.surname, row.given_name)
                for row in db.session.execute(
                    select(Child.family_id, Child.surname, Child.given_name).where(
                        Child.family_id.in_([s["family_id"] for s in families])
                    )
                )
            }
            if families
            else set()
        )
        for save in families:
            checked["family"] += 1
            row = found.get(save["family_id"])
            if (
                row is None
                or row.street != save["value"]
                or (save["family_id"], save["surname"], save["given_name"]) not in named
            ):
                lost.append(save | {"why": "family or its child not in the database"})
    return {"checked": dict(checked), "lost": lost}


def code_state() -> dict:
    """The commit and the files changed in the working tree (the server ran this code)."""

    def git(*args):
        try:
            return subprocess.run(
                ["git", *args],
                cwd=ROOT,
                capture_output=True,
                text=True,  # nosec B603 B607
                check=False,
            ).stdout.strip()
        except OSError:
            return ""

    return {"commit": git("rev-parse", "HEAD"), "modified": git("status", "--short").splitlines()}


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))], 1)


def windows(requests: list[dict], width: int = 20) -> list[dict]:
    """Requests per second and page/save times in successive windows of the run (ramp-up, then steady)."""
    if not requests:
        return []
    start, rows = min(r["t"] for r in requests), []
    end = max(r["t"] for r in requests)
    for offset in range(0, int(end - start) + 1, width):
        part = [r for r in requests if offset <= r["t"] - start < offset + width]
        rows.append(
            {
                "from_s": offset,
                "requests_per_s": round(len(part) / width, 1),
                "logins": sum(1 for r in part if r["kind"] == "login"),
                "page_p50_ms": percentile([r["ms"] for r in part if r["kind"] == "page"], 50),
                "page_p95_ms": percentile([r["ms"] for r in part if r["kind"] == "page"], 95),
                "save_p95_ms": percentile([r["ms"] for r in part if r["kind"] == "save"], 95),
            }
        )
    return rows


def summarise(requests: list[dict]) -> dict:
    by_name = defaultdict(list)
    for r in requests:
        by_name[(r["method"], r["name"], r["kind"])].append(r)
    table = {}
    for (method, name, kind), rows in sorted(by_name.items(), key=lambda item: -len(item[1])):
        times = [r["ms"] for r in rows]
        table[f"{method} {name}"] = {
            "kind": kind,
            "count": len(rows),
            "median_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "max_ms": max(times),
            "statuses": dict(Counter(str(r["status"]) for r in rows)),
        }
    return table


def run(args, url: str, users: int, env: dict, work: Path):
    """Prepare the database and the accounts, start gunicorn, run Locust, stop gunicorn."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.connect() as connection:
        has_children = inspect(connection).has_table("child") and connection.scalar(text("SELECT count(*) FROM child"))
    engine.dispose()
    if not has_children and args.generate:
        generated = generate(url, args.generate, env)
        print(f"Generated {args.generate:,} children in {generated:.0f} s")
    plan = prepare(users, work / "plan.json")
    if plan["children_total"] < args.min_children:
        raise SystemExit(
            f"The database has {plan['children_total']:,} children, fewer than --min-children "
            f"{args.min_children:,}: run bench/scale.py first, or --generate 500000 on an empty one"
        )
    print(
        f"{plan['children_total']:,} children; {len(plan['accounts']['worker'])} worker and "
        f"{len(plan['accounts']['supervisor'])} supervisor accounts"
    )
    port = free_port()
    server = start_gunicorn(env, port, args.workers, args.threads, work)
    load_before = os.getloadavg()
    locust_env = dict(
        env,
        LOAD_PLAN=str(work / "plan.json"),
        LOAD_SAVES=str(work / "saves.jsonl"),
        LOAD_REQUESTS=str(work / "requests.jsonl"),
    )
    started = time.monotonic()
    before = cpu_seconds()
    try:
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.time,
                "--stop-timeout",
                "60",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            start_new_session=True,
        )  # nosec B603
        while locust.poll() is None:
            after = cpu_seconds()  # the last sample before locust's process is gone
            time.sleep(1)
    finally:
        load_after = os.getloadavg()
        stop(server)
    wall = time.monotonic() - started
    cores = os.cpu_count() or 1
    used = {
        name: round(after["sessions"][sid] - before["sessions"][sid], 1)
        for name, sid in (("gunicorn", server.pid), ("locust", locust.pid))
    }
    used["postgresql (all databases)"] = round(after["postgres"] - before["postgres"], 1)
    busy = after["busy"] - before["busy"]
    used["machine busy"] = round(busy, 1)
    used["others"] = round(busy - sum(v for k, v in used.items() if k != "machine busy"), 1)
    used["machine busy %"] = round(100 * busy / max(after["total"] - before["total"], 0.001), 1)
    plan["cpu_seconds"] = used | {"cores": cores, "wall_seconds": round(wall)}
    return plan, load_before, load_after, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help="database URL (default: the 500,000-children database of bench/scale.py)")
    parser.add_argument("--users", type=int, help="simulated users (default 50 on SQLite, 200 on PostgreSQL)")
    parser.add_argument("--spawn-rate", type=float, help="users started per second (default: all within 40 s)")
    parser.add_argument("--time", default="3m", help="duration (Locust syntax: 30s, 3m)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="N",
        help="when the database has no children, generate N first (flask generate-data)",
    )
    parser.add_argument("--min-children", type=int, default=500000, help="refuse a smaller database")
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="no new run: check and summarise the records of the last run with these options",
    )
    args = parser.parse_args()
    url, default_users = DEFAULTS[args.database]
    url = args.url or url
    users = args.users or default_users
    args.spawn_rate = args.spawn_rate or round(users / 40, 2)
    if url.startswith("postgresql"):
        ensure_pg_database(url)
    stamp = f"{date.today():%Y%m%d}"
    name = f"load-{args.database}-{users}-{stamp}"
    work = RESULTS / f"{name}.tmp"  # logs and raw records of this run (not committed)
    work.mkdir(parents=True, exist_ok=True)
    if not args.check_only:
        for old in work.iterdir():
            old.unlink()
    secret = secrets.token_hex(32)
    env = environment(url, secret)
    os.environ.update(
        {k: env[k] for k in ("MONITOR_ENV", "DATABASE_URL", "SECRET_KEY", "PSEUDONYM_KEY", "TWO_FACTOR_REQUIRED_ROLES")}
    )
    code = code_state()
    if args.check_only:
        plan = json.loads((work / "plan.json").read_text(encoding="utf-8"))
        load_before = load_after = os.getloadavg()
        duration = 0.0
    else:
        plan, load_before, load_after, duration = run(args, url, users, env, work)
    requests = read_jsonl(work / "requests.jsonl")
    saves = read_jsonl(work / "saves.jsonl")
    result = verify(saves, plan["marks"])
    statuses = Counter(r["status"] for r in requests)
    log = (work / "gunicorn.log").read_text(errors="replace") if (work / "gunicorn.log").exists() else ""
    pages = [r["ms"] for r in requests if r["kind"] == "page"]
    reports = [r["ms"] for r in requests if r["kind"] in ("report", "export")]
    save_times = [r["ms"] for r in requests if r["kind"] == "save"]
    successes = [s for s in saves if not s.get("conflict") and not s.get("rejected")]
    # Steady state: from 20 s after the last user signed in (the queue of the ramp-up has drained).
    last_login = max((r["t"] for r in requests if r["kind"] == "login"), default=0)
    steady = [r for r in requests if r["t"] >= last_login + 20]
    summary = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "database": args.database,
        "children": plan["children_total"],
        "users": users,
        "spawn_rate": args.spawn_rate,
        "duration": args.time,
        "wall_seconds": round(duration),
        "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
        "code": code,
        "cpu_seconds": plan.get("cpu_seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "requests": len(requests),
        "failures_by_status": {str(k): v for k, v in sorted(statuses.items()) if k == 0 or k >= 400},
        "server_errors": sum(v for k, v in statuses.items() if k >= 500),
        "connection_errors": statuses.get(0, 0),
        "tracebacks_in_log": log.count("Traceback (most recent call last)"),
        "saves_succeeded": len(successes),
        "saves_by_kind": dict(Counter(s["kind"] for s in successes)),
        "conflicts": sum(1 for s in saves if s.get("conflict")),
        "saves_rejected": sum(1 for s in saves if s.get("rejected")),
        "saves_checked": result["checked"],
        "lost_writes": len(result["lost"]),
        "page_ms": {"p50": percentile(pages, 50), "p95": percentile(pages, 95), "count": len(pages)},
        "page_ms_with_reports": {"p50": percentile(pages + reports, 50), "p95": percentile(pages + reports, 95)},
        "reports_exports_ms": {"p50": percentile(reports, 50), "p95": percentile(reports, 95), "count": len(reports)},
        "save_ms": {"p50": percentile(save_times, 50), "p95": percentile(save_times, 95), "count": len(save_times)},
        "steady_state": {
            "seconds": round(max((r["t"] for r in steady), default=0) - last_login - 20) if steady else 0,
            "requests_per_s": round(
                len(steady) / max(1, max((r["t"] for r in steady), default=0) - last_login - 20), 1
            ),
            "page_p50_ms": percentile([r["ms"] for r in steady if r["kind"] == "page"], 50),
            "page_p95_ms": percentile([r["ms"] for r in steady if r["kind"] == "page"], 95),
            "save_p95_ms": percentile([r["ms"] for r in steady if r["kind"] == "save"], 95),
        },
        "windows_20s": windows(requests),
        "by_request": summarise(requests),
        "lost": result["lost"][:50],
        "rejected_examples": [s for s in saves if s.get("rejected")][:10],
        "logs": str(work.relative_to(ROOT)),
    }
    out = RESULTS / f"{name}.json"
    if args.check_only and out.exists():  # what only the run itself measured is kept
        earlier = json.loads(out.read_text(encoding="utf-8"))
        for key in ("cpu_seconds", "load_average_before", "load_average_after", "wall_seconds", "code"):
            summary[key] = earlier.get(key, summary[key])
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(
        f"\n{args.database}: {users} users for {args.time} on {plan['children_total']:,} children "
        f"(gunicorn {args.workers} x {args.threads} threads)"
    )
    print(
        f"  requests {summary['requests']:,}; server errors {summary['server_errors']}; "
        f"connection errors {summary['connection_errors']}; failures by status {summary['failures_by_status']}"
    )
    print(
        f"  saves succeeded {summary['saves_succeeded']} {summary['saves_by_kind']}; conflicts "
        f"{summary['conflicts']}; rejected {summary['saves_rejected']}; lost writes {summary['lost_writes']}"
    )
    print(
        f"  pages p50 {summary['page_ms']['p50']} ms, p95 {summary['page_ms']['p95']} ms "
        f"(with reports/exports p95 {summary['page_ms_with_reports']['p95']} ms); "
        f"saves p95 {summary['save_ms']['p95']} ms; reports/exports p95 {summary['reports_exports_ms']['p95']} ms"
    )
    st = summary["steady_state"]
    print(
        f"  steady state (from 20 s after the last sign-in, {st['seconds']} s): {st['requests_per_s']} requests/s, "
        f"pages p50 {st['page_p50_ms']} ms, p95 {st['page_p95_ms']} ms; saves p95 {st['save_p95_ms']} ms"
    )
    print(
        f"  load average before {summary['load_average_before']}, after {summary['load_average_after']}; "
        f"CPU seconds {summary['cpu_seconds']}"
    )
    for key, row in summary["by_request"].items():
        print(
            f"    {key:48} n={row['count']:5}  median {row['median_ms']:8.1f}  p95 {row['p95_ms']:8.1f}  "
            f"max {row['max_ms']:8.1f}  {row['statuses']}"
        )
    print(f"Written to {out.relative_to(ROOT)} (logs in {summary['logs']})")


if __name__ == "__main__":
    main()
