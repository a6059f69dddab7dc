"""Hostile input on every route: ids at and beyond the columns' range, dates at the calendar's
limits, repeated parameters, huge strings, NUL bytes and unicode oddities never answer 500.

Every rule of `app.url_map` is requested (GET, and POST with a valid CSRF token) by each role
that may open it. Query parameters are the names the code reads and the inputs of the page's
search forms; form fields are the inputs of the forms found on the pages, sent with the page's
own values and one field made hostile at a time (typed fields) or all of them at once (text).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from monitor.core.roles import ROLE_PERMISSIONS, Role
from tests.conftest import csrf_token, login
from tests.core.test_access import records  # noqa: F401  (shared fixture)

INT_LIMITS = ("0", "-1", str(2**31 - 1), str(2**31), str(2**63), str(10**20))
DATE_LIMITS = ("31.12.9999", "01.01.0001", "00.00.0000", "29.02.2027", "31.12.10000", "9999-12-31", "1.1.1", "2958465")
TEXTS = (
    "x" * 100_000,
    "a\x00b",
    "\u202e\ufeff\u0301\U0001f600\ufffe\U0010ffff",
    "%00%ff",
    "' OR 1=1 --",
    " ",
    "[]",
    "²",
    "sNaN",
    "١٢٣٤٥٦",
)  # digits to str.isdigit, not to int(); a number to Decimal, not to a comparison
# Names the code reads from request.args (monitor/*/routes.py), beside the search forms' inputs.
QUERY_NAMES = (
    "page",
    "area",
    "criterion",
    "sort",
    "before",
    "object_id",
    "object_type",
    "user",
    "action",
    "from",
    "to",
    "parent",
    "next",
    "section",
    "key",
    "part",
    "q",
    "status",
    "start",
    "end",
)
ROLES = {
    "worker": Role.SOCIAL_WORKER,
    "supervisor": Role.SUPERVISOR,
    "admin": Role.ADMINISTRATOR,
    "reports": Role.REPORTING_OFFICER,
    "anonymous": None,
}
# Routes that would end the signed-in fuzzing client's own session.
SIGN_OUT = {"auth.logout", "auth.login", "auth.verify", "auth.enrol"}


class Forms(HTMLParser):
    """The forms of a page: method, action, and the fields' names with their current values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                    "typed": {},
                }
            )
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name and name != "csrf_token":
            kind = attrs.get("type", "text")
            value = attrs.get("value", "")
            if kind in ("checkbox", "radio"):
                form["typed"].setdefault(name, _kind(value))
                if "checked" in attrs or name not in form["fields"]:
                    form["fields"][name] = value or "y"
            elif kind not in ("submit", "button", "file"):
                form["fields"][name] = value
                dated = attrs.get("placeholder") == "dd.mm.yyyy"
                form["typed"][name] = "date" if dated else ("int" if kind == "number" else _kind(value))
        elif tag == "select" and name:
            self._select = name
            form["fields"].setdefault(name, "")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs or not form["fields"].get(self._select):
                form["fields"][self._select] = value
            form["typed"].setdefault(self._select, _kind(value))
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""
            form["typed"][name] = "text"

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _kind(value: str) -> str:
    return "int" if value.lstrip("-").isdigit() else "text"


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def may_open(view, role: Role | None) -> bool:
    access = getattr(view, "access", None)
    if access == "public" or (role is not None and access == "authenticated"):
        return True
    return role is not None and access != "authenticated" and set(access) <= ROLE_PERMISSIONS[role]


def valid_path(rule, ids: dict) -> str:
    values = {name: ids.get(name, 1) for name in rule.arguments}
    values.update({name: "sectors" for name in rule.arguments if name == "kind"})
    return rule.rule if not rule.arguments else _fill(rule.rule, values)


def _fill(template: str, values: dict) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda match: str(values[match.group(1)]), template)


def hostile_paths(rule, ids: dict):
    for name in rule.arguments:
        if f"<int:{name}>" not in rule.rule:
            continue
        for limit in INT_LIMITS:
            yield _fill(rule.rule, {**{n: ids.get(n, 1) for n in rule.arguments}, "kind": "sectors", name: limit})


def query_variants(names: list[str]):
    for value in INT_LIMITS + DATE_LIMITS + TEXTS:
        yield [(name, value) for name in names]
    yield [(name, value) for name in names for value in (INT_LIMITS[3], DATE_LIMITS[0])]  # repeated


def form_variants(form: dict):
    fields = form["fields"]
    for name, kind in form["typed"].items():
        for value in {"int": INT_LIMITS, "date": DATE_LIMITS}.get(kind, ()):
            yield {**fields, name: value}
    for value in TEXTS + DATE_LIMITS[:1] + INT_LIMITS[3:4]:
        yield dict.fromkeys(fields, value)
    yield {name: [value, INT_LIMITS[4]] for name, value in fields.items()}  # every field repeated


class Fuzzer:
    def __init__(self, client, role_key, caplog):
        self.client, self.role_key, self.caplog = client, role_key, caplog
        self.failures: list[str] = []
        self.forms: dict[str, list[dict]] = {}
        self.requests = 0

    def check(self, method: str, url: str, **kwargs):
        seen = len(self.caplog.records)
        response = self.client.open(url, method=method, **kwargs)
        response.get_data()
        response.close()  # a streamed response keeps its request context pushed until closed
        self.requests += 1
        # The 400 of the last line of defence (monitor/core/errors.py) counts too: the input
        # should have been refused where it was read.
        reached = any(record.getMessage().startswith("input beyond") for record in self.caplog.records[seen:])
        if response.status_code >= 500 or reached:
            shown = {
                k: (str(v)[:40] if not isinstance(v, list) else [str(x)[:40] for x in v])
                for k, v in (kwargs.get("data") or {}).items()
                if k != "csrf_token"
            }
            self.failures.append(
                f"{self.role_key}: {method} {url[:160]} {shown} -> {response.status_code}"
                + (" (the value reached the database)" if reached else "")
            )
        return response

    def token(self) -> str:
        signed_in = self.role_key != "anonymous"
        return csrf_token(self.client.get("/account" if signed_in else "/login").get_data(as_text=True))

    def page(self, url: str) -> None:
        """GET the page with its own ids, keep its forms, then with hostile query parameters."""
        response = self.check("GET", url)
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        names = set(QUERY_NAMES)
        for form in forms_of(html):
            if form["method"] == "get":
                names |= set(form["fields"])
            else:
                action = urlsplit(form["action"]).path or urlsplit(url).path
                self.forms.setdefault(action, []).append(form)
        for query in query_variants(sorted(names)):
            self.check("GET", url, query_string=query)

    def post(self, url: str) -> None:
        token = self.token()
        forms = self.forms.get(urlsplit(url).path) or [{"fields": {"note": ""}, "typed": {}}]
        for form in forms:
            for data in form_variants(form):
                self.check("POST", url, data={**data, "csrf_token": token})


def _ids(users, places, records):
    return {
        "child_id": records["child"],
        "family_id": records["family"],
        "case_id": records["case"],
        "assessment_id": records["assessment"],
        "criterion_id": records["criterion"],
        "area_id": places["kara_suu"],
        "user_id": users["target"].id,
        "sitting_id": records["case"],
        "measure_id": records["case"],
        "referral_id": records["case"],
    }


@pytest.fixture
def fuzz_users(users, make_user):
    return {**users, "target": make_user("target", "social_worker", areas=["kara_suu"])}


@pytest.mark.slow
@pytest.mark.parametrize("role_key", sorted(ROLES))
def test_no_route_answers_500_to_hostile_input(app, fuzz_users, places, records, role_key, caplog):
    client = app.test_client()
    signed_in = role_key != "anonymous"
    if signed_in:
        assert login(client, fuzz_users[role_key].username).status_code == 302
    fuzzer = Fuzzer(client, role_key, caplog)
    ids = _ids(fuzz_users, places, records)
    rules = sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if not rule.endpoint.startswith(("static", "bootstrap."))
            and may_open(app.view_functions[rule.endpoint], ROLES[role_key])
        ),
        key=lambda r: r.rule,
    )
    for rule in rules:
        for url in hostile_paths(rule, ids):
            if "GET" in rule.methods:
                fuzzer.check("GET", url)
    for rule in rules:
        if "GET" in rule.methods:
            fuzzer.page(valid_path(rule, ids))
    for rule in rules:
        if "POST" in rule.methods and not (signed_in and rule.endpoint in SIGN_OUT):
            token = fuzzer.token()
            for url in hostile_paths(rule, ids):
                fuzzer.check("POST", url, data={"csrf_token": token})
            fuzzer.post(valid_path(rule, ids))
    assert fuzzer.requests > 100
    if signed_in:  # the pages were fuzzed as this role to the end, not as a signed-out visitor
        assert client.get("/account").status_code == 200
    assert not fuzzer.failures, f"{len(fuzzer.failures)} of {fuzzer.requests} requests failed:\n" + "\n".join(
        fuzzer.failures[:60]
    )
