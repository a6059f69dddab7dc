"""`flask check-case-state`: the stored state of every case against what its records give."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from monitor.cases import case_rules
from monitor.cases.stored import differences
from monitor.extensions import db

SHOWN = 20  # cases listed in full; the count covers them all


@click.command("check-case-state")
@with_appcontext
@click.option("--fix", is_flag=True, help="Write the values computed from the records where they differ.")
def check_case_state_command(fix: bool) -> None:
    """Recompute every case's stage, risk and deadlines from its records (in batches) and report
    the cases whose stored columns differ; with --fix, correct them. Exits 1 on a difference left."""
    found = differences(db.session.execute, case_rules(), current_app.config["REFERRAL_ANSWER_DAYS"], fix=fix)
    for case_id, columns in list(found.items())[:SHOWN]:
        shown = ", ".join(f"{name}: {stored!s} -> {computed!s}" for name, (stored, computed) in columns.items())
        click.echo(f"K-{case_id:06d}: {shown}")
    if fix:
        db.session.commit()
        click.echo(f"{len(found)} cases corrected.")
        return
    click.echo(f"{len(found)} cases differ from their records." if found else "Every case's stored state is current.")
    if found:
        raise SystemExit(1)
