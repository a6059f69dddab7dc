"""Cases: one per child in the monitoring cycle, with its assignment history.

Revision ID: 262883d57743
Revises: 958013cfbdcd
Created: 2026-11-24 16:08:37.100793
"""
from alembic import op
import sqlalchemy as sa


revision = '262883d57743'
down_revision = '958013cfbdcd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=255), nullable=False),
    sa.Column('source', sa.Enum('monitoring_group', 'school', 'police', 'health', 'social_worker', 'hotline', 'self_referral', 'assessment', name='casesource', native_enum=False, length=20), nullable=False),
    sa.Column('identified_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('danger', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['user_account.id'], name=op.f('fk_case_file_assigned_to_id_user_account')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_case_file_child_id_child')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_case_file_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_file'))
    )
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_area_path'), ['area_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_file_identified_on'), ['identified_on'], unique=False)

    op.create_table('case_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_case_assignment_assigned_by_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_assignment_case_id_case_file')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_case_assignment_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_assignment'))
    )
    with op.batch_alter_table('case_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_assignment_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('case_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_assignment_case_id'))

    op.drop_table('case_assignment')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_file_identified_on'))
        batch_op.drop_index(batch_op.f('ix_case_file_closed_at'))
        batch_op.drop_index(batch_op.f('ix_case_file_child_id'))
        batch_op.drop_index(batch_op.f('ix_case_file_assigned_to_id'))
        batch_op.drop_index(batch_op.f('ix_case_file_area_path'))

    op.drop_table('case_file')
