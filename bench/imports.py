"""Import: a 20,000-row office list through the routes, preview (check) then commit, in rows per second.

    .venv/bin/python bench/imports.py [--rows 20000] [--database postgresql] [--format csv|xlsx]

A fresh database (SQLite file bench/results/imports.db, or the PostgreSQL database bench_imports on
127.0.0.1, never the test suite's) gets the areas and reference lists (`flask seed-demo --families 0`)
and a social worker of Kara-Suu district, who uploads a Windows-1251 CSV (or an .xlsx) of children in
Ak-Tash, keeps the suggested columns, waits for the check and commits. Times are from the upload to
the preview shown, and from the commit to the batch committed; both run as the app runs them (in a
thread beside the request). Prints the figures and writes them, with the machine, to bench/results/.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PASSWORD = "Tulpar-Kumush-2026-bench"
BOYS = [
    "Жоомарт",
    "Айбек",
    "Бектур",
    "Эрлан",
    "Тилек",
    "Мирлан",
    "Нурбек",
    "Азамат",
    "Бакыт",
    "Данияр",
    "Улан",
    "Нурлан",
    "Темирлан",
    "Адилет",
    "Санжар",
    "Элдияр",
    "Бекзат",
    "Медер",
    "Чынгыз",
    "Арстан",
    "Aibek",
    "Bakyt",
    "Nurbek",
    "Azamat",
    "Ulan",
]
GIRLS = [
    "Нурзада",
    "Динара",
    "Гулзат",
    "Асель",
    "Айпери",
    "Жылдыз",
    "Чолпон",
    "Бермет",
    "Мээрим",
    "Айжан",
    "Айгерим",
    "Нургуль",
    "Салтанат",
    "Элиза",
    "Каныкей",
    "Айсулуу",
    "Бегимай",
    "Толгонай",
    "Назира",
    "Алтынай",
    "Cholpon",
    "Aizada",
    "Nurzada",
    "Meerim",
    "Bermet",
]
ROOTS = [
    "Асан",
    "Мамат",
    "Токтогул",
    "Абдыкадыр",
    "Исак",
    "Жумабай",
    "Осмон",
    "Калык",
    "Бакир",
    "Эсен",
    "Усен",
    "Шаршен",
    "Насыр",
    "Орозбек",
    "Турдубай",
    "Курман",
    "Сатыбалды",
    "Юсуп",
    "Чыныбай",
    "Мамыт",
    "Алымбек",
    "Бейшен",
    "Дуйшон",
    "Жээнбек",
    "Кадыр",
    "Медет",
    "Мырзабек",
    "Садык",
    "Тагай",
    "Омурбек",
]
HEADERS = ["Фамилия", "Имя", "Дата рождения", "Пол", "Айыл аймак"]


def rows(count: int) -> list[list[str]]:
    """Children of many names (Cyrillic and Latin), birth dates of ages 5-17 in two date styles, both
    sexes: an office list with few true repeats."""
    out = []
    first = date(2009, 1, 1).toordinal()
    for n in range(count):
        born = date.fromordinal(first + n * 7 % 4745)
        text = born.strftime("%d.%m.%Y") if n % 3 else born.isoformat()
        boy = n % 2 == 1
        given = (BOYS if boy else GIRLS)[n // 2 % 25]
        surname = ROOTS[n // 50 % 30] + ("ов" if boy else "ова")
        out.append([surname, given, text, "М" if boy else "Ж", "Ак-Таш"])
    return out


def file_of(count: int, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
        sheet = workbook.add_worksheet("Дети")
        sheet.write_row(0, 0, ["Список детей, Ак-Таш"])  # the title row offices put above the headers
        sheet.write_row(1, 0, HEADERS)
        for i, row in enumerate(rows(count), start=2):
            sheet.write_row(i, 0, row)
        workbook.close()
        return buffer.getvalue(), "list.xlsx"
    text = "\n".join(";".join(r) for r in [HEADERS, *rows(count)]) + "\n"
    return text.encode("cp1251"), "list.csv"


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    if not match:
        raise SystemExit("no CSRF token on the page")
    return match.group(1)


def _wait(app, batch_id: int, statuses: tuple[str, ...], progress: str) -> object:
    from monitor.extensions import db
    from monitor.imports.models import ImportBatch

    while True:
        with app.app_context():
            batch = db.session.get(ImportBatch, batch_id)
            if batch.status in statuses:
                return batch
            done = f"{batch.checked_rows:,} of {batch.total_rows:,} rows" if batch.status == "checking" else "…"
            print(f"\r{progress}: {done}", end="", flush=True)
        time.sleep(0.5)


def build(url: str):
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from monitor import create_app
    from monitor.extensions import db

    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "HUEY_IMMEDIATE": True,  # the job runner in this process, at the request's commit
            "IMPORT_MAX_ROWS": 100_000,
            "IMPORT_MAX_BYTES": 50 * 1024 * 1024,
            "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        },
    )
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(ROOT / "migrations"))
        from monitor.admin.services import create_user
        from monitor.areas.models import Area
        from monitor.cli import seed_demo_command
        from monitor.core.roles import Role

        result = app.test_cli_runner().invoke(seed_demo_command, ["--families", "0"])
        if result.exit_code:
            raise SystemExit(result.output)
        district = db.session.scalar(select(Area).where(Area.name_en == "Kara-Suu district"))
        create_user("bench.importer", "Bench Importer", [Role.SOCIAL_WORKER], [district.id], "ru", PASSWORD, None)
        db.session.commit()
    return app


def run(app, data: bytes, filename: str) -> dict:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "bench.importer", "password": PASSWORD, "csrf_token": _token(page)})
    started = time.monotonic()
    token = _token(client.get("/imports").get_data(as_text=True))
    response = client.post(
        "/imports",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename), "area_id": "0", "location": "other"},
        content_type="multipart/form-data",
    )
    if response.status_code != 302:
        raise SystemExit(f"upload refused ({response.status_code})")
    url = response.headers["Location"]
    mapping = client.get(url).get_data(as_text=True)
    chosen = {}
    for name, body in re.findall(r'<select[^>]*name="(column-\d+)"[^>]*>(.*?)</select>', mapping, re.S):
        hit = re.search(r'<option value="([^"]*)" selected', body)
        chosen[name] = hit.group(1) if hit else ""
    client.post(url, data={**chosen, "save_as": "", "csrf_token": _token(mapping)})
    batch_id = int(url.split("/")[2])
    checked = _wait(app, batch_id, ("checked", "failed"), "checking")
    check_s = time.monotonic() - started
    if checked.status != "checked":
        raise SystemExit(f"\ncheck failed: {checked.error}")
    started = time.monotonic()
    preview = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    client.post(f"/imports/{batch_id}/commit", data={"csrf_token": _token(preview)})
    done = _wait(app, batch_id, ("committed", "failed", "checked"), "committing")
    commit_s = time.monotonic() - started
    if done.status != "committed":
        raise SystemExit(f"\ncommit failed: {done.error}")
    print()
    rows_total = checked.total_rows
    return {
        "rows": rows_total,
        "errors": checked.counts.get("errors", 0),
        "children": done.counts.get("children", 0),
        "skipped": done.counts.get("skipped", 0),
        "check_s": round(check_s, 1),
        "commit_s": round(commit_s, 1),
        "check_rows_per_s": round(rows_total / check_s),
        "commit_rows_per_s": round(rows_total / commit_s),
        "total_rows_per_s": round(rows_total / (check_s + commit_s)),
    }


def main() -> None:
    from scale import ensure_pg_database, machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+psycopg://root@127.0.0.1:5432/bench_imports")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    if args.database == "postgresql":
        ensure_pg_database(args.pg_url)
        url = args.pg_url
    else:
        path = ROOT / "bench" / "results" / "imports.db"
        for leftover in path.parent.glob("imports.db*"):
            leftover.unlink()
        url = f"sqlite:///{path}"
    app = build(url)
    data, filename = file_of(args.rows, args.format)
    figures = run(app, data, filename)
    result = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "database": args.database,
        "format": args.format,
        **figures,
    }
    print(
        f"{figures['rows']:,} rows ({args.format}, {args.database}): check {figures['check_s']} s "
        f"({figures['check_rows_per_s']:,} rows/s), commit {figures['commit_s']} s "
        f"({figures['commit_rows_per_s']:,} rows/s); {figures['children']:,} children created, "
        f"{figures['skipped']:,} skipped, {figures['errors']:,} rows with errors"
    )
    out = (
        ROOT
        / "bench"
        / "results"
        / f"imports-{args.database}-{args.format}-{figures['rows']}-{date.today():%Y%m%d}.json"
    )
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
