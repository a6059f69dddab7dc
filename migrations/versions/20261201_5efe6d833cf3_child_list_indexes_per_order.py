"""The child list at region scale: "needs action" becomes a column the database computes from the
status (`needs_action`, always current), and each order of the list (name, newest, youngest) reads
its own index in order with the area, "merged" and every filter's column inside it, so a filtered
page costs a page's worth of index entries, not a sort of every matching child of the region.
Children who need action get their own partial indexes in name and newest order. The index on
birth_date alone is replaced by the youngest-first index, which begins with it. The indexes of the
name search carry the area path, so a search within one ayil aimak reads only its children.

Revision ID: 5efe6d833cf3
Revises: 16f4ad6bfa41
Created: 2026-12-01 00:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '5efe6d833cf3'
down_revision = '16f4ad6bfa41'
branch_labels = None
depends_on = None

NEEDS_ACTION_SQL = "coalesce(labour_action IN ('prevent', 'protect', 'withdraw'), false)"
FILTERS = ['area_path', 'merged_into_id', 'needs_action', 'labour_category', 'sex', 'birth_date', 'attendance']
NEEDING_FILTERS = [c for c in FILTERS if c != 'needs_action']
SEARCHED = [('ix_child_surname_skeleton', 'surname_skeleton'), ('ix_child_given_skeleton', 'given_skeleton'),
            ('ix_child_given_key', 'given_key')]
NEEDING = {'sqlite_where': sa.text('needs_action = 1'), 'postgresql_where': sa.text('needs_action')}


def upgrade():
    # A generated column: VIRTUAL on SQLite (which can add no other kind to a table; its indexes
    # store the values), STORED on PostgreSQL.
    op.add_column('child', sa.Column('needs_action', sa.Boolean(), sa.Computed(NEEDS_ACTION_SQL), nullable=True))
    op.drop_index('ix_child_name', table_name='child')
    op.drop_index('ix_child_newest', table_name='child')
    op.drop_index('ix_child_birth_date', table_name='child')
    op.create_index('ix_child_name', 'child', ['surname_key', 'given_key', 'id', *FILTERS])
    op.create_index('ix_child_newest', 'child', ['created_at', 'id', *FILTERS])
    op.create_index('ix_child_youngest', 'child', ['birth_date', 'id', *[c for c in FILTERS if c != 'birth_date']])
    op.create_index('ix_child_needs_action_name', 'child', ['surname_key', 'given_key', 'id', *NEEDING_FILTERS],
                    **NEEDING)
    op.create_index('ix_child_needs_action_newest', 'child', ['created_at', 'id', *NEEDING_FILTERS], **NEEDING)
    for name, column in SEARCHED:
        op.drop_index(name, table_name='child')
        op.create_index(name, 'child', [column, 'area_path', 'merged_into_id'])


def downgrade():
    for name, column in SEARCHED:
        op.drop_index(name, table_name='child')
        op.create_index(name, 'child', [column])
    op.drop_index('ix_child_needs_action_newest', table_name='child')
    op.drop_index('ix_child_needs_action_name', table_name='child')
    op.drop_index('ix_child_youngest', table_name='child')
    op.drop_index('ix_child_newest', table_name='child')
    op.drop_index('ix_child_name', table_name='child')
    op.create_index('ix_child_birth_date', 'child', ['birth_date'])
    op.create_index('ix_child_newest', 'child', ['created_at', 'id'])
    op.create_index('ix_child_name', 'child', ['surname_key', 'given_key', 'id', 'area_path', 'merged_into_id'])
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('needs_action')
