"""One plan version per number and case: the numbers are "the highest + 1", and two saves at the same
moment could both take the same one (monitor/cases/plans.py now makes them take turns; this index
holds should anything else write one). Versions already numbered twice are renumbered in the order
they were saved (by number, then id) before the index is made.

Revision ID: d0755593628f
Revises: c7d1e5f9a3b8
Created: 2026-12-01 00:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'd0755593628f'
down_revision = 'c7d1e5f9a3b8'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    doubled = bind.execute(
        sa.text('SELECT DISTINCT case_id FROM case_plan GROUP BY case_id, number HAVING COUNT(*) > 1')
    ).scalars().all()
    for case_id in doubled:
        ids = bind.execute(
            sa.text('SELECT id FROM case_plan WHERE case_id = :case_id ORDER BY number, id'), {'case_id': case_id}
        ).scalars().all()
        for number, plan_id in enumerate(ids, start=1):
            bind.execute(sa.text('UPDATE case_plan SET number = :number WHERE id = :id'), {'number': number, 'id': plan_id})
    op.create_index('uq_case_plan_case_id_number', 'case_plan', ['case_id', 'number'], unique=True)


def downgrade():
    op.drop_index('uq_case_plan_case_id_number', table_name='case_plan')
