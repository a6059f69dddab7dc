"""Timestamps become instants: TIMESTAMP WITH TIME ZONE on PostgreSQL.

The columns held naive UTC (written by `utcnow()`); `AT TIME ZONE 'UTC'` reads each value as UTC,
so no instant moves. One ALTER TABLE per table (one rewrite each, under an exclusive lock: a few
seconds for the largest tables). SQLite keeps the same text (UTC, no offset), which the column type
`UTCDateTime` reads back as UTC: nothing to change there.

Revision ID: c7d1e5f9a3b8
Revises: b5c9e3a7d1f2
Created: 2026-12-01 11:00:00
"""
from alembic import op


revision = 'c7d1e5f9a3b8'
down_revision = 'b5c9e3a7d1f2'
branch_labels = None
depends_on = None

TIMESTAMPS = {
    'area': ('retired_at', 'created_at'),
    'assessment': ('created_at',),
    'audit_event': ('at',),
    'case_assignment': ('assigned_at',),
    'case_closure': ('proposed_at', 'decided_at', 'reopened_at'),
    'case_file': ('created_at', 'closed_at', 'archived_at'),
    'case_plan': ('created_at', 'decided_at'),
    'child': ('erased_at', 'archived_at', 'merged_at', 'created_at', 'updated_at'),
    'commission_sitting': ('created_at',),
    'distinct_children': ('confirmed_at',),
    'family': ('created_at', 'updated_at'),
    'import_batch': ('created_at', 'committed_at', 'undone_at', 'purged_at'),
    'import_mapping': ('created_at',),
    'login_attempt': ('at',),
    'recovery_code': ('used_at',),
    'referral': ('created_at',),
    'remedial_attendance': ('recorded_at',),
    'report_snapshot': ('started_at', 'computed_at'),
    'threshold_set': ('created_at',),
    'user_account': ('password_changed_at', 'created_at', 'last_login_at', 'totp_enabled_at'),
}


def _retype(target: str) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in TIMESTAMPS.items():
        clauses = ', '.join(f'ALTER COLUMN "{column}" TYPE {target} USING "{column}" AT TIME ZONE \'UTC\''
                            for column in columns)
        op.execute(f'ALTER TABLE "{table}" {clauses}')


def upgrade():
    _retype('TIMESTAMP WITH TIME ZONE')


def downgrade():
    _retype('TIMESTAMP WITHOUT TIME ZONE')
