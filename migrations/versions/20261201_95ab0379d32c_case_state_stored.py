"""Each case's state stored on its row (stage, risk level, the next deadline of each kind, what waits
for the supervisor, what came back from them, the last visit), with the indexes of the worklists.

The columns are filled for the cases already there by the app's own computation
(monitor.cases.stored.fill_states, the one the services keep them current with), 500 cases at a
time, on the migration's connection.

Revision ID: 95ab0379d32c
Revises: c7d1e5f9a3b8
Created: 2026-12-01 14:00:00
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app


revision = '95ab0379d32c'
down_revision = 'c7d1e5f9a3b8'
branch_labels = None
depends_on = None

DATES = ('assessed_on', 'assessment_due', 'plan_due', 'plan_review_due', 'next_deadline', 'referral_answer_due',
         'followup_from', 'next_visit_due', 'last_visit_on')
FLAGS = ('plan_waiting', 'closure_waiting', 'plan_returned', 'closure_returned')
INSTANTS = ('waiting_since', 'returned_at')
CHECKS = (
    ('ck_case_file_stage', "stage IN ('assessed', 'closed', 'identified', 'monitoring', 'plan', 'services')"),
    ('ck_case_file_risk', "risk IN ('high', 'low', 'medium', 'none')"),
)
OPEN = 'closed_at IS NULL'
INDEXES = (
    ('ix_case_open_deadline', ['next_deadline', 'id'], OPEN),
    ('ix_case_open_area_deadline', ['area_path', 'next_deadline'], OPEN),
    ('ix_case_open_worker_deadline', ['assigned_to_id', 'next_deadline'], OPEN),
    ('ix_case_open_risk_deadline', ['risk', 'next_deadline', 'area_path'], OPEN),
    ('ix_case_open_worker_visit', ['assigned_to_id', 'next_visit_due'], OPEN),
    ('ix_case_waiting', ['area_path', 'waiting_since'], 'waiting_since IS NOT NULL'),
    ('ix_case_returned', ['assigned_to_id', 'returned_at'], 'returned_at IS NOT NULL'),
    ('ix_case_referral_answer', ['area_path', 'referral_answer_due'], 'referral_answer_due IS NOT NULL'),
)


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=12), nullable=False, server_default='identified'))
        batch_op.add_column(sa.Column('risk', sa.String(length=8), nullable=False, server_default='none'))
        for name in DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
        for name in FLAGS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))
        for name in INSTANTS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        for name, condition in CHECKS:
            batch_op.create_check_constraint(op.f(name), sa.text(condition))
    for name, columns, where in INDEXES:
        op.create_index(name, 'case_file', columns, unique=False,
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))
    from monitor.cases.stored import fill_states

    fill_states(op.get_bind().execute, current_app.extensions['case_rules'], current_app.config['REFERRAL_ANSWER_DAYS'])


def downgrade():
    for name, _columns, _where in INDEXES:
        op.drop_index(name, table_name='case_file')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        for name, _condition in CHECKS:
            batch_op.drop_constraint(op.f(name), type_='check')
        for name in ('stage', 'risk', *DATES, *FLAGS, *INSTANTS):
            batch_op.drop_column(name)
