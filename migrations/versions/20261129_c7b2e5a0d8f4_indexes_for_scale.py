"""Indexes for the pages that must not slow down as the register grows: lists of children sorted by
name (all, or of one classification), a worker's open cases, and sent referrals by date.

Revision ID: c7b2e5a0d8f4
Revises: a41c7d2e9b13
Created: 2026-11-29 21:35:00
"""
from alembic import op


revision = 'c7b2e5a0d8f4'
down_revision = 'a41c7d2e9b13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index('ix_child_name', ['surname_key', 'given_key', 'id'], unique=False)
        batch_op.create_index('ix_child_category_name', ['labour_category', 'surname_key', 'given_key', 'id'],
                              unique=False)
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.create_index('ix_case_open_by_worker', ['assigned_to_id', 'closed_at', 'identified_on'], unique=False)
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_status_sent', ['status', 'sent_on'], unique=False)


def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_status_sent')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index('ix_case_open_by_worker')
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index('ix_child_category_name')
        batch_op.drop_index('ix_child_name')
