"""The case pages: the open cases, and a case with its plan, visits, closure and referrals (it shows
the referrals and takes the referral form, so it is above the referrals). Registered on the cases
blueprint."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from monitor.assessments import labels as status_labels
from monitor.auth.models import User
from monitor.cases import bp, case_rules, labels, plans, queries, services, worklists
from monitor.cases.deadlines import CaseRules
from monitor.cases.forms import (
    AssignForm,
    CaseForm,
    DecideClosureForm,
    DecidePlanForm,
    PlanForm,
    ProposeClosureForm,
    ReopenForm,
)
from monitor.cases.models import Case, CaseSource, ClosureReason, Plan
from monitor.core.forms import choices
from monitor.core.office import office_today
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.extensions import db
from monitor.referrals import labels as referral_labels
from monitor.referrals.forms import ReferForm, provider_choices
from monitor.referrals.lifecycle import NEXT, is_overdue
from monitor.referrals.models import Attendance, Referral
from monitor.referrals.services import received_service, training_months
from monitor.registry.form_errors import attach
from monitor.registry.loaders import load_child, record_view


def rules() -> CaseRules:
    return case_rules()


def _workers(child):
    return choices((u.id, u.full_name) for u in queries.eligible_workers(child))


@bp.route("/cases")
@requires(Permission.VIEW_CASES)
def index():
    filters = worklists.list_filters(request.args)
    page = worklists.case_list(current_user, office_today(), request.args.get("page", 1, type=int), **filters)
    worker = db.session.get(User, filters["worker"]) if filters["worker"] else None
    return render_template(
        "cases/index.html", page=page, filters=filters, worker=worker, labels=labels, status_labels=status_labels
    )


@bp.route("/children/<int:child_id>/cases/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def open_case(child_id: int):
    child = load_child(child_id)
    form = CaseForm()
    form.assigned_to.choices = _workers(child)
    if not form.is_submitted():
        form.assigned_to.data = current_user.id
    if form.validate_on_submit():
        try:
            case = services.open_case(
                child,
                CaseSource(form.source.data),
                form.identified_on.data,
                form.place.data or "",
                bool(form.danger.data),
                form.notes.data or "",
                db.session.get(User, form.assigned_to.data),
                current_user,
                office_today(),
            )
        except services.CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(_("Case %(ref)s opened.", ref=case.ref), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, child=child)


@bp.route("/cases/<int:case_id>")
@requires(Permission.VIEW_CASES)
def show(case_id: int):
    case = db.session.get(Case, case_id) or abort(404)
    child = load_child(case.child_id)
    return _page(case, child, AssignForm())


def _page(case, child, form, closure_form=None, decide_form=None):
    form.assigned_to.choices = _workers(child)
    closure_form = closure_form or ProposeClosureForm()
    closure_form.reason.choices = choices(labels.CLOSURE_REASONS.items())
    record_view(case, child.family.area_id)
    state = queries.state_of(case, office_today())
    refer_form = ReferForm()
    refer_form.provider.choices = provider_choices()
    referrals = list(db.session.scalars(select(Referral).where(Referral.case_id == case.id).order_by(Referral.id)))
    answer_days = current_app.config["REFERRAL_ANSWER_DAYS"]
    overdue = {r.id for r in referrals if is_overdue(r.status, r.sent_on, office_today(), answer_days)}
    attendance: dict[int, list] = {}
    for row in db.session.scalars(
        select(Attendance)
        .where(Attendance.referral_id.in_([r.id for r in referrals] or [-1]))
        .order_by(Attendance.month)
    ):
        attendance.setdefault(row.referral_id, []).append(row)
    visits = queries.visit_plans([case], rules(), office_today()).get(case.id, [])
    history = list(db.session.scalars(select(Plan).where(Plan.case_id == case.id).order_by(Plan.number.desc())))
    return render_template(
        "cases/show.html",
        case=case,
        child=child,
        state=state,
        form=form,
        labels=labels,
        visits=visits,
        visit_months=rules().months_for(state.risk),
        plan_history=history,
        decide_plan_form=DecidePlanForm(),
        status_labels=status_labels,
        closure_form=closure_form,
        decide_form=decide_form or DecideClosureForm(),
        reopen_form=ReopenForm(),
        referrals=referrals,
        refer_form=refer_form,
        referral_labels=referral_labels,
        next_steps=NEXT,
        overdue_referrals=overdue,
        attendance=attendance,
    )


def _load(case_id: int):
    case = db.session.get(Case, case_id) or abort(404)
    return case, load_child(case.child_id)


@bp.route("/cases/<int:case_id>/close", methods=["POST"])
@requires(Permission.EDIT_CASES)
def propose_closure(case_id: int):
    case, child = _load(case_id)
    form = ProposeClosureForm()
    form.reason.choices = choices(labels.CLOSURE_REASONS.items())
    if form.validate_on_submit():
        try:
            services.propose_closure(
                case,
                ClosureReason(form.reason.data),
                form.note.data or "",
                current_user,
                office_today(),
                received_service=received_service(child.id),
                training_months=training_months(child.id),
            )
        except services.CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(_("Closure proposed: your supervisor decides."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return _page(case, child, AssignForm(), closure_form=form)


@bp.route("/cases/<int:case_id>/decide", methods=["POST"])
@requires(Permission.REVIEW_CASES)
def decide_closure(case_id: int):
    case, child = _load(case_id)
    form = DecideClosureForm()
    if form.validate_on_submit():
        try:
            services.decide_closure(case, bool(form.approve.data), form.comment.data or "", current_user)
        except services.CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(_("Case closed.") if form.approve.data else _("Closure returned to the worker."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return _page(case, child, AssignForm(), decide_form=form)


@bp.route("/cases/<int:case_id>/reopen", methods=["POST"])
@requires(Permission.EDIT_CASES)
def reopen(case_id: int):
    case, _child = _load(case_id)
    if ReopenForm().validate_on_submit():
        try:
            services.reopen(case, current_user)
        except services.CaseError as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Case reopened."), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/cases/<int:case_id>/assign", methods=["POST"])
@requires(Permission.REVIEW_CASES)
def assign(case_id: int):
    case = db.session.get(Case, case_id) or abort(404)
    child = load_child(case.child_id)
    form = AssignForm()
    form.assigned_to.choices = _workers(child)
    if form.validate_on_submit():
        try:
            services.reassign(case, db.session.get(User, form.assigned_to.data), current_user)
        except services.CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(_("Case reassigned."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return _page(case, child, form)


@bp.route("/cases/<int:case_id>/plan", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def plan(case_id: int):
    case, child = _load(case_id)
    form = PlanForm()
    current = plans.latest_plan(case.id)
    if not form.is_submitted() and current is not None:
        form.actions.entries = []
        for action in current.actions:
            form.actions.append_entry(action)
    elif form.add_action.data:
        form.actions.append_entry()
    elif form.validate_on_submit():
        rows = [
            plans.ActionData(
                e.form.goal.data or "",
                e.form.action.data or "",
                e.form.responsible.data or "",
                e.form.due_on.data,
                e.form.status.data,
            )
            for e in form.actions
            if (e.form.goal.data or e.form.action.data)
        ]
        try:
            saved = plans.save_plan(case, rows, current_user)
        except services.CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(_("Plan version %(number)s saved and sent for approval.", number=saved.number), "success")
            return redirect(url_for("cases.show", case_id=case.id, _anchor="plan"))
    return render_template("cases/plan_form.html", form=form, case=case, child=child, current=current, labels=labels)


@bp.route("/cases/<int:case_id>/plan/decide", methods=["POST"])
@requires(Permission.REVIEW_CASES)
def decide_plan(case_id: int):
    case, _child = _load(case_id)
    form = DecidePlanForm()
    if form.validate_on_submit():
        try:
            plans.decide_plan(case, bool(form.approve.data), form.comment.data or "", current_user)
        except services.CaseError as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Plan approved.") if form.approve.data else _("Plan returned to the worker."), "success")
    return redirect(url_for("cases.show", case_id=case.id, _anchor="plan"))
