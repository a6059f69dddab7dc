"""Each hostile file is refused within 5 s by a fresh process that stays under 300 MB.

The reader runs in a child process, as the upload does in a worker: its peak memory (VmHWM, which
includes the interpreter and its imports) and the time of the check are measured, not estimated.
The child's address space is capped, so a regression fails the test instead of the machine.
"""

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.imports import labels
from tests.conftest import login
from tests.imports import hostile
from tests.imports.conftest import batches, upload

SECONDS = 5.0
MEGABYTES = 300
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from monitor.imports.columns import field_for
from monitor.imports.reader import ImportRefused, read_table
data = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    table = read_table(data, sys.argv[2], known_headers=field_for)
    outcome = "accepted: %d rows of %d columns" % (len(table.rows), len(table.headers))
except ImportRefused as error:
    outcome = error.code
except MemoryError:
    outcome = "MemoryError"
elapsed = time.monotonic() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"outcome": outcome, "seconds": elapsed, "megabytes": peak / 1024}))
"""


def measure(path: Path, filename: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), filename],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("case", list(hostile.FILES))
def test_hostile_file_is_refused_quickly_in_little_memory(tmp_path, case):
    make, filename, code = hostile.FILES[case]
    path = tmp_path / filename
    path.write_bytes(make())
    result = measure(path, filename)
    assert result["outcome"] == code, result
    assert result["seconds"] < SECONDS, result
    assert result["megabytes"] < MEGABYTES, result


def test_a_file_just_within_the_limits_is_read_in_little_memory(tmp_path):
    """100,000 distinct shared strings (the limit) is still a workbook, read within the same bounds."""
    path = tmp_path / "list.xlsx"
    path.write_bytes(hostile.many_shared_strings_xlsx(100_000))
    result = measure(path, "list.xlsx")
    assert result["outcome"].startswith("accepted"), result
    assert result["seconds"] < SECONDS and result["megabytes"] < MEGABYTES, result


def _message_start(app, code: str) -> str:
    """The English refusal up to its first placeholder (enough to recognise it on the page)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return str(labels.REFUSALS[code]).split("%(")[0]


@pytest.mark.parametrize("case", list(hostile.FILES))
def test_the_upload_page_refuses_each_hostile_file_writing_nothing(app, worker, case):
    make, filename, code = hostile.FILES[case]
    response = upload(worker, make(), filename)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and _message_start(app, code) in page, case
    assert batches(app) == 0


@pytest.mark.parametrize(
    "language, message",
    [("ru", "В файле больше 49 столбцов"), ("ky", "Файлда 49 тилкеден ашык"), ("en", "more than 49 columns")],
)
def test_the_refusal_is_in_the_users_language(app, client, make_user, places, language, message):
    make_user("kyzy", "social_worker", areas=["kara_suu"], language=language)
    login(client, "kyzy")
    response = upload(client, hostile.wide_csv(), "list.csv")
    assert response.status_code == 200 and message in html.unescape(response.get_data(as_text=True))
    assert batches(app) == 0
