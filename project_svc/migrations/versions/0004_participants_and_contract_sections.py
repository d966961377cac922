"""participants (参建单位) and contract_sections (合同标段)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("contracted_by_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("manager_name", sa.String(length=50), nullable=True),
        sa.Column("manager_phone", sa.String(length=20), nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "enterprise_id", "role"),
    )
    op.create_index("ix_participants_project_id", "participants", ["project_id"])
    op.create_index("ix_participants_enterprise_id", "participants", ["enterprise_id"])
    op.create_index("ix_participants_contracted_by_id", "participants", ["contracted_by_id"])
    op.create_table(
        "contract_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("report_number", sa.String(length=40), nullable=False),
        sa.Column("section_number", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("manager_name", sa.String(length=50), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_number"),
    )
    op.create_index("ix_contract_sections_project_id", "contract_sections", ["project_id"])
    op.create_index("ix_contract_sections_participant_id", "contract_sections", ["participant_id"])


def downgrade():
    op.drop_table("contract_sections")
    op.drop_table("participants")
