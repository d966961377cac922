"""管理人员登记: the manager profile and its repeating sections, person documents and their store, and the
projection of employment relations (with processed_events again: this service now handles events)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (table, its own columns): every repeating section has id, person_id and position besides
SECTIONS = {
    "manager_education": [
        sa.Column("school", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("major", sa.String(length=100), nullable=True),
        sa.Column("graduated", sa.Boolean(), nullable=True),
    ],
    "manager_emergency_contacts": [
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone_encrypted", sa.Text(), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
    ],
    "manager_trainings": [
        sa.Column("institution", sa.String(length=100), nullable=False),
        sa.Column("course", sa.String(length=100), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("score", sa.String(length=50), nullable=True),
    ],
    "manager_titles": [
        sa.Column("title_name", sa.String(length=100), nullable=False),
        sa.Column("title_level", sa.String(length=2), nullable=True),
        sa.Column("granted_by", sa.String(length=100), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=True),
    ],
    "manager_licences": [
        sa.Column("licence_number", sa.String(length=50), nullable=False),
        sa.Column("licence_name", sa.String(length=100), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=True),
    ],
    "manager_awards": [
        sa.Column("award_name", sa.String(length=100), nullable=False),
        sa.Column("awarded_by", sa.String(length=100), nullable=True),
        sa.Column("awarded_on", sa.Date(), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=True),
    ],
}


def upgrade():
    op.create_table(
        "manager_profiles",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("former_name", sa.String(length=50), nullable=True),
        sa.Column("social_insurance", sa.String(length=200), nullable=True),
        sa.Column("social_insurance_proof_date", sa.Date(), nullable=True),
        sa.Column("professional_title", sa.String(length=50), nullable=True),
        sa.Column("hukou_type", sa.String(length=2), nullable=True),
        sa.Column("hukou_location", sa.String(length=200), nullable=True),
        sa.Column("residence_address", sa.String(length=200), nullable=True),
        sa.Column("residence_detail", sa.String(length=200), nullable=True),
        sa.Column("native_place", sa.String(length=100), nullable=True),
        sa.Column("marital_status", sa.String(length=2), nullable=True),
        sa.Column("highest_education", sa.String(length=2), nullable=True),
        sa.Column("highest_education_type", sa.String(length=2), nullable=True),
        sa.Column("highest_degree", sa.String(length=2), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    for table, columns in SECTIONS.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(f"ix_{table}_person_id", table, ["person_id"])
    op.create_table(
        "person_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("storage_key"),
    )
    op.create_index("ix_person_documents_person_id", "person_documents", ["person_id"])
    op.create_table(
        "document_contents",
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("storage_key"),
    )
    op.create_table(
        "known_employments",
        sa.Column("relation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("relation_id"),
    )
    op.create_index("ix_known_employments_enterprise_id", "known_employments", ["enterprise_id"])
    op.create_index("ix_known_employments_person_id", "known_employments", ["person_id"])
    op.create_table(
        "processed_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("handler", sa.String(length=120), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "handler", name="uq_processed_event_handler"),
    )


def downgrade():
    op.drop_table("processed_events")
    op.drop_index("ix_known_employments_person_id", table_name="known_employments")
    op.drop_index("ix_known_employments_enterprise_id", table_name="known_employments")
    op.drop_table("known_employments")
    op.drop_table("document_contents")
    op.drop_index("ix_person_documents_person_id", table_name="person_documents")
    op.drop_table("person_documents")
    for table in reversed(list(SECTIONS)):
        op.drop_index(f"ix_{table}_person_id", table_name=table)
        op.drop_table(table)
    op.drop_table("manager_profiles")
