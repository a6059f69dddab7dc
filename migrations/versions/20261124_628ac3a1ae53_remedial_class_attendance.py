"""Remedial-class monthly attendance of referred children.

Revision ID: 628ac3a1ae53
Revises: ea558c9f689e
Created: 2026-11-24 17:09:59.169860
"""
from alembic import op
import sqlalchemy as sa


revision = '628ac3a1ae53'
down_revision = 'ea558c9f689e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('remedial_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('class_days', sa.Integer(), nullable=False),
    sa.Column('present_days', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_remedial_attendance_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_remedial_attendance_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remedial_attendance')),
    sa.UniqueConstraint('referral_id', 'month', name=op.f('uq_remedial_attendance_referral_id'))
    )
    with op.batch_alter_table('remedial_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remedial_attendance_referral_id'), ['referral_id'], unique=False)



def downgrade():
    with op.batch_alter_table('remedial_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remedial_attendance_referral_id'))

    op.drop_table('remedial_attendance')
