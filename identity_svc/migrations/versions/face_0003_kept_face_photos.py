"""face_templates.photo_encrypted: the enrolment photo, kept where the installation says so (FACE_KEEP_PHOTOS)

Revision ID: face_0003
Revises: face_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "face_0003"
down_revision = "face_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("face_templates") as batch:
        batch.add_column(sa.Column("photo_encrypted", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("face_templates") as batch:
        batch.drop_column("photo_encrypted")
