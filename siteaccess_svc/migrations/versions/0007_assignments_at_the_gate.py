"""known_assignments, project rules, 非正常登记 flag, the typed personal codes

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("known_projects") as batch:
        batch.alter_column("name", existing_type=sa.String(length=200), nullable=True)
    op.add_column("known_projects", sa.Column("general_contractor_id", sa.Integer(), nullable=True))
    op.add_column("known_projects", sa.Column("assignment_required", sa.Boolean(), nullable=False,
                                              server_default=sa.text("false")))
    op.add_column("known_projects", sa.Column("binding_review_required", sa.Boolean(), nullable=False,
                                              server_default=sa.text("false")))
    op.add_column("known_projects", sa.Column("rules_as_of", sa.DateTime(timezone=True), nullable=True))
    op.add_column("entry_records", sa.Column("irregular", sa.Boolean(), nullable=False,
                                             server_default=sa.text("false")))
    op.create_index("ix_entry_irregular_date", "entry_records", ["entry_date", "id"],
                    postgresql_where=sa.text("irregular"), sqlite_where=sa.text("irregular"))
    op.create_table(
        "known_assignments",
        sa.Column("assignment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=50), nullable=True),
        sa.Column("id_number_masked", sa.String(length=20), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("confirming_enterprise_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=True),
        sa.Column("position", sa.String(length=50), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("team_name", sa.String(length=100), nullable=True),
        sa.Column("trade", sa.String(length=8), nullable=True),
        sa.Column("lodging_on_site", sa.Boolean(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("assignment_id"),
    )
    op.create_index("ix_known_assignment_project_person", "known_assignments", ["project_id", "person_id"])
    op.create_index("ix_known_assignment_project_state", "known_assignments", ["project_id", "state"])
    op.create_table(
        "personal_short_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    op.create_index("ix_personal_short_codes_expires_at", "personal_short_codes", ["expires_at"])


def downgrade():
    op.drop_index("ix_personal_short_codes_expires_at", table_name="personal_short_codes")
    op.drop_table("personal_short_codes")
    op.drop_index("ix_known_assignment_project_state", table_name="known_assignments")
    op.drop_index("ix_known_assignment_project_person", table_name="known_assignments")
    op.drop_table("known_assignments")
    op.drop_index("ix_entry_irregular_date", table_name="entry_records")
    op.drop_column("entry_records", "irregular")
    for column in ("rules_as_of", "binding_review_required", "assignment_required", "general_contractor_id"):
        op.drop_column("known_projects", column)
    with op.batch_alter_table("known_projects") as batch:
        batch.alter_column("name", existing_type=sa.String(length=200), nullable=False)
