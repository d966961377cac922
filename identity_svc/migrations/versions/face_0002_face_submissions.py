"""face_submissions: a worker's own photo from the mobile page, waiting for a site to accept or send it back

Revision ID: face_0002
Revises: face_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "face_0002"
down_revision = "face_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "face_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("photo_encrypted", sa.Text(), nullable=True),
        sa.Column("template_encrypted", sa.Text(), nullable=True),
        sa.Column("quality", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_username", sa.String(length=80), nullable=True),
        sa.Column("decided_by_project_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_face_submission_person_state", "face_submissions", ["person_id", "state"])


def downgrade():
    op.drop_index("ix_face_submission_person_state", table_name="face_submissions")
    op.drop_table("face_submissions")
