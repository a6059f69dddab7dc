"""Children: the restricted flag for sensitive cases, and when identifying data was erased.

Revision ID: 958013cfbdcd
Revises: 56d87b837e0c
Created: 2026-11-24 15:58:49.567124
"""
from alembic import op
import sqlalchemy as sa


revision = '958013cfbdcd'
down_revision = '56d87b837e0c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restricted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('restricted')

