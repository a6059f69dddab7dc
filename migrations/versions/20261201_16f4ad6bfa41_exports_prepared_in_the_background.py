"""ILO exports prepared in the background: one row per export asked for, the truth of its job (queued,
running under a lease, ready with its file, failed, expired).

Revision ID: 16f4ad6bfa41
Revises: 824b9a4d4521
Created: 2026-12-01 14:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '16f4ad6bfa41'
down_revision = '824b9a4d4521'
branch_labels = None
depends_on = None


def upgrade():
    instant = sa.DateTime(timezone=True)
    op.create_table(
        'export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('paths', sa.JSON(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('area_names', sa.JSON(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=100), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('error', sa.String(length=200), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('lease_until', instant, nullable=True),
        sa.Column('created_at', instant, nullable=False),
        sa.Column('started_at', instant, nullable=True),
        sa.Column('finished_at', instant, nullable=True),
        sa.Column('expires_at', instant, nullable=True),
        sa.CheckConstraint("kind IN ('workbook', 'zip')", name=op.f('ck_export_kind')),
        sa.CheckConstraint("status IN ('expired', 'failed', 'queued', 'ready', 'running')",
                           name=op.f('ck_export_status')),
        sa.CheckConstraint("language IN ('en', 'ky', 'ru')", name=op.f('ck_export_language')),
        sa.CheckConstraint('period_end >= period_start', name=op.f('ck_export_period_in_order')),
        sa.CheckConstraint('progress >= 0 AND attempts >= 0 AND (size IS NULL OR size >= 0)',
                           name=op.f('ck_export_counts_not_negative')),
        sa.CheckConstraint("status <> 'ready' OR (file_name IS NOT NULL AND size IS NOT NULL AND finished_at IS NOT NULL "
                           "AND expires_at IS NOT NULL)", name=op.f('ck_export_ready_has_file')),
        sa.CheckConstraint("status <> 'running' OR lease_until IS NOT NULL", name=op.f('ck_export_running_has_lease')),
        sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_export_area_id_area')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                                name=op.f('fk_export_requested_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export')),
    )
    op.create_index('ix_export_requested_by_id_created_at', 'export', ['requested_by_id', 'created_at'])
    op.create_index('ix_export_status_expires_at', 'export', ['status', 'expires_at'])


def downgrade():
    op.drop_index('ix_export_status_expires_at', table_name='export')
    op.drop_index('ix_export_requested_by_id_created_at', table_name='export')
    op.drop_table('export')
