"""Commission on Children's Affairs: sittings, resolutions on cases, decided measures.

Revision ID: ea558c9f689e
Revises: c186441db800
Created: 2026-11-24 17:01:50.439859
"""
from alembic import op
import sqlalchemy as sa


revision = 'ea558c9f689e'
down_revision = 'c186441db800'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('commission_sitting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=255), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_commission_sitting_area_id_area')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_commission_sitting_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_sitting'))
    )
    with op.batch_alter_table('commission_sitting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commission_sitting_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commission_sitting_area_path'), ['area_path'], unique=False)

    op.create_table('commission_resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_commission_resolution_case_id_case_file')),
    sa.ForeignKeyConstraint(['sitting_id'], ['commission_sitting.id'], name=op.f('fk_commission_resolution_sitting_id_commission_sitting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_resolution'))
    )
    with op.batch_alter_table('commission_resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commission_resolution_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commission_resolution_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('commission_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('service_type', sa.String(length=30), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_commission_measure_referral_id_referral')),
    sa.ForeignKeyConstraint(['resolution_id'], ['commission_resolution.id'], name=op.f('fk_commission_measure_resolution_id_commission_resolution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_measure'))
    )
    with op.batch_alter_table('commission_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commission_measure_resolution_id'), ['resolution_id'], unique=False)



def downgrade():
    with op.batch_alter_table('commission_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commission_measure_resolution_id'))

    op.drop_table('commission_measure')
    with op.batch_alter_table('commission_resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commission_resolution_sitting_id'))
        batch_op.drop_index(batch_op.f('ix_commission_resolution_case_id'))

    op.drop_table('commission_resolution')
    with op.batch_alter_table('commission_sitting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commission_sitting_area_path'))
        batch_op.drop_index(batch_op.f('ix_commission_sitting_area_id'))

    op.drop_table('commission_sitting')
