"""`flask classify` (JSON lines in, JSON lines out) and `flask reclassify-report` (what would change)."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from monitor.assessments.models import Assessment, ThresholdSet
from monitor.assessments.threshold_versions import as_thresholds, version_on
from monitor.extensions import db
from monitor.risk.engine import assessment_from_dict, classify, result_to_dict
from monitor.risk.model import Assessment as RulesInput
from monitor.risk.model import WorkActivity


@click.command("classify")
@with_appcontext
def classify_command():
    """Classify assessments read as JSON lines on standard input; one JSON line out per line in.

    A line that cannot be read gives {"line": n, "error": "..."} and the others go on.
    """
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            facts = assessment_from_dict(json.loads(line))
        except (ValueError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            click.echo(json.dumps({"line": number, "error": str(error)}, ensure_ascii=False))
            continue
        _row, thresholds = version_on(facts.visit_date)
        click.echo(json.dumps({"line": number, **result_to_dict(classify(facts, thresholds))}, ensure_ascii=False))


def stored_input(a: Assessment) -> RulesInput:
    """The classifier's input rebuilt from a stored assessment (context as it was recorded)."""
    context = a.result.get("input_context", {})
    return RulesInput(
        visit_date=a.visit_date,
        age=a.age,
        school_attendance=a.school_attendance,
        school_year=a.school_year,
        chores_hours_last_7_days=a.chores_hours,
        worst_forms=frozenset(a.worst_forms),
        parental_consent_written=a.parental_consent_written,
        light_work=a.light_work,
        contract=a.contract,
        medical_check=a.medical_check,
        family_criteria=frozenset(context.get("family_criteria", [])),
        sibling_in_child_labour=bool(context.get("sibling_in_child_labour", False)),
        activities=tuple(
            WorkActivity(
                sector=act.sector.code,
                employer=act.employer,
                paid=act.paid,
                on_prohibited_list=act.prohibited_work_id is not None,
                hours_last_7_days=act.hours_last_7_days,
                usual_hours_per_week=act.usual_hours_per_week,
                days_per_week=act.days_per_week,
                daily_hours=act.daily_hours,
                during_school_hours=act.during_school_hours,
                at_night=act.at_night,
                on_rest_days=act.on_rest_days,
                overtime=act.overtime,
                adult_venue=act.adult_venue,
                hazards=frozenset(act.hazards),
            )
            for act in a.activities
        ),
    )


@click.command("reclassify-report")
@with_appcontext
@click.option("--version", "version_name", default=None, help="Thresholds version to test (default: each visit's)")
def reclassify_report_command(version_name):
    """Re-run the classifier over every stored assessment and list what would change. Writes nothing."""
    fixed = None
    if version_name:
        row = db.session.scalar(select(ThresholdSet).where(ThresholdSet.version == version_name))
        if row is None:
            raise click.ClickException(f"No thresholds version {version_name!r}.")
        fixed = as_thresholds(row)
    changed = total = 0
    for assessment in db.session.scalars(select(Assessment).order_by(Assessment.id)).yield_per(500):
        total += 1
        thresholds = fixed or version_on(assessment.visit_date)[1]
        result = classify(stored_input(assessment), thresholds)
        if (result.national.category, result.ilo.category) != (assessment.national_category, assessment.ilo_category):
            changed += 1
            click.echo(
                f"assessment {assessment.id} (child {assessment.child_id}, {assessment.visit_date:%d.%m.%Y}): "
                f"national {assessment.national_category} -> {result.national.category}; "
                f"ILO {assessment.ilo_category} -> {result.ilo.category}"
            )
    db.session.rollback()
    click.echo(f"{changed} of {total} assessments would change; nothing was written.")


def register(app) -> None:
    app.cli.add_command(classify_command)
    app.cli.add_command(reclassify_report_command)
