"""Children lists of a worker's own area at region scale: the list sorted by newest reads an index
on (created_at, id) in order, and the index on merged_into_id keeps only merged records (the
lookups it serves), so "not merged" (every list) no longer makes a planner without statistics read
the whole register through it and sort it.

Revision ID: e1f5a9c3d7b2
Revises: d4e8f1a2b6c3
Created: 2026-11-30 00:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'e1f5a9c3d7b2'
down_revision = 'd4e8f1a2b6c3'
branch_labels = None
depends_on = None

MERGED = sa.text('merged_into_id IS NOT NULL')


def upgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index('ix_child_merged_into_id')
        batch_op.create_index('ix_child_merged_into_id', ['merged_into_id'], unique=False,
                              sqlite_where=MERGED, postgresql_where=MERGED)
        batch_op.create_index('ix_child_newest', ['created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index('ix_child_newest')
        batch_op.drop_index('ix_child_merged_into_id')
        batch_op.create_index('ix_child_merged_into_id', ['merged_into_id'], unique=False)
