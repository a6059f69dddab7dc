"""Imports of office lists: batches (the upload and its check), the records each created, saved mappings.

Revision ID: a41c7d2e9b13
Revises: 7f3e2a91c4d0
Created: 2026-11-29 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a41c7d2e9b13'
down_revision = '7f3e2a91c4d0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('visit_date', sa.Date(), nullable=True),
    sa.Column('location', sa.String(length=20), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('checked_rows', sa.Integer(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('error', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('committed_at', sa.DateTime(), nullable=True),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_import_batch_area_id_area')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_import_batch_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['undone_by_id'], ['user_account.id'], name=op.f('fk_import_batch_undone_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batch_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batch_created_by_id'), ['created_by_id'], unique=False)
    op.create_table('imported_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_imported_record_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_record'))
    )
    with op.batch_alter_table('imported_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_record_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_record_object_id'), ['object_id'], unique=False)
    op.create_table('import_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_import_mapping_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mapping'))
    )


def downgrade():
    op.drop_table('import_mapping')
    with op.batch_alter_table('imported_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_record_object_id'))
        batch_op.drop_index(batch_op.f('ix_imported_record_batch_id'))
    op.drop_table('imported_record')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_import_batch_status'))
        batch_op.drop_index(batch_op.f('ix_import_batch_sha256'))
    op.drop_table('import_batch')
