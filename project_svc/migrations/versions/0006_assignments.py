"""assignments (人员分配)

Revision ID: 0006
Revises: 0005 (the integrator rechains it after 0005)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('pending', 'confirmed')")


def upgrade():
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=100), nullable=False),
        sa.Column("id_type", sa.String(length=2), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("confirming_enterprise_id", sa.Integer(), nullable=True),
        sa.Column("confirming_participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("position", sa.String(length=24), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("team_name", sa.String(length=100), nullable=True),
        sa.Column("trade", sa.String(length=8), nullable=True),
        sa.Column("phone_masked", sa.String(length=20), nullable=True),
        sa.Column("lodging_on_site", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(length=80), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_assignment_open_person", "assignments", ["project_id", "person_id"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_assignment_employer", "assignments", ["enterprise_id", "project_id", "state"])
    op.create_index("ix_assignment_confirmer", "assignments", ["confirming_enterprise_id", "project_id", "state"])
    op.create_index("ix_assignment_person", "assignments", ["person_id"])
    op.create_index("ix_assignments_person_name", "assignments", ["person_name"])


def downgrade():
    op.drop_table("assignments")
