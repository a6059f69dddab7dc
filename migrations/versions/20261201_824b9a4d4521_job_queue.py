"""Background jobs get their row: status, claim (attempts, lease), progress and error (monitor/jobs).

Revision ID: 824b9a4d4521
Revises: c7d1e5f9a3b8
Created: 2026-12-01 13:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '824b9a4d4521'
down_revision = 'c7d1e5f9a3b8'
branch_labels = None
depends_on = None

LIVE = "status IN ('queued', 'running') AND object_id IS NOT NULL"


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=60), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('requeued', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=80), nullable=False),
    sa.CheckConstraint("status IN ('done', 'failed', 'queued', 'running')", name=op.f('ck_job_status')),
    sa.CheckConstraint("requeued IN ('', 'error', 'not_picked_up', 'worker_stopped')", name=op.f('ck_job_requeued')),
    sa.CheckConstraint('attempts >= 0 AND max_attempts >= 1 AND progress >= 0', name=op.f('ck_job_counts_not_negative')),
    sa.CheckConstraint("status <> 'running' OR lease_until IS NOT NULL", name=op.f('ck_job_running_has_lease')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    op.create_index('ix_job_status_lease_until', 'job', ['status', 'lease_until'], unique=False)
    op.create_index('uq_job_live_task_object', 'job', ['task', 'object_id'], unique=True,
                    sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))


def downgrade():
    op.drop_index('uq_job_live_task_object', table_name='job')
    op.drop_index('ix_job_status_lease_until', table_name='job')
    op.drop_table('job')
