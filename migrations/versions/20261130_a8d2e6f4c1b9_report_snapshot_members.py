"""The first children behind each kept figure (ids only), so that the list opened from a kept
dashboard is the list behind the number shown, read without computing the whole area again.

Revision ID: a8d2e6f4c1b9
Revises: f3a7c2d9e4b1
Created: 2026-11-30 00:50:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'a8d2e6f4c1b9'
down_revision = 'f3a7c2d9e4b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('members', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_column('members')
