from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from monitor.admin.forms import ROLE_LABELS
from monitor.areas.forms import KIND_LABELS
from monitor.areas.models import Area
from monitor.assessments import labels as status_labels
from monitor.auth.models import REFUSED_OUTCOMES, LoginAttempt, User
from monitor.cases import labels as case_labels
from monitor.core.office import office_today
from monitor.core.permissions import authenticated
from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.home import bp
from monitor.home.worklists import PAGE_ARGS, home_lists
from monitor.referrals import labels as referral_labels


@bp.route("/")
@authenticated
def index():
    admin_figures = None
    if current_user.can(Permission.MANAGE_USERS):
        admin_figures = {
            "users": db.session.scalar(select(func.count()).select_from(User).where(User.active)),
            "areas": db.session.scalar(select(func.count()).select_from(Area).where(Area.active)),
            "recent_failures": db.session.scalars(
                select(LoginAttempt)
                .where(LoginAttempt.outcome.in_(REFUSED_OUTCOMES))
                .order_by(LoginAttempt.at.desc())
                .limit(10)
            ).all(),
        }
    return render_template(
        "home/index.html",
        admin_figures=admin_figures,
        role_labels=ROLE_LABELS,
        kinds=KIND_LABELS,
        language=str(get_locale()),
        **_worklists(),
    )


def _worklists() -> dict:
    if not current_user.can(Permission.VIEW_CASES):
        return {}
    pages = {name: request.args.get(name, 1, type=int) for name in PAGE_ARGS}
    lists = home_lists(current_user, office_today(), current_app.config["REFERRAL_ANSWER_DAYS"], pages)
    return lists | {"labels": case_labels, "status_labels": status_labels, "referral_labels": referral_labels}
