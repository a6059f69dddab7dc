"""Invariants in the database: a CHECK constraint on every column of codes (statuses, kinds,
outcomes, roles, languages ...) and on the state rules the services keep (a completed referral has
its end date, a decided closure its decision date, days present within class days, hours within a
week ...), and partial unique indexes for one open case per child and one pending closure per case.

Rows of an existing database that break a rule are not changed: the upgrade stops before changing
anything and names them (table, rule, ids), to be corrected by a person first. One exception, made
data only: closures written by `flask generate-data` carried the rule "generated", which no
computation gives; they get the rule their outcome comes from (withdrawn: in school 3 months;
protected: violations fixed; prevented: with a service), which the generator now writes itself.

Revision ID: b5c9d3e7f2a6
Revises: b5e9c3f7a2d4
Created: 2026-12-01 11:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'b5c9d3e7f2a6'
down_revision = 'b5e9c3f7a2d4'
branch_labels = None
depends_on = None

# The constraints as the models declare them (the text SQLAlchemy renders for SQLite).
CHECKS = {
    'area': [
        ('ck_area_area_kind',
         "kind IN ('region', 'district', 'city', 'town', 'ayil_aimak', 'city_territory', 'village', "
         "'neighbourhood')"),
    ],
    'assessment': [
        ('ck_assessment_age_not_negative', 'age >= 0'),
        ('ck_assessment_chores_hours_in_week', 'chores_hours >= 0 AND chores_hours <= 168'),
        ('ck_assessment_ilo_category',
         "ilo_category IN ('child_labour', 'hazardous', 'not_child_labour', 'out_of_scope', 'undetermined', "
         "'worst_form')"),
        ('ck_assessment_location',
         "location IN ('bazaar', 'car_wash', 'construction', 'field', 'home', 'other', 'school', 'street')"),
        ('ck_assessment_national_action', "national_action IN ('monitor', 'none', 'prevent', 'protect', 'withdraw')"),
        ('ck_assessment_national_category',
         "national_category IN ('at_risk', 'below_minimum_age', 'hazardous', 'lawful_monitor', 'no_issue', "
         "'underage_noncompliant', 'worst_form', 'young_worker_violation')"),
        ('ck_assessment_school_attendance',
         "school_attendance IN ('irregular', 'not_attending', 'not_enrolled', 'regular')"),
    ],
    'case_closure': [
        ('ck_case_closure_closure_reason', "reason IN ('outcome_reached', 'moved_away', 'turned_18', 'died', 'other')"),
        ('ck_case_closure_decided_has_date',
         "(decision = 'pending' AND decided_at IS NULL) OR (decision <> 'pending' AND decided_at IS NOT NULL"
         ' AND decided_by_id IS NOT NULL)'),
        ('ck_case_closure_decision', "decision IN ('approved', 'pending', 'returned')"),
        ('ck_case_closure_outcome', "outcome IN ('none', 'prevented', 'protected', 'withdrawn')"),
        ('ck_case_closure_outcome_rule',
         "outcome_rule IN ('no_child_labour_found', 'no_service_recorded', 'no_visits', 'not_yet_three_months', "
         "'prevented_with_service', 'still_in_child_labour', 'violations_fixed', 'withdrawn_in_school', "
         "'withdrawn_in_training')"),
        ('ck_case_closure_reopened_when_approved', "reopened_at IS NULL OR decision = 'approved'"),
    ],
    'case_file': [
        ('ck_case_file_archived_when_closed', 'archived_at IS NULL OR closed_at IS NOT NULL'),
        ('ck_case_file_case_source',
         "source IN ('monitoring_group', 'school', 'police', 'health', 'social_worker', 'hotline', "
         "'self_referral', 'assessment')"),
    ],
    'case_plan': [
        ('ck_case_plan_decided_has_date', "status NOT IN ('approved', 'returned') OR decided_at IS NOT NULL"),
        ('ck_case_plan_number_positive', 'number >= 1'),
        ('ck_case_plan_status', "status IN ('approved', 'returned', 'submitted', 'superseded')"),
    ],
    'case_plan_action': [
        ('ck_case_plan_action_status', "status IN ('done', 'dropped', 'pending')"),
    ],
    'child': [
        ('ck_child_attendance', "attendance IN ('regular', 'irregular', 'not_attending')"),
        ('ck_child_consent', "consent IN ('yes', 'no', 'not_asked')"),
        ('ck_child_labour_action', "labour_action IN ('monitor', 'none', 'prevent', 'protect', 'withdraw')"),
        ('ck_child_labour_category',
         "labour_category IN ('at_risk', 'below_minimum_age', 'hazardous', 'lawful_monitor', 'no_issue', "
         "'underage_noncompliant', 'worst_form', 'young_worker_violation')"),
        ('ck_child_labour_ilo_category',
         "labour_ilo_category IN ('child_labour', 'hazardous', 'not_child_labour', 'out_of_scope', "
         "'undetermined', 'worst_form')"),
        ('ck_child_living_arrangement',
         "living_arrangement IN ('both_parents', 'one_parent', 'relatives_parents_abroad', 'relatives', "
         "'guardian', 'institution', 'alone', 'other')"),
        ('ck_child_not_merged_into_itself', 'merged_into_id <> id'),
        ('ck_child_school_grade_in_range', 'school_grade >= 0 AND school_grade <= 12'),
        ('ck_child_sex', "sex IN ('F', 'M')"),
    ],
    'child_family_link': [
        ('ck_child_family_link_until_after_since', 'until >= since'),
    ],
    'commission_measure': [
        ('ck_commission_measure_service_type',
         "service_type IN ('civil_documents', 'day_care', 'health', 'legal_aid', 'livelihood_support', 'other', "
         "'psychosocial', 'rehabilitation', 'remedial_class', 'school_reenrolment', 'social_benefit', "
         "'vocational_training')"),
    ],
    'criterion': [
        ('ck_criterion_criterion_kind', "kind IN ('family', 'child')"),
    ],
    'distinct_children': [
        ('ck_distinct_children_two_children', 'child_id <> other_child_id'),
    ],
    'family_assistance': [
        ('ck_family_assistance_assistance_kind',
         "kind IN ('low_income_benefit', 'disability_benefit', 'survivor_pension', 'humanitarian_aid', 'other')"),
    ],
    'family_member': [
        ('ck_family_member_employment',
         "employment IN ('employed', 'self_employed', 'informal', 'unemployed', 'pensioner', 'student', "
         "'homemaker', 'unknown')"),
        ('ck_family_member_relation',
         "relation IN ('mother', 'father', 'stepmother', 'stepfather', 'grandmother', 'grandfather', 'aunt', "
         "'uncle', 'adult_sibling', 'guardian', 'other')"),
    ],
    'import_batch': [
        ('ck_import_batch_counts_not_negative', 'size >= 0 AND total_rows >= 0 AND checked_rows >= 0'),
        ('ck_import_batch_location',
         "location IN ('bazaar', 'car_wash', 'construction', 'field', 'home', 'other', 'school', 'street')"),
        ('ck_import_batch_status',
         "status IN ('checked', 'checking', 'committed', 'committing', 'expired', 'failed', 'mapping', 'undone')"),
    ],
    'imported_record': [
        ('ck_imported_record_object_type', "object_type IN ('assessment', 'case', 'child', 'family')"),
    ],
    'login_attempt': [
        ('ck_login_attempt_outcome', "outcome IN ('failure', 'locked', 'password_ok', 'success', 'throttled')"),
    ],
    'referral': [
        ('ck_referral_answered_has_date', "status IN ('proposed', 'sent') OR answered_on IS NOT NULL"),
        ('ck_referral_declined_has_reason', "status <> 'declined' OR decline_reason <> ''"),
        ('ck_referral_ended_has_date', "status NOT IN ('completed', 'dropped_out') OR ended_on IS NOT NULL"),
        ('ck_referral_sent_has_date', "status = 'proposed' OR sent_on IS NOT NULL"),
        ('ck_referral_service_type',
         "service_type IN ('civil_documents', 'day_care', 'health', 'legal_aid', 'livelihood_support', 'other', "
         "'psychosocial', 'rehabilitation', 'remedial_class', 'school_reenrolment', 'social_benefit', "
         "'vocational_training')"),
        ('ck_referral_started_has_date', "status NOT IN ('in_service', 'completed') OR started_on IS NOT NULL"),
        ('ck_referral_status',
         "status IN ('accepted', 'completed', 'declined', 'dropped_out', 'in_service', 'proposed', 'sent')"),
        ('ck_referral_steps_in_order',
         'sent_on >= proposed_on AND answered_on >= sent_on AND started_on >= answered_on'
         ' AND ended_on >= answered_on AND ended_on >= started_on'),
    ],
    'remedial_attendance': [
        ('ck_remedial_attendance_class_days_in_month', 'class_days >= 0 AND class_days <= 31'),
        ('ck_remedial_attendance_present_within_class_days', 'present_days >= 0 AND present_days <= class_days'),
    ],
    'report_snapshot': [
        ('ck_report_snapshot_counts_not_negative', 'done >= 0 AND total >= 0'),
        ('ck_report_snapshot_language', "language IN ('en', 'ky', 'ru')"),
        ('ck_report_snapshot_period_in_order', 'period_end >= period_start'),
        ('ck_report_snapshot_status', "status IN ('computing', 'failed', 'ready')"),
    ],
    'service_provider': [
        ('ck_service_provider_capacity_not_negative', 'capacity >= 0'),
        ('ck_service_provider_service_type',
         "service_type IN ('civil_documents', 'day_care', 'health', 'legal_aid', 'livelihood_support', 'other', "
         "'psychosocial', 'rehabilitation', 'remedial_class', 'school_reenrolment', 'social_benefit', "
         "'vocational_training')"),
    ],
    'user_account': [
        ('ck_user_account_language', "language IN ('en', 'ky', 'ru')"),
    ],
    'user_role': [
        ('ck_user_role_role', "role IN ('social_worker', 'supervisor', 'administrator', 'reporting_officer')"),
    ],
    'work_activity': [
        ('ck_work_activity_daily_hours_in_day', 'daily_hours >= 0 AND daily_hours <= 24'),
        ('ck_work_activity_days_per_week_in_week', 'days_per_week >= 0 AND days_per_week <= 7'),
        ('ck_work_activity_employer', "employer IN ('employer', 'family', 'self')"),
        ('ck_work_activity_hours_last_7_days_in_week', 'hours_last_7_days >= 0 AND hours_last_7_days <= 168'),
        ('ck_work_activity_usual_hours_in_week', 'usual_hours_per_week >= 0 AND usual_hours_per_week <= 168'),
    ],
}

# One open case per child; one closure waiting for a decision per case.
UNIQUE = [
    ('uq_case_file_one_open_per_child', 'case_file', 'child_id', 'closed_at IS NULL'),
    ('uq_case_closure_one_pending_per_case', 'case_closure', 'case_id', "decision = 'pending'"),
]
SHOWN = 20   # offending ids named per rule


class InvariantBroken(RuntimeError):
    """Rows of the existing database break a rule about to be added."""


def _listed(ids) -> str:
    return ", ".join(map(str, ids[:SHOWN])) + (" ..." if len(ids) > SHOWN else "")


def _offending(connection) -> list[str]:
    """Each rule that existing rows break, with the first of their ids. A CHECK refuses a row only
    when its condition is false (not unknown): `WHERE NOT (condition)` selects exactly those."""
    found = []
    for table, checks in CHECKS.items():
        for name, condition in checks:
            ids = connection.execute(sa.text(
                f"SELECT id FROM {table} WHERE NOT ({condition}) ORDER BY id LIMIT {SHOWN + 1}")).scalars().all()
            if ids:
                found.append(f"{table}: {name}: ids {_listed(ids)}")
    for name, table, column, condition in UNIQUE:
        ids = connection.execute(sa.text(
            f"SELECT {column} FROM {table} WHERE {condition} GROUP BY {column} HAVING COUNT(*) > 1"
            f" ORDER BY {column} LIMIT {SHOWN + 1}")).scalars().all()
        if ids:
            found.append(f"{table}: {name}: {column} {_listed(ids)}")
    return found


GENERATED_RULES = {'withdrawn': 'withdrawn_in_school', 'protected': 'violations_fixed',
                   'prevented': 'prevented_with_service'}


def upgrade():
    for outcome, rule in GENERATED_RULES.items():
        op.execute(sa.text("UPDATE case_closure SET outcome_rule = :rule WHERE outcome_rule = 'generated'"
                           " AND outcome = :outcome").bindparams(rule=rule, outcome=outcome))
    broken = _offending(op.get_bind())
    if broken:
        raise InvariantBroken("These records break rules the database is to keep; correct them (nothing was "
                              "changed) and run the upgrade again:\n  " + "\n  ".join(broken))
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, recreate='auto') as batch_op:   # SQLite rebuilds the table
            for name, condition in checks:
                batch_op.create_check_constraint(op.f(name), condition)
    for name, table, column, condition in UNIQUE:
        op.create_index(op.f(name), table, [column], unique=True, sqlite_where=sa.text(condition),
                        postgresql_where=sa.text(condition))


def downgrade():
    for name, table, _column, _condition in UNIQUE:
        op.drop_index(op.f(name), table_name=table)
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, recreate='auto') as batch_op:
            for name, _condition in checks:
                batch_op.drop_constraint(op.f(name), type_='check')
