"""Service providers (with capacity) and referrals of children to their services.

Revision ID: deec309a1c75
Revises: 8b11ac378796
Created: 2026-11-24 16:40:39.184280
"""
from alembic import op
import sqlalchemy as sa


revision = 'deec309a1c75'
down_revision = '8b11ac378796'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('service_provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('service_type', sa.String(length=30), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_service_provider_area_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_provider'))
    )
    with op.batch_alter_table('service_provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_provider_service_type'), ['service_type'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('service_type', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('decline_reason', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('consent_override_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_referral_case_id_case_file')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_referral_child_id_child')),
    sa.ForeignKeyConstraint(['consent_override_by_id'], ['user_account.id'], name=op.f('fk_referral_consent_override_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_referral_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['provider_id'], ['service_provider.id'], name=op.f('fk_referral_provider_id_service_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_status'))
        batch_op.drop_index(batch_op.f('ix_referral_provider_id'))
        batch_op.drop_index(batch_op.f('ix_referral_child_id'))
        batch_op.drop_index(batch_op.f('ix_referral_case_id'))

    op.drop_table('referral')
    with op.batch_alter_table('service_provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_provider_service_type'))

    op.drop_table('service_provider')
