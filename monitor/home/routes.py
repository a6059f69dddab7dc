from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from monitor.admin.forms import ROLE_LABELS
from monitor.areas.forms import KIND_LABELS
from monitor.areas.models import Area
from monitor.auth.models import LoginAttempt, User
from monitor.core.permissions import authenticated
from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.home import bp


@bp.route("/")
@authenticated
def index():
    admin_figures = None
    if current_user.can(Permission.MANAGE_USERS):
        admin_figures = {
            "users": db.session.scalar(select(func.count()).select_from(User).where(User.active)),
            "areas": db.session.scalar(select(func.count()).select_from(Area).where(Area.active)),
            "recent_failures": db.session.scalars(
                select(LoginAttempt).where(LoginAttempt.outcome != "success")
                .order_by(LoginAttempt.at.desc()).limit(10)).all(),
        }
    return render_template("home/index.html", admin_figures=admin_figures, role_labels=ROLE_LABELS,
                           kinds=KIND_LABELS, language=str(get_locale()))
