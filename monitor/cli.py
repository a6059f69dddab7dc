"""`flask --app wsgi ...` commands: create-user, seed-demo."""
from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from monitor.admin.services import AccountError, create_user
from monitor.areas.models import Area
from monitor.auth.messages import PASSWORD_PROBLEMS
from monitor.auth.models import User
from monitor.auth.services import PasswordRejected
from monitor.core.roles import Role
from monitor.extensions import db

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


@click.command("create-user")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([r.value for r in Role]), help="Role (repeat for several)")
@click.option("--area", "areas", multiple=True, help="SOATE code or English name of an area (repeatable)")
@click.option("--language", default="ru", type=click.Choice(["ky", "ru", "en"]))
@click.option("--generate-password", is_flag=True, help="Generate a password and print it once")
def create_user_command(username, full_name, roles, areas, language, generate_password):
    """Create an account (asks for the password unless --generate-password)."""
    area_ids = [_find_area(ref).id for ref in areas]
    password = None
    if not generate_password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            raise click.ClickException("The two passwords differ.")
    try:
        user, password = create_user(username, full_name, [Role(r) for r in roles], area_ids,
                                     language, password, actor=None)
    except AccountError:
        raise click.ClickException(f"The user name {username!r} is already taken.")
    except PasswordRejected as rejected:
        raise click.ClickException(" ".join(str(PASSWORD_PROBLEMS[c]) for c in rejected.codes))
    db.session.commit()
    click.echo(f"Created {user.username} ({', '.join(sorted(roles))}).")
    if generate_password:
        click.echo(f"Password (shown once): {password}")


def _find_area(reference: str) -> Area:
    area = db.session.scalar(
        select(Area).where((Area.soate == reference) | (func.lower(Area.name_en) == reference.lower()))
    )
    if area is None:
        raise click.ClickException(f"No area {reference!r} (give a SOATE code or the English name).")
    return area


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when accounts already exist")
def seed_demo_command(if_empty):
    """Seed areas, one demo account per role (passwords printed), and demo data."""
    from monitor.areas.seed import seed_areas

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("Accounts exist already; demo data not added.")
        return
    places = seed_areas()
    lines = []
    for username, full_name, role, area_keys in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)):
            continue
        user, password = create_user(username, full_name, [role], [places[k].id for k in area_keys],
                                     "ru", None, actor=None)
        lines.append(f"{role.value:18} {username:20} {password}")
    db.session.commit()
    if lines:
        _write_demo_logins(lines)
    click.echo(f"{len(places)} areas; {len(lines)} demo accounts created.")
    for line in lines:
        click.echo(line)


def _write_demo_logins(lines: list[str]) -> None:
    """Keep the demo logins in instance/ so `make run` can show them again (development only)."""
    path = Path(current_app.instance_path) / "demo_logins.txt"
    header = "Demo logins (development database only):\n"
    path.write_text(header + "\n".join(lines) + "\n")
    path.chmod(0o600)
