"""where a reveal happened (a person page, an export)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reveal_audit") as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("reveal_audit") as batch_op:
        batch_op.drop_column("purpose")
