"""Assessments: sectors, the national list of prohibited work, versioned thresholds, assessments with their classification, and the child's current status.

Revision ID: 52ff7dc82fd2
Revises: d485272c8ed6
Created: 2026-11-24 15:35:31.518546
"""
from alembic import op
import sqlalchemy as sa


revision = '52ff7dc82fd2'
down_revision = 'd485272c8ed6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prohibited_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ky', sa.String(length=300), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prohibited_work')),
    sa.UniqueConstraint('code', name=op.f('uq_prohibited_work_code'))
    )
    op.create_table('sector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('group', sa.String(length=30), nullable=False),
    sa.Column('name_ky', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sector')),
    sa.UniqueConstraint('code', name=op.f('uq_sector_code'))
    )
    op.create_table('threshold_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('legal_basis', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_threshold_set_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threshold_set')),
    sa.UniqueConstraint('version', name=op.f('uq_threshold_set_version'))
    )
    with op.batch_alter_table('threshold_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_threshold_set_effective_from'), ['effective_from'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=20), nullable=False),
    sa.Column('location_note', sa.String(length=200), nullable=False),
    sa.Column('age', sa.SmallInteger(), nullable=False),
    sa.Column('school_attendance', sa.String(length=16), nullable=True),
    sa.Column('school_year', sa.Boolean(), nullable=False),
    sa.Column('chores_hours', sa.Float(), nullable=True),
    sa.Column('worst_forms', sa.JSON(), nullable=False),
    sa.Column('parental_consent_written', sa.Boolean(), nullable=True),
    sa.Column('light_work', sa.Boolean(), nullable=True),
    sa.Column('contract', sa.Boolean(), nullable=True),
    sa.Column('medical_check', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('thresholds_id', sa.Integer(), nullable=False),
    sa.Column('national_category', sa.String(length=30), nullable=False),
    sa.Column('national_action', sa.String(length=12), nullable=False),
    sa.Column('ilo_category', sa.String(length=30), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user_account.id'], name=op.f('fk_assessment_assessed_by_id_user_account')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_assessment_child_id_child')),
    sa.ForeignKeyConstraint(['thresholds_id'], ['threshold_set.id'], name=op.f('fk_assessment_thresholds_id_threshold_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_ilo_category'), ['ilo_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_national_category'), ['national_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_visit_date'), ['visit_date'], unique=False)

    op.create_table('work_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('prohibited_work_id', sa.Integer(), nullable=True),
    sa.Column('employer', sa.String(length=10), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('hours_last_7_days', sa.Float(), nullable=True),
    sa.Column('usual_hours_per_week', sa.Float(), nullable=True),
    sa.Column('days_per_week', sa.SmallInteger(), nullable=True),
    sa.Column('daily_hours', sa.Float(), nullable=True),
    sa.Column('during_school_hours', sa.Boolean(), nullable=False),
    sa.Column('at_night', sa.Boolean(), nullable=False),
    sa.Column('on_rest_days', sa.Boolean(), nullable=False),
    sa.Column('overtime', sa.Boolean(), nullable=False),
    sa.Column('adult_venue', sa.Boolean(), nullable=False),
    sa.Column('hazards', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_work_activity_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['prohibited_work_id'], ['prohibited_work.id'], name=op.f('fk_work_activity_prohibited_work_id_prohibited_work')),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_work_activity_sector_id_sector')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_activity'))
    )
    with op.batch_alter_table('work_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_activity_assessment_id'), ['assessment_id'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('labour_category', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('labour_action', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('labour_ilo_category', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('labour_reasons', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('labour_assessed_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_child_labour_action'), ['labour_action'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_labour_category'), ['labour_category'], unique=False)



def downgrade():
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_labour_category'))
        batch_op.drop_index(batch_op.f('ix_child_labour_action'))
        batch_op.drop_column('labour_assessed_on')
        batch_op.drop_column('labour_reasons')
        batch_op.drop_column('labour_ilo_category')
        batch_op.drop_column('labour_action')
        batch_op.drop_column('labour_category')

    with op.batch_alter_table('work_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_activity_assessment_id'))

    op.drop_table('work_activity')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_visit_date'))
        batch_op.drop_index(batch_op.f('ix_assessment_national_category'))
        batch_op.drop_index(batch_op.f('ix_assessment_ilo_category'))
        batch_op.drop_index(batch_op.f('ix_assessment_child_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('threshold_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threshold_set_effective_from'))

    op.drop_table('threshold_set')
    op.drop_table('sector')
    op.drop_table('prohibited_work')
