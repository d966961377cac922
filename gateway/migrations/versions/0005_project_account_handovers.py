"""project account handovers: the site account an approved declaration gets, until its declarer receives it

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_account_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("declarer_enterprise_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("project_id", name="uq_project_account_handovers_project_id"),
    )
    op.create_index("ix_project_account_handovers_declarer_enterprise_id", "project_account_handovers",
                    ["declarer_enterprise_id"])


def downgrade():
    op.drop_index("ix_project_account_handovers_declarer_enterprise_id", table_name="project_account_handovers")
    op.drop_table("project_account_handovers")
