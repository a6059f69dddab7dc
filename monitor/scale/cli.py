"""`flask generate-data`: a synthetic caseload at region scale (for benchmarks and load tests)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import text

from monitor.areas.seed import seed_areas
from monitor.assessments.seed import seed_reference
from monitor.core.office import office_today
from monitor.extensions import db
from monitor.registry.seed import seed_criteria
from monitor.scale.generate import generate


@click.command("generate-data")
@with_appcontext
@click.option("--children", type=click.IntRange(1, 2_000_000), required=True, help="How many children to add")
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same data (for a given day)")
def generate_data_command(children: int, seed: int):
    """Add a realistic synthetic caseload (families, children, visits, cases, referrals) with bulk inserts."""
    seed_areas()
    seed_criteria()
    seed_reference()
    db.session.commit()
    started = time.monotonic()

    def progress(done: int) -> None:
        rate = done / max(time.monotonic() - started, 0.001)
        click.echo(f"\r{done:,} of {children:,} children ({rate:,.0f}/s)", nl=False)

    counts = generate(children, seed, office_today(), progress)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Fresh planner statistics after a bulk load: without them PostgreSQL plans for near-empty
        # tables (nested loops and sorts over whole scopes) until autovacuum gets round to it, if ever.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    click.echo(
        f"\nAdded {counts['children']:,} children in {counts['families']:,} families, "
        f"{counts['assessments']:,} assessments, {counts['cases']:,} cases ({counts['closed']:,} closed), "
        f"{counts['referrals']:,} referrals, {counts['plans']:,} plans, {counts['restricted']:,} restricted records, "
        f"{counts['audit']:,} audit rows in {time.monotonic() - started:.0f} s."
    )
