"""blind-indexed fragments of ID numbers, for 模糊查询

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 12:50:00.000000

The fragments of a number are blind indexes made with the installation's
keys, which a migration does not hold: persons registered before this
revision have none until ``python -m identity_svc.reindex`` (keys and
IDENTITY_DB_URL from the environment, or var/secrets.env) writes them. It is
idempotent and only touches persons without fragments. Until it has run,
those persons are found by their whole number and their name, as before.
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('id_number_fragments',
    sa.Column('fragment_index', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('fragment_index', 'person_id')
    )
    with op.batch_alter_table('id_number_fragments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_id_number_fragments_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('id_number_fragments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_id_number_fragments_person_id'))

    op.drop_table('id_number_fragments')
