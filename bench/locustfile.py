"""Locust users of the load test (run through bench/load.py, which prepares the accounts and the plan).

Social workers (9 in 10) and supervisors (1 in 10) sign in once and then, every 5-10 s:
70 % view pages (home, child list with filters, child page, case page), 20 % save what a worker
saves (edit a child record, record a visit with its assessment, register a family with a child:
the real forms, fetched first for their CSRF token and current values, and posted back as a browser
does), 5 % search a name in Cyrillic or Latin letters, 5 % open the reports page (supervisors: the
reports page of a small area, then its ILO export).

Environment (set by bench/load.py):
  LOAD_PLAN      JSON file: password, accounts with the child and case ids of their areas
  LOAD_SAVES     JSON-lines file where every save that answered success is appended
  LOAD_REQUESTS  JSON-lines file of every request (name, kind, method, status, ms)
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8")) if os.environ.get("LOAD_PLAN") else {}
SAVES_PATH = os.environ.get("LOAD_SAVES", "load-saves.jsonl")
REQUESTS_PATH = os.environ.get("LOAD_REQUESTS", "load-requests.jsonl")
_LOCK = threading.Lock()
_COUNTER = itertools.count()
SEARCHES = [
    "Нурзада",
    "Nurzada",
    "Өмүрбек",
    "Omurbek",
    "Айгүл",
    "Aigul",
    "Токтосунов",
    "Toktosunov",
    "Шахноза",
    "Shakhnoza",
    "Юсупов",
    "Yusupov",
    "Нурзода",
    "Омурбек",
    "Жылдыз",
    "Zhyldyz",
]
NEW_NAMES = [
    ("Маматов", "Бакыт", "M"),
    ("Маматова", "Айпери", "F"),
    ("Rakhimov", "Sardor", "M"),
    ("Юсупова", "Мадина", "F"),
    ("Osmonov", "Emir", "M"),
    ("Садыкова", "Бегимай", "F"),
    ("Иванов", "Максим", "M"),
    ("Turdubaeva", "Meerim", "F"),
]
LIST_FILTERS = [
    "status=hazardous&sex=F",
    "band=12-14&needs_action=y",
    "sort=newest",
    "attendance=irregular",
    "status=below_minimum_age",
    "band=15-17&sex=M&sort=birth_date",
    "page=3",
    "needs_action=y&page=2",
]
STALE = "Someone else saved this record"


def _write(path: str, record: dict) -> None:
    line = json.dumps(record, ensure_ascii=False)
    with _LOCK, open(path, "a", encoding="utf-8") as handle:  # written at once: survives a crash of locust
        handle.write(line + "\n")


@events.request.add_listener
def _record_request(
    request_type, name, response_time, response_length, response=None, context=None, exception=None, **_kwargs
):
    status = getattr(response, "status_code", 0) if response is not None else 0
    _write(
        REQUESTS_PATH,
        {
            "t": round(time.time(), 3),
            "method": request_type,
            "name": name,
            "kind": (context or {}).get("kind", "page"),
            "status": status,
            "ms": round(response_time or 0, 1),
            "error": str(exception)[:200] if exception else None,
        },
    )


class FormParser(HTMLParser):
    """The forms of a page with the values a browser would post (checked boxes, selected options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
                "submits": {},
            }
            self.forms.append(self._form)
        if self._form is None or a.get("disabled") is not None:
            return
        name = a.get("name")
        if tag == "input" and name:
            self._input(name, a)
        elif tag == "button" and name:
            self._form["submits"][name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None, "multiple": "multiple" in a, "all": []}
        elif tag == "option" and self._select is not None:
            self._option(a)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def _input(self, name, a):
        kind = (a.get("type") or "text").lower()
        if kind in ("submit", "button", "image", "reset"):
            self._form["submits"][name] = a.get("value") or ""
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self._form["fields"].append([name, a.get("value") or "on"])
        elif kind != "file":
            self._form["fields"].append([name, a.get("value") or ""])

    def _option(self, a):
        value = a.get("value", "")
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in a:
            self._select["all"].append(value)
            self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            if s["multiple"]:
                self._form["fields"].extend([s["name"], v] for v in s["all"])
            else:
                chosen = s["chosen"] if s["chosen"] is not None else s["first"]
                if chosen is not None:
                    self._form["fields"].append([s["name"], chosen])
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form["fields"].append([name, text[1:] if text.startswith("\n") else text])
            self._textarea = None


def form_with(html: str, field: str) -> dict | None:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and any(name == field for name, _ in form["fields"]):
            return form
    return None


def options_of(html: str, select_name: str) -> list[str]:
    match = re.search(rf'<select[^>]*name="{re.escape(select_name)}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return []
    return [unescape(v) for v in re.findall(r'<option[^>]*value="([^"]*)"', match.group(1)) if v]


def set_field(form: dict, name: str, value) -> None:
    """Replace every value of `name` (a list value posts the name once per item)."""
    form["fields"] = [f for f in form["fields"] if f[0] != name]
    for item in value if isinstance(value, list) else [value]:
        form["fields"].append([name, str(item)])


def get_field(form: dict, name: str) -> str | None:
    return next((v for n, v in form["fields"] if n == name), None)


class MonitorUser(HttpUser):
    abstract = True
    wait_time = between(5, 10)
    role = "worker"

    def on_start(self):
        number = next(_COUNTER)
        accounts = PLAN["accounts"][self.role]
        self.account = accounts[number % len(accounts)]
        slot, slots = number // len(accounts), max(1, -(-PLAN["users"] // len(accounts)))
        children = self.account["children"]
        # Records this simulated user alone edits (its last save on each must be the stored value);
        # a few shared ones per account give real edit conflicts.
        self.own = children[slot::slots] or children
        self.shared = self.account["shared"]
        self.cases = self.account["cases"] or [0]
        self.tag = f"{self.account['username']}#{slot}"
        self.login()

    # ---- helpers -------------------------------------------------------------------------------
    def unsecure_cookies(self) -> None:
        """Production cookies are Secure (the app sits behind TLS); this benchmark talks plain HTTP to
        127.0.0.1, so the client keeps sending them over http, as a browser does over https."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, url: str, name: str, kind: str = "page", **kwargs):
        with self.client.get(
            url, name=name, context={"kind": kind}, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.unsecure_cookies()
        return response

    def post(self, url: str, form: dict, name: str, submit: str | None = "submit", kind: str = "save"):
        data = [tuple(f) for f in form["fields"]]
        if submit and submit in form["submits"]:
            data.append((submit, form["submits"][submit]))
        with self.client.post(
            url, data=data, name=name, context={"kind": kind}, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code in (200, 302, 303):
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.unsecure_cookies()
        return response

    def saved(self, kind: str, **record) -> None:
        _write(SAVES_PATH, {"kind": kind, "user": self.tag, "t": round(time.time(), 3), **record})

    def login(self):
        page = self.get("/login", "login form")
        form = form_with(page.text, "username")
        set_field(form, "username", self.account["username"])
        set_field(form, "password", PLAN["password"])
        response = self.post("/login", form, "login", kind="login")
        if response.status_code != 302 or urlsplit(response.headers.get("Location", "")).path not in ("/", ""):
            raise RuntimeError(f"{self.account['username']} could not sign in: {response.status_code}")

    # ---- views (70 %) --------------------------------------------------------------------------
    @task(15)
    def home(self):
        self.get("/", "home")

    @task(20)
    def child_list(self):
        area = random.choice(self.account["list_areas"])
        query = random.choice(LIST_FILTERS)
        self.get(f"/children?{query}" + (f"&area={area}" if random.random() < 0.5 else ""), "child list (filtered)")

    @task(20)
    def child_page(self):
        self.get(f"/children/{random.choice(self.account['children'])}", "child page")

    @task(15)
    def case_page(self):
        self.get(f"/cases/{random.choice(self.cases)}", "case page")

    # ---- saves (20 %) --------------------------------------------------------------------------
    @task(8)
    def edit_child(self):
        shared = random.random() < 0.15
        child = random.choice(self.shared if shared else self.own)
        page = self.get(f"/children/{child}/edit", "child edit form")
        form = form_with(page.text, "version") if page.status_code == 200 else None
        if form is None:
            return
        value = f"load {uuid.uuid4().hex[:12]}"
        set_field(form, "notes", value)
        if shared:  # the form stays open while the worker types: others may save the record meanwhile
            time.sleep(random.uniform(2, 4))  # gevent's sleep under locust: other users go on
        response = self.post(f"/children/{child}/edit", form, "save: edit child")
        if response.status_code == 302 and f"/children/{child}" in response.headers.get("Location", ""):
            self.saved(
                "child_edit", child_id=child, value=value, shared=shared, version=int(get_field(form, "version") or -1)
            )
            self.get(f"/children/{child}", "child page")
        elif STALE in response.text:
            self.saved_conflict("child_edit", child)
        else:
            self.rejected("child_edit", response)

    @task(8)
    def record_visit(self):
        child = random.choice(self.own)
        page = self.get(f"/children/{child}/assess", "visit form")
        form = form_with(page.text, "visit_date") if page.status_code == 200 else None
        if form is None:
            return
        value = f"load {uuid.uuid4().hex[:12]}"
        sectors = [v for v in options_of(page.text, "activities-0-sector") if v != "0"]  # 0: no work
        if sectors and random.random() < 0.7:
            set_field(form, "activities-0-sector", random.choice(sectors))
            set_field(form, "activities-0-hours_last_7_days", random.choice(["4", "12", "18", "30"]))
            set_field(form, "activities-0-days_per_week", random.choice(["2", "4", "6"]))
        else:
            set_field(form, "activities-0-sector", "0")
        set_field(form, "location", random.choice(options_of(page.text, "location") or ["home"]))
        set_field(form, "notes", value)
        response = self.post(f"/children/{child}/assess", form, "save: record visit")
        match = re.search(r"/assessments/(\d+)", response.headers.get("Location", ""))
        if response.status_code == 302 and match:
            self.saved("visit", child_id=child, assessment_id=int(match.group(1)), value=value)
            self.get(f"/assessments/{match.group(1)}", "assessment page")
        else:
            self.rejected("visit", response)

    @task(4)
    def register_family(self):
        page = self.get("/families/new", "registration form")
        form = form_with(page.text, "street") if page.status_code == 200 else None
        if form is None:
            return
        areas = options_of(page.text, "area_id")
        surname, given, sex = random.choice(NEW_NAMES)
        born = date.today() - timedelta(days=random.randint(6 * 365, 16 * 365))
        value = f"Load street {uuid.uuid4().hex[:10]}"
        set_field(form, "area_id", random.choice(areas))
        set_field(form, "street", value)
        set_field(form, "house", str(random.randint(1, 200)))
        set_field(form, "phone", f"0555{random.randint(100000, 999999)}")
        set_field(form, "children-0-surname", surname)
        set_field(form, "children-0-given_name", given)
        set_field(form, "children-0-sex", sex)
        set_field(form, "children-0-birth_date", born.strftime("%d.%m.%Y"))
        response = self.post("/families/new", form, "save: register family")
        if response.status_code == 200 and "confirm_distinct" in response.text:
            # Possible duplicates shown: the worker checks them and confirms a different child.
            again = form_with(response.text, "street") or form
            set_field(again, "children-0-confirm_distinct", "y")
            response = self.post("/families/new", again, "save: register family (confirmed)")
        match = re.search(r"/families/(\d+)", response.headers.get("Location", ""))
        if response.status_code == 302 and match:
            self.saved("family", family_id=int(match.group(1)), value=value, surname=surname, given_name=given)
            self.get(f"/families/{match.group(1)}", "family page")
        else:
            self.rejected("family", response)

    def saved_conflict(self, kind: str, record_id: int) -> None:
        _write(
            SAVES_PATH, {"kind": kind, "conflict": True, "user": self.tag, "id": record_id, "t": round(time.time(), 3)}
        )

    def rejected(self, kind: str, response) -> None:
        errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', response.text or "")
        _write(
            SAVES_PATH,
            {
                "kind": kind,
                "rejected": True,
                "status": response.status_code,
                "user": self.tag,
                "errors": [e.strip() for e in errors][:5],
                "t": round(time.time(), 3),
            },
        )

    # ---- searches (5 %) ------------------------------------------------------------------------
    @task(5)
    def search(self):
        self.get(f"/children?q={random.choice(SEARCHES)}", "name search")

    # ---- exports and dashboards (5 %) ----------------------------------------------------------
    @task(5)
    def reports(self):
        self.get("/reports", "reports (own areas)", kind="report")


class SocialWorker(MonitorUser):
    weight = 9
    role = "worker"


class Supervisor(MonitorUser):
    weight = 1
    role = "supervisor"

    @task(5)
    def reports(self):
        area = PLAN["report_area"]
        page = self.get(f"/reports?area={area}", "reports (small area)", kind="report")
        parser = FormParser()
        parser.feed(page.text or "")
        form = next((f for f in parser.forms if f["action"].endswith("/reports/export")), None)
        if page.status_code != 200 or form is None:
            return
        fmt = random.choice(["zip", "xlsx"])
        data = [tuple(f) for f in form["fields"]] + [("format", fmt)]
        with self.client.post(
            "/reports/export",
            data=data,
            name=f"export {fmt} (small area)",
            context={"kind": "export"},
            catch_response=True,
        ) as response:
            if response.status_code == 200 and len(response.content) > 100:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.unsecure_cookies()
