"""project_bindings (项目人员绑定 and its review), project_join_codes and self_registrations (项目二维码)

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
        "project_bindings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("person_name", sa.String(length=100), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("face_verified", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=80), nullable=False),
        sa.Column("submitted_by_enterprise_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "person_id", name="uq_binding_project_person"),
    )
    op.create_index("ix_binding_project_state", "project_bindings", ["project_id", "state"])
    op.create_index("ix_project_bindings_enterprise_id", "project_bindings", ["enterprise_id"])
    op.create_table(
        "project_join_codes",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("project_id"),
        sa.UniqueConstraint("token"),
    )
    op.create_table(
        "self_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("id_number_index", sa.String(length=64), nullable=False),
        sa.Column("id_number_encrypted", sa.String(length=200), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("person_name", sa.String(length=50), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("native_place", sa.String(length=100), nullable=False),
        sa.Column("phone_encrypted", sa.String(length=200), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("address_detail", sa.String(length=200), nullable=False),
        sa.Column("person_kind", sa.String(length=12), nullable=False),
        sa.Column("trade", sa.String(length=40), nullable=False),
        sa.Column("household_type", sa.String(length=12), nullable=False),
        sa.Column("household_place", sa.String(length=200), nullable=False),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "id_number_index", name="uq_self_registration_person"),
    )
    op.create_index("ix_self_registrations_project_id", "self_registrations", ["project_id"])
    op.create_index("ix_self_registrations_enterprise_id", "self_registrations", ["enterprise_id"])


def downgrade():
    op.drop_index("ix_self_registrations_enterprise_id", table_name="self_registrations")
    op.drop_index("ix_self_registrations_project_id", table_name="self_registrations")
    op.drop_table("self_registrations")
    op.drop_table("project_join_codes")
    op.drop_index("ix_project_bindings_enterprise_id", table_name="project_bindings")
    op.drop_index("ix_binding_project_state", table_name="project_bindings")
    op.drop_table("project_bindings")
