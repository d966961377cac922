"""worker_profiles, teams, contract_records, contract_documents, stored_documents: 基本信息登记, 班组, 劳动合同

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
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("trade", sa.String(length=8), nullable=True),
        sa.Column("leader_relation_id", sa.Integer(), sa.ForeignKey("employment_relations.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "name", name="uq_team_enterprise_name"),
    )
    op.create_index("ix_teams_enterprise_id", "teams", ["enterprise_id"])
    op.create_table(
        "worker_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation_id", sa.Integer(), sa.ForeignKey("employment_relations.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("phone_encrypted", sa.Text(), nullable=True),
        sa.Column("phone_masked", sa.String(length=20), nullable=True),
        sa.Column("education", sa.String(length=8), nullable=True),
        sa.Column("politics", sa.String(length=4), nullable=True),
        sa.Column("is_safety_officer", sa.Boolean(), nullable=False),
        sa.Column("trade", sa.String(length=8), nullable=True),
        sa.Column("certificate_type", sa.String(length=24), nullable=True),
        sa.Column("certificate_number", sa.String(length=50), nullable=True),
        sa.Column("certificate_valid_until", sa.Date(), nullable=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("contract_starts_on", sa.Date(), nullable=True),
        sa.Column("contract_ends_on", sa.Date(), nullable=True),
        sa.Column("is_temporary", sa.Boolean(), nullable=False),
        sa.Column("bank", sa.String(length=8), nullable=True),
        sa.Column("wage_card_encrypted", sa.Text(), nullable=True),
        sa.Column("wage_card_masked", sa.String(length=30), nullable=True),
        sa.Column("wage_scheme", sa.String(length=8), nullable=True),
        sa.Column("daily_wage", sa.Numeric(10, 2), nullable=True),
        sa.Column("unit_price", sa.Numeric(10, 2), nullable=True),
        sa.Column("piece_unit", sa.String(length=4), nullable=True),
        sa.Column("blood_type", sa.String(length=8), nullable=True),
        sa.Column("emergency_contact_name", sa.String(length=50), nullable=True),
        sa.Column("emergency_contact_phone_encrypted", sa.Text(), nullable=True),
        sa.Column("emergency_contact_phone_masked", sa.String(length=20), nullable=True),
        sa.Column("position", sa.String(length=50), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("relation_id"),
    )
    op.create_index("ix_worker_profiles_enterprise_id", "worker_profiles", ["enterprise_id"])
    op.create_index("ix_worker_profiles_person_id", "worker_profiles", ["person_id"])
    op.create_index("ix_worker_profiles_team_id", "worker_profiles", ["team_id"])
    op.create_table(
        "contract_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation_id", sa.Integer(), sa.ForeignKey("employment_relations.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("contract_type", sa.String(length=12), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("relation_id"),
    )
    op.create_index("ix_contract_records_enterprise_id", "contract_records", ["enterprise_id"])
    op.create_index("ix_contract_records_ends_on", "contract_records", ["ends_on"])
    op.create_table(
        "contract_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract_records.id"), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("storage_key"),
    )
    op.create_index("ix_contract_documents_contract_id", "contract_documents", ["contract_id"])
    op.create_table(
        "stored_documents",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade():
    op.drop_table("stored_documents")
    op.drop_table("contract_documents")
    op.drop_table("contract_records")
    op.drop_table("worker_profiles")
    op.drop_table("teams")
