"""Case closure proposals and decisions, and archiving of closed cases (retention).

Revision ID: b28f48619967
Revises: 262883d57743
Created: 2026-11-24 16:14:27.835506
"""
from alembic import op
import sqlalchemy as sa


revision = 'b28f48619967'
down_revision = '262883d57743'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('outcome_reached', 'moved_away', 'turned_18', 'died', 'other', name='closurereason', native_enum=False, length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('outcome_rule', sa.String(length=40), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reopened_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_closure_case_id_case_file')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_case_closure_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_case_closure_proposed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_closure'))
    )
    with op.batch_alter_table('case_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_closure_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_closure_decision'), ['decision'], unique=False)

    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_case_file_archived_at'), ['archived_at'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_file_archived_at'))
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('case_closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_closure_decision'))
        batch_op.drop_index(batch_op.f('ix_case_closure_case_id'))

    op.drop_table('case_closure')
