"""Indexes for sign-in throttling: failures per user name and per client address within a window
are counted on (username, at) and (ip, at); the single-column username index is covered by the
first and dropped. The global count per minute and the purge of old rows use ix_login_attempt_at.

Revision ID: b3f9d1c7e5a2
Revises: a8d2e6f4c1b9
Created: 2026-12-01 00:00:00
"""
from alembic import op


revision = 'b3f9d1c7e5a2'
down_revision = 'a8d2e6f4c1b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_username')
        batch_op.create_index('ix_login_attempt_username_at', ['username', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_ip_at', ['ip', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_ip_at')
        batch_op.drop_index('ix_login_attempt_username_at')
        batch_op.create_index('ix_login_attempt_username', ['username'], unique=False)
