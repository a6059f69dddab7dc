"""Registry: families, their members, children, hardship criteria, household history.

Revision ID: d485272c8ed6
Revises: bb8b0153daa5
Created: 2026-11-24 15:23:35.313746
"""
from alembic import op
import sqlalchemy as sa


revision = 'd485272c8ed6'
down_revision = 'bb8b0153daa5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.Enum('family', 'child', name='criterionkind', native_enum=False, length=8), nullable=False),
    sa.Column('name_ky', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('needs_text', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('code', name=op.f('uq_criterion_code'))
    )
    op.create_table('family',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=255), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('house', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.Column('phone_alt', sa.String(length=16), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_family_area_id_area')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_family_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family'))
    )
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_area_path'), ['area_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_phone_alt'), ['phone_alt'], unique=False)

    op.create_table('child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=255), nullable=False),
    sa.Column('surname', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), nullable=False),
    sa.Column('surname_key', sa.String(length=100), nullable=False),
    sa.Column('given_key', sa.String(length=100), nullable=False),
    sa.Column('surname_skeleton', sa.String(length=100), nullable=False),
    sa.Column('given_skeleton', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.Enum('F', 'M', name='sex', native_enum=False), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('birth_date_estimated', sa.Boolean(), nullable=False),
    sa.Column('pin', sa.String(length=14), nullable=True),
    sa.Column('birth_certificate', sa.Boolean(), nullable=False),
    sa.Column('disability', sa.Boolean(), nullable=False),
    sa.Column('living_arrangement', sa.Enum('both_parents', 'one_parent', 'relatives_parents_abroad', 'relatives', 'guardian', 'institution', 'alone', 'other', name='livingarrangement', native_enum=False, length=30), nullable=False),
    sa.Column('school_enrolled', sa.Boolean(), nullable=False),
    sa.Column('school_name', sa.String(length=120), nullable=False),
    sa.Column('school_grade', sa.SmallInteger(), nullable=True),
    sa.Column('attendance', sa.Enum('regular', 'irregular', 'not_attending', name='attendance', native_enum=False, length=16), nullable=True),
    sa.Column('non_attendance_reason', sa.String(length=300), nullable=False),
    sa.Column('consent', sa.Enum('yes', 'no', 'not_asked', name='consent', native_enum=False, length=10), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('consent_by', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_child_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_child_family_id_family')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['child.id'], name=op.f('fk_child_merged_into_id_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child')),
    sa.UniqueConstraint('pin', name=op.f('uq_child_pin'))
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_area_path'), ['area_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_birth_date'), ['birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_child_given_key', ['given_key'], unique=False)
        batch_op.create_index('ix_child_given_skeleton', ['given_skeleton'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index('ix_child_scope_name', ['area_path', 'surname_key'], unique=False)
        batch_op.create_index('ix_child_surname_skeleton', ['surname_skeleton'], unique=False)

    op.create_table('family_assistance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('low_income_benefit', 'disability_benefit', 'survivor_pension', 'humanitarian_aid', 'other', name='assistancekind', native_enum=False, length=24), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_family_assistance_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_assistance')),
    sa.UniqueConstraint('family_id', 'kind', name=op.f('uq_family_assistance_family_id'))
    )
    with op.batch_alter_table('family_assistance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_assistance_family_id'), ['family_id'], unique=False)

    op.create_table('family_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('noted_by_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_family_criterion_criterion_id_criterion')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_family_criterion_family_id_family')),
    sa.ForeignKeyConstraint(['noted_by_id'], ['user_account.id'], name=op.f('fk_family_criterion_noted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_criterion')),
    sa.UniqueConstraint('family_id', 'criterion_id', name=op.f('uq_family_criterion_family_id'))
    )
    with op.batch_alter_table('family_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_criterion_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_criterion_family_id'), ['family_id'], unique=False)

    op.create_table('family_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('surname', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.Enum('mother', 'father', 'stepmother', 'stepfather', 'grandmother', 'grandfather', 'aunt', 'uncle', 'adult_sibling', 'guardian', 'other', name='relation', native_enum=False, length=20), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('is_head', sa.Boolean(), nullable=False),
    sa.Column('is_caregiver', sa.Boolean(), nullable=False),
    sa.Column('abroad', sa.Boolean(), nullable=False),
    sa.Column('abroad_country', sa.String(length=60), nullable=False),
    sa.Column('abroad_since', sa.Date(), nullable=True),
    sa.Column('employment', sa.Enum('employed', 'self_employed', 'informal', 'unemployed', 'pensioner', 'student', 'homemaker', 'unknown', name='employment', native_enum=False, length=20), nullable=False),
    sa.Column('disability', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_family_member_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_member'))
    )
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_member_family_id'), ['family_id'], unique=False)

    op.create_table('child_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('noted_by_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_child_criterion_child_id_child')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_child_criterion_criterion_id_criterion')),
    sa.ForeignKeyConstraint(['noted_by_id'], ['user_account.id'], name=op.f('fk_child_criterion_noted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_criterion')),
    sa.UniqueConstraint('child_id', 'criterion_id', name=op.f('uq_child_criterion_child_id'))
    )
    with op.batch_alter_table('child_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_criterion_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_criterion_criterion_id'), ['criterion_id'], unique=False)

    op.create_table('child_family_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_child_family_link_child_id_child')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_child_family_link_family_id_family')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_child_family_link_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_family_link'))
    )
    with op.batch_alter_table('child_family_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_family_link_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_family_link_family_id'), ['family_id'], unique=False)

    op.create_table('distinct_children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('other_child_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_distinct_children_child_id_child')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_distinct_children_confirmed_by_id_user_account')),
    sa.ForeignKeyConstraint(['other_child_id'], ['child.id'], name=op.f('fk_distinct_children_other_child_id_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distinct_children')),
    sa.UniqueConstraint('child_id', 'other_child_id', name=op.f('uq_distinct_children_child_id'))
    )
    with op.batch_alter_table('distinct_children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distinct_children_child_id'), ['child_id'], unique=False)



def downgrade():
    with op.batch_alter_table('distinct_children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distinct_children_child_id'))

    op.drop_table('distinct_children')
    with op.batch_alter_table('child_family_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_family_link_family_id'))
        batch_op.drop_index(batch_op.f('ix_child_family_link_child_id'))

    op.drop_table('child_family_link')
    with op.batch_alter_table('child_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_criterion_criterion_id'))
        batch_op.drop_index(batch_op.f('ix_child_criterion_child_id'))

    op.drop_table('child_criterion')
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_member_family_id'))

    op.drop_table('family_member')
    with op.batch_alter_table('family_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_criterion_family_id'))
        batch_op.drop_index(batch_op.f('ix_family_criterion_criterion_id'))

    op.drop_table('family_criterion')
    with op.batch_alter_table('family_assistance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_assistance_family_id'))

    op.drop_table('family_assistance')
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index('ix_child_surname_skeleton')
        batch_op.drop_index('ix_child_scope_name')
        batch_op.drop_index(batch_op.f('ix_child_merged_into_id'))
        batch_op.drop_index('ix_child_given_skeleton')
        batch_op.drop_index('ix_child_given_key')
        batch_op.drop_index(batch_op.f('ix_child_family_id'))
        batch_op.drop_index(batch_op.f('ix_child_birth_date'))
        batch_op.drop_index(batch_op.f('ix_child_area_path'))

    op.drop_table('child')
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_phone_alt'))
        batch_op.drop_index(batch_op.f('ix_family_phone'))
        batch_op.drop_index(batch_op.f('ix_family_area_path'))
        batch_op.drop_index(batch_op.f('ix_family_area_id'))

    op.drop_table('family')
    op.drop_table('criterion')
