"""Drop the kept dashboard counts: the risk report is counted in the database at every page load
(monitor/reports/counts.py), so nothing is kept, shown stale or computed beside the request.

Revision ID: 648cd84812d8
Revises: 95ab0379d32c (chained after h-state's case state, merged into this branch)
Created: 2026-12-01 00:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '648cd84812d8'
down_revision = '95ab0379d32c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_snapshot_started_at'))
    op.drop_table('report_snapshot')


def downgrade():
    """The empty table as it was (its counts are computed again at the first visit)."""
    op.create_table(
        'report_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('paths', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('computed_on', sa.Date(), nullable=True),
        sa.Column('seconds', sa.Float(), nullable=True),
        sa.Column('figures', sa.Text(), nullable=True),
        sa.Column('members', sa.Text(), nullable=True),
        sa.CheckConstraint('done >= 0 AND total >= 0', name=op.f('ck_report_snapshot_counts_not_negative')),
        sa.CheckConstraint("language IN ('en', 'ky', 'ru')", name=op.f('ck_report_snapshot_language')),
        sa.CheckConstraint('period_end >= period_start', name=op.f('ck_report_snapshot_period_in_order')),
        sa.CheckConstraint("status IN ('computing', 'failed', 'ready')", name=op.f('ck_report_snapshot_status')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshot')),
        sa.UniqueConstraint('key', name=op.f('uq_report_snapshot_key')),
    )
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_snapshot_started_at'), ['started_at'], unique=False)
