"""Assessments keep the SDG 8.7.1 series flags as columns, so reports count them in SQL.

Revision ID: 7f3e2a91c4d0
Revises: 628ac3a1ae53
Created: 2026-11-29 20:40:00
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '7f3e2a91c4d0'
down_revision = '628ac3a1ae53'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sdg_series_1', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('sdg_series_2', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Back-fill from the stored classification results (the flags were kept there).
    connection = op.get_bind()
    assessment = sa.table('assessment', sa.column('id', sa.Integer), sa.column('result', sa.JSON),
                          sa.column('sdg_series_1', sa.Boolean), sa.column('sdg_series_2', sa.Boolean))
    rows = connection.execute(sa.select(assessment.c.id, assessment.c.result)).all()
    for row_id, result in rows:
        if isinstance(result, str):
            result = json.loads(result)
        flags = ((result or {}).get('ilo') or {}).get('flags') or {}
        if flags.get('sdg_series_1') or flags.get('sdg_series_2'):
            connection.execute(assessment.update().where(assessment.c.id == row_id).values(
                sdg_series_1=bool(flags.get('sdg_series_1')), sdg_series_2=bool(flags.get('sdg_series_2'))))


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('sdg_series_2')
        batch_op.drop_column('sdg_series_1')
