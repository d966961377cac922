"""known_faces: who has a face enrolled (identity_svc's face_enrolled), for a face terminal's heartbeat count

Revision ID: att_0005_known_faces
Revises: att_0004_warnings_corrections
"""

import sqlalchemy as sa
from alembic import op

revision = "att_0005_known_faces"
down_revision = "att_0004_warnings_corrections"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "known_faces",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade():
    op.drop_table("known_faces")
