"""key_position_registrations (关键岗位) and stored_documents (资质证书)

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
    op.create_table(
        "key_position_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("unit_role", sa.String(length=24), nullable=False),
        sa.Column("position", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=50), nullable=False),
        sa.Column("id_type", sa.String(length=4), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("holder_slot", sa.String(length=80), nullable=True),
        sa.Column("person_slot", sa.String(length=100), nullable=True),
        sa.Column("certificate_filename", sa.String(length=200), nullable=False),
        sa.Column("certificate_content_type", sa.String(length=40), nullable=False),
        sa.Column("certificate_size", sa.Integer(), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("certificate_key", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=80), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("rejection_reason", sa.String(length=500), nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("exit_on", sa.Date(), nullable=True),
        sa.Column("exit_note", sa.String(length=500), nullable=True),
        sa.Column("exit_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exit_requested_by", sa.String(length=80), nullable=True),
        sa.Column("exit_reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exit_reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("exit_rejection_reason", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("holder_slot"),
        sa.UniqueConstraint("person_slot"),
        sa.UniqueConstraint("certificate_key"),
    )
    for column in ("project_id", "participant_id", "enterprise_id", "person_id", "state"):
        op.create_index(f"ix_key_position_registrations_{column}", "key_position_registrations", [column])
    op.create_table(
        "stored_documents",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade():
    op.drop_table("stored_documents")
    op.drop_table("key_position_registrations")
