"""Area paths compared byte by byte (collation "C") on PostgreSQL, whatever the database's default
collation: under a Russian one no index on them served the scoping of lists, counts and exports.
ALTER COLUMN ... TYPE rebuilds the indexes on each column. SQLite compares in binary already:
nothing to do there.

Revision ID: b5c9e3a7d1f2
Revises: b5c9d3e7f2a6
Created: 2026-12-01 11:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'b5c9e3a7d1f2'
down_revision = 'b5c9d3e7f2a6'
branch_labels = None
depends_on = None

PATH_COLUMNS = [('area', 'path'), ('family', 'area_path'), ('child', 'area_path'), ('case_file', 'area_path'),
                ('commission_sitting', 'area_path')]


def _collate(collation):
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, column in PATH_COLUMNS:
        op.alter_column(table, column, type_=sa.String(255, collation=collation),
                        existing_type=sa.String(255), existing_nullable=False)


def upgrade():
    _collate('C')


def downgrade():
    _collate('default')
