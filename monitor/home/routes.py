from flask import current_app, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from monitor.admin.forms import ROLE_LABELS
from monitor.areas.forms import KIND_LABELS
from monitor.areas.models import Area
from monitor.assessments import labels as status_labels
from monitor.auth.models import REFUSED_OUTCOMES, LoginAttempt, User
from monitor.cases import case_rules
from monitor.cases import labels as case_labels
from monitor.cases.plans import cases_with_plan_waiting, latest_plan_status
from monitor.cases.queries import open_cases, overdue_by_worker, visit_plans
from monitor.core.office import office_today
from monitor.core.permissions import authenticated
from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.home import bp
from monitor.referrals import labels as referral_labels
from monitor.referrals.services import overdue_referrals


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
    """The worker's cases by urgency; for supervisors, overdue items by worker and high-risk cases."""
    if not current_user.can(Permission.VIEW_CASES):
        return {}
    rules, today = case_rules(), office_today()
    lists = {
        "my_cases": open_cases(current_user, rules, today, assigned_to=current_user.id, limit=50),
        "labels": case_labels,
        "status_labels": status_labels,
        "referral_labels": referral_labels,
        "overdue_referrals": overdue_referrals(
            current_user,
            current_app.config["REFERRAL_ANSWER_DAYS"],
            today,
            assigned_only=not current_user.can(Permission.REVIEW_CASES),
        ),
    }
    plan_status = latest_plan_status([row.case.id for row in lists["my_cases"]])
    lists["returns"] = [
        (row.case, kind)
        for row in lists["my_cases"]
        for kind in (("plan",) if plan_status.get(row.case.id) == "returned" else ())
        + (("closure",) if row.case.closures and row.case.closures[-1].decision == "returned" else ())
    ]
    plans = visit_plans([row.case for row in lists["my_cases"]], rules, today)
    lists["visits_due"] = [
        (row.case, v)
        for row in lists["my_cases"]
        for v in plans.get(row.case.id, [])
        if v.state in ("due_soon", "missed")
    ]
    if current_user.can(Permission.REVIEW_CASES):
        everything = open_cases(current_user, rules, today)
        lists["overdue_by_worker"] = overdue_by_worker(everything)
        lists["high_risk"] = [row for row in everything if row.state.risk == "high"][:50]
        waiting = cases_with_plan_waiting([row.case.id for row in everything])
        lists["approvals"] = [
            row for row in everything if row.case.pending_closure is not None or row.case.id in waiting
        ]
    return lists
