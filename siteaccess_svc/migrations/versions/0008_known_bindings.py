"""known_bindings: the gate's copy of 项目人员绑定's decisions

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "known_bindings",
        sa.Column("project_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("binding_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=True),
        sa.Column("decided_as_of", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("project_id", "person_id"),
    )


def downgrade():
    op.drop_table("known_bindings")
