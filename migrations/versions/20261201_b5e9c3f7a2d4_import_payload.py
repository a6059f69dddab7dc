"""The uploaded file and the preview of an import move out of import_batch into import_payload, kept
only while the import waits for a decision; import_batch gains purged_at. Previews of imports that
already went in (or were undone) are not carried over: nothing needs them any more.

Revision ID: b5e9c3f7a2d4
Revises: b3f9d1c7e5a2
Created: 2026-12-01 11:20:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'b5e9c3f7a2d4'
down_revision = 'b3f9d1c7e5a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_payload',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_payload_batch_id_import_batch'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_import_payload'))
    )
    op.execute("INSERT INTO import_payload (batch_id, content, report) "
               "SELECT id, content, report FROM import_batch WHERE content IS NOT NULL")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE import_batch SET purged_at = COALESCE(committed_at, created_at) WHERE content IS NULL")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('report')
        batch_op.drop_column('content')


def downgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('report', sa.JSON(), nullable=False, server_default='{}'))
    op.execute("UPDATE import_batch SET content = (SELECT p.content FROM import_payload p WHERE p.batch_id = import_batch.id), "
               "report = COALESCE((SELECT p.report FROM import_payload p WHERE p.batch_id = import_batch.id), report)")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.alter_column('report', server_default=None)
        batch_op.drop_column('purged_at')
    op.drop_table('import_payload')
