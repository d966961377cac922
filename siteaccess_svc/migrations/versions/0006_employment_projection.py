"""known_employments, known_teams: employment_svc's relations and teams, as its events tell them

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "known_employments",
        sa.Column("relation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=50), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("is_team_leader", sa.Boolean(), nullable=False),
        sa.Column("team_as_of", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("relation_id"),
    )
    op.create_index("ix_known_employment_person_state", "known_employments", ["person_id", "state"])
    op.create_index("ix_known_employment_team_state", "known_employments", ["team_id", "state"])
    op.create_index("ix_known_employment_enterprise_state", "known_employments", ["enterprise_id", "state"])
    op.create_table(
        "known_teams",
        sa.Column("team_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=True),
        sa.Column("trade", sa.String(length=8), nullable=True),
        sa.Column("leader_person_id", sa.Integer(), nullable=True),
        sa.Column("dissolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_index("ix_known_teams_enterprise_id", "known_teams", ["enterprise_id"])


def downgrade():
    op.drop_index("ix_known_teams_enterprise_id", table_name="known_teams")
    op.drop_table("known_teams")
    op.drop_index("ix_known_employment_enterprise_state", table_name="known_employments")
    op.drop_index("ix_known_employment_team_state", table_name="known_employments")
    op.drop_index("ix_known_employment_person_state", table_name="known_employments")
    op.drop_table("known_employments")
