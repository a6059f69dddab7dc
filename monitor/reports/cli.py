"""`flask export-ilo`: the ILO reporting export from the command line (the same as the web page);
`flask purge-exports` for the exports prepared in the background."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from monitor.areas.cli import find_area
from monitor.core.dates import parse_date
from monitor.core.db import utcnow
from monitor.core.fields import DATE_ERRORS
from monitor.core.office import office_today, office_zone
from monitor.core.transaction import committed
from monitor.reports.export import export_ilo
from monitor.reports.exportfiles import export_dir
from monitor.reports.figures import Period
from monitor.reports.keys import pseudonym_key
from monitor.reports.labels import export_labels
from monitor.reports.prepared import purge_exports
from monitor.reports.tasks import STALE_PART_SECONDS


def _date(value: str, hint: str) -> date:
    """A date typed on the command line; two-digit years are read against the office's today."""
    try:
        return parse_date(value, office_today())
    except ValueError as error:
        raise click.BadParameter(f"{value!r}: {DATE_ERRORS.get(str(error), error)}", param_hint=hint) from error


@click.command("export-ilo")
@with_appcontext
@click.option("--from", "start", required=True, help="First day, dd.mm.yyyy")
@click.option("--to", "end", required=True, help="Last day, dd.mm.yyyy")
@click.option(
    "--area",
    "references",
    multiple=True,
    required=True,
    help="SOATE code or name (in any of the three languages); repeat for several",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="File to write: .xlsx for the workbook, .zip for the CSV files",
)
@click.option("--language", default="en", type=click.Choice(["en", "ru", "ky"]), help="Language of row labels")
@committed
def export_ilo_command(start, end, references, out, language):
    """Write the ILO reporting export (pseudonymised) for a period and areas; the export is audited."""
    with force_locale(language):  # the messages of a wrong date
        start, end = _date(start, "--from"), _date(end, "--to")
    if start > end:
        raise click.BadParameter("the start cannot be after the end", param_hint="--from")
    areas = [find_area(reference) for reference in references]
    fmt = "zip" if out.lower().endswith(".zip") else "xlsx"
    with current_app.test_request_context(), force_locale(language):
        rows = export_ilo(
            [a.path for a in areas],
            [a.name(language) for a in areas],
            Period(start, end, office_zone()),
            None,
            "command line",
            pseudonym_key(current_app),
            current_app.config["REPORT_SUPPRESS_BELOW"],
            export_labels(),
            out,
            fmt,
            office_today(),
            language,
        )
    click.echo(
        f"{out}: {rows} rows ({fmt}) for {', '.join(a.name('en') for a in areas)}, {start:%d.%m.%Y}-{end:%d.%m.%Y}."
    )


@click.command("purge-exports")
@with_appcontext
@committed
def purge_exports_command():
    """Delete the files of exports kept longer than EXPORT_KEEP_DAYS, and files left by dead jobs."""
    folder = export_dir(current_app.config, current_app.instance_path)
    count = purge_exports(utcnow(), folder, STALE_PART_SECONDS)
    click.echo(f"{count} exports deleted.")
