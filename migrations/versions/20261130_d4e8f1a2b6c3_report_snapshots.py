"""Kept dashboard counts: a report of a large area is computed beside the request and shown again
for a while instead of being computed for every request.

Revision ID: d4e8f1a2b6c3
Revises: c7b2e5a0d8f4
Created: 2026-11-30 00:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'd4e8f1a2b6c3'
down_revision = 'c7b2e5a0d8f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('paths', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=True),
        sa.Column('computed_on', sa.Date(), nullable=True),
        sa.Column('seconds', sa.Float(), nullable=True),
        sa.Column('figures', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshot')),
        sa.UniqueConstraint('key', name=op.f('uq_report_snapshot_key')),
    )
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_snapshot_started_at'), ['started_at'], unique=False)


def downgrade():
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_snapshot_started_at'))
    op.drop_table('report_snapshot')
