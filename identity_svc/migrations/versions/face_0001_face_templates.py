"""face_templates: a person's face template (ArcFace embedding, encrypted), one per person across projects

Revision ID: face_0001
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "face_0001"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "face_templates",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("template_encrypted", sa.Text(), nullable=False),
        sa.Column("model_name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("quality", sa.JSON(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_by_role", sa.String(length=12), nullable=False),
        sa.Column("enrolled_by_username", sa.String(length=80), nullable=False),
        sa.Column("enrolled_by_enterprise_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_by_project_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade():
    op.drop_table("face_templates")
