"""projects: the declaration (项目申报), its review state, and the rules its gates follow

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    # projects registered before declarations existed are in progress, their gates work as they did
    sa.Column("state", sa.String(length=20), nullable=False, server_default="in_progress"),
    sa.Column("assignment_required", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("binding_review_required", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("declarer_enterprise_id", sa.Integer(), nullable=True),
    sa.Column("category", sa.String(length=2), nullable=True),
    sa.Column("investment_type", sa.String(length=20), nullable=True),
    sa.Column("contact_name", sa.String(length=50), nullable=True),
    sa.Column("contact_phone", sa.String(length=20), nullable=True),
    sa.Column("area_code", sa.String(length=6), nullable=True),
    sa.Column("lat", sa.Numeric(9, 6), nullable=True),
    sa.Column("lng", sa.Numeric(9, 6), nullable=True),
    sa.Column("start_date", sa.Date(), nullable=True),
    sa.Column("planned_completion_date", sa.Date(), nullable=True),
    sa.Column("builder_license_number", sa.String(length=50), nullable=True),
    sa.Column("builder_license_date", sa.Date(), nullable=True),
    sa.Column("building_area", sa.Numeric(14, 2), nullable=True),
    sa.Column("building_height", sa.Numeric(8, 2), nullable=True),
    sa.Column("structure_levels", sa.String(length=100), nullable=True),
    sa.Column("construction_cost", sa.Numeric(14, 2), nullable=True),
    sa.Column("wage_bank", sa.String(length=3), nullable=True),
    sa.Column("deposit_method", sa.String(length=24), nullable=True),
    sa.Column("declared_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("reviewed_by", sa.String(length=80), nullable=True),
    sa.Column("rejection_reason", sa.Text(), nullable=True),
)
INDEXED = ("state", "declarer_enterprise_id", "area_code")


def upgrade():
    with op.batch_alter_table("projects") as projects:
        for column in COLUMNS:
            projects.add_column(column)
    for name in INDEXED:
        op.create_index(f"ix_projects_{name}", "projects", [name])


def downgrade():
    for name in INDEXED:
        op.drop_index(f"ix_projects_{name}", table_name="projects")
    with op.batch_alter_table("projects") as projects:
        for column in reversed(COLUMNS):
            projects.drop_column(column.name)
