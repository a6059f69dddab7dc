"""Individual child protection plans: versions with goals and actions, approval.

Revision ID: c186441db800
Revises: deec309a1c75
Created: 2026-11-24 16:55:04.257287
"""
from alembic import op
import sqlalchemy as sa


revision = 'c186441db800'
down_revision = 'deec309a1c75'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_plan_case_id_case_file')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_case_plan_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_case_plan_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_plan'))
    )
    with op.batch_alter_table('case_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_plan_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_plan_status'), ['status'], unique=False)

    op.create_table('case_plan_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=300), nullable=False),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['case_plan.id'], name=op.f('fk_case_plan_action_plan_id_case_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_plan_action'))
    )
    with op.batch_alter_table('case_plan_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_plan_action_plan_id'), ['plan_id'], unique=False)



def downgrade():
    with op.batch_alter_table('case_plan_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_plan_action_plan_id'))

    op.drop_table('case_plan_action')
    with op.batch_alter_table('case_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_plan_status'))
        batch_op.drop_index(batch_op.f('ix_case_plan_case_id'))

    op.drop_table('case_plan')
