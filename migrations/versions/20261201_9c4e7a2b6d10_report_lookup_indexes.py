"""Indexes for the risk report counted per area: the latest assessment of a period of each child is
read from (child_id, visit_date, id) for that child alone (PostgreSQL reads it through a lateral
join; SQLite finds the newest without the table), and a case's closures of a period from
(case_id, decided_at), so an ayil aimak's report reads its own rows, not the register's.

Revision ID: 9c4e7a2b6d10
Revises: 5efe6d833cf3
Created: 2026-12-01 15:00:00
"""
from alembic import op


revision = '9c4e7a2b6d10'
down_revision = '5efe6d833cf3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_assessment_child_visit', 'assessment', ['child_id', 'visit_date', 'id'])
    op.create_index('ix_case_closure_case_decided', 'case_closure', ['case_id', 'decided_at'])


def downgrade():
    op.drop_index('ix_case_closure_case_decided', table_name='case_closure')
    op.drop_index('ix_assessment_child_visit', table_name='assessment')
