"""Row versions on areas, accounts, criteria, sectors and prohibited work (no lost updates).

Revision ID: 8b11ac378796
Revises: b28f48619967
Created: 2026-11-24 16:21:12.270728
"""
from alembic import op
import sqlalchemy as sa


revision = '8b11ac378796'
down_revision = 'b28f48619967'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('prohibited_work', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('sector', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('sector', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('prohibited_work', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('version')

