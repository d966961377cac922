"""idempotent_calls: each keyed call's result, written with its effect (chassis.idempotency)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idempotent_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("method", sa.String(length=120), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", "method", name="uq_idempotent_call_key_method"),
    )
    op.create_index("ix_idempotent_calls_created_at", "idempotent_calls", ["created_at"])


def downgrade():
    op.drop_index("ix_idempotent_calls_created_at", table_name="idempotent_calls")
    op.drop_table("idempotent_calls")
