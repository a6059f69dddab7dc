"""`flask --app wsgi ...` commands: create-user, seed-demo."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from monitor.admin.forms import USERNAME_CHARACTERS
from monitor.admin.services import AccountError, create_user
from monitor.areas.cli import find_area
from monitor.areas.models import Area
from monitor.areas.seed import seed_areas
from monitor.assessments import cli as assessments_cli
from monitor.assessments.seed import seed_reference
from monitor.auth.cli import purge_login_attempts_command
from monitor.auth.messages import PASSWORD_PROBLEMS
from monitor.auth.models import User
from monitor.auth.services import PasswordRejected
from monitor.cases.cli import archive_closed_command
from monitor.cases.state_cli import check_case_state_command
from monitor.core.backup import BackupError, backup_sqlite, restore_sqlite, sqlite_path
from monitor.core.db import starts_with
from monitor.core.office import office_today
from monitor.core.roles import Role
from monitor.core.text import code_points, composed, hidden_characters
from monitor.core.transaction import committed
from monitor.demo import seed_caseload, seed_services
from monitor.extensions import db
from monitor.imports.cli import purge_imports_command
from monitor.jobs.cli import worker_command
from monitor.referrals.seed import seed_providers
from monitor.registry.models import Child
from monitor.registry.seed import seed_criteria
from monitor.reports.cli import export_ilo_command, purge_exports_command
from monitor.scale.cli import generate_data_command

DEMO_USERS = (
    # username, full name, role, area keys
    ("worker.karasuu", "Айгүл Токтосунова", Role.SOCIAL_WORKER, ("kara_suu",)),
    ("worker.osh", "Нурлан Абдыкадыров", Role.SOCIAL_WORKER, ("osh_city",)),
    ("supervisor.karasuu", "Гүлнара Маматова", Role.SUPERVISOR, ("kara_suu",)),
    ("admin", "Эрмек Садыков", Role.ADMINISTRATOR, ()),
    ("reports", "Жылдыз Осмонова", Role.REPORTING_OFFICER, ("osh_region", "osh_city")),
)


def register(app) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    assessments_cli.register(app)
    app.cli.add_command(archive_closed_command)
    app.cli.add_command(check_case_state_command)
    app.cli.add_command(purge_login_attempts_command)
    app.cli.add_command(purge_imports_command)
    app.cli.add_command(export_ilo_command)
    app.cli.add_command(purge_exports_command)
    app.cli.add_command(generate_data_command)
    app.cli.add_command(worker_command)


def _text(ctx, param, value: str) -> str:
    """The forms' text rule (monitor/core/forms.py) for a name given on the command line."""
    hidden = hidden_characters(value)
    if hidden:
        raise click.BadParameter(
            f"it has invisible or text-direction characters ({code_points(hidden)}); type it again without them."
        )
    return composed(value)


def _username(ctx, param, value: str) -> str:
    """The users page's rule for a user name (monitor/admin/forms.py)."""
    if not (3 <= len(value) <= 64 and re.fullmatch(USERNAME_CHARACTERS, value)):
        raise click.BadParameter("use 3 to 64 Latin letters, digits, dots, dashes or underscores.")
    return value


@click.command("create-user")
@with_appcontext
@click.argument("username", callback=_username)
@click.option("--name", "full_name", required=True, callback=_text, help="Full name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Role (repeat for several)",
)
@click.option("--area", "areas", multiple=True, help="SOATE code or English name of an area (repeatable)")
@click.option("--language", default="ru", type=click.Choice(["ky", "ru", "en"]))
@click.option("--generate-password", is_flag=True, help="Generate a password and print it once")
@committed
def create_user_command(username, full_name, roles, areas, language, generate_password):
    """Create an account (asks for the password unless --generate-password)."""
    area_ids = [find_area(ref).id for ref in areas]
    password = None
    if not generate_password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            raise click.ClickException("The two passwords differ.")
    try:
        user, password = create_user(
            username, full_name, [Role(r) for r in roles], area_ids, language, password, actor=None
        )
    except AccountError as error:
        raise click.ClickException(f"The user name {username!r} is already taken.") from error
    except PasswordRejected as rejected:
        raise click.ClickException(" ".join(str(PASSWORD_PROBLEMS[c]) for c in rejected.codes)) from rejected
    click.echo(f"Created {user.username} ({', '.join(sorted(roles))}).")
    if generate_password:
        click.echo(f"Password (shown once): {password}")


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist")
@click.option("--families", default=130, show_default=True, help="Demo households to register")
@click.option("--seed", default=2026, show_default=True, help="Random seed (the same seed gives the same data)")
@committed
def seed_demo_command(if_empty, families, seed):
    """Seed areas, reference lists, one demo account per role (passwords printed), and a demo caseload."""
    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("Accounts exist already; demo data not added.")
        return

    places = seed_areas()
    seed_criteria()
    seed_reference()
    seed_providers(places)
    lines = []
    for username, full_name, role, area_keys in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)):
            continue
        _user, password = create_user(
            username, full_name, [role], [places[k].id for k in area_keys], "ru", None, actor=None
        )
        lines.append(f"{role.value:18} {username:20} {password}")
    children = _seed_caseload(places, families, seed)
    accounts = len(lines)
    required = current_app.config["TWO_FACTOR_REQUIRED_ROLES"]
    if lines and required:
        lines.append(f"Roles {', '.join(required)} set up two-factor sign-in (an authenticator app) at first sign-in.")
    if lines and not current_app.testing:  # tests never touch the developer's instance/ folder
        _write_demo_logins(lines)  # `make run` prints this file (and nothing else of this command)
    click.echo(f"{len(places)} areas; {accounts} demo accounts created; {children} demo children registered.")
    for line in lines:
        click.echo(line)


def _seed_caseload(places: dict, families: int, seed: int) -> int:
    """Register the demo households once (when no child is registered yet), with a progress bar."""
    if families <= 0 or db.session.scalar(select(func.count()).select_from(Child)):
        return 0
    workers = {
        u.username: u
        for u in db.session.scalars(select(User).where(User.username.in_(["worker.karasuu", "worker.osh"])))
    }
    if len(workers) < 2:
        return 0
    targets = [
        (area, "worker.karasuu")
        for area in db.session.scalars(
            select(Area).where(starts_with(Area.path, places["kara_suu"].path), Area.id != places["kara_suu"].id)
        )
    ]
    targets += [(area, "worker.osh") for area in places["osh_city"].children]
    pairs = [(area.id, workers[username]) for area, username in targets]
    with click.progressbar(length=families, label="Registering demo families") as bar:

        def progress(items):
            for item in items:
                yield item
                bar.update(1)

        added = seed_caseload(pairs, families, seed, office_today(), progress)
    seed_services(seed, office_today())
    return added


def _write_demo_logins(lines: list[str]) -> None:
    """Keep the demo logins in instance/ so `make run` can show them again (development only)."""
    path = Path(current_app.instance_path) / "demo_logins.txt"
    header = "Demo logins (development database only):\n"
    path.write_text(header + "\n".join(lines) + "\n")
    path.chmod(0o600)


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(target):
    """Write a consistent copy of the SQLite database to TARGET (safe while the app runs)."""
    try:
        tables = backup_sqlite(sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"]), Path(target))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target} ({tables} tables, integrity checked).")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm that the current data is to be replaced")
def restore_command(source, yes):
    """Replace the SQLite database with the backup SOURCE (stop the app first)."""
    if not yes:
        raise click.ClickException("Restoring replaces all current data: run again with --yes to confirm.")
    db.engine.dispose()
    try:
        tables = restore_sqlite(Path(source), sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {tables} tables from {source}.")
