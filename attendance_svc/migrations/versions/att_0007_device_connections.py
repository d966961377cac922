"""devices.address, username, password_encrypted: a Hikvision terminal's ISAPI as the platform reaches it, so that
people and faces are pushed to it

Revision ID: att_0007_device_connections
Revises: att_0006_face_commands
"""

import sqlalchemy as sa
from alembic import op

revision = "att_0007_device_connections"
down_revision = "att_0006_face_commands"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("address", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("username", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("password_encrypted", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("password_encrypted")
        batch.drop_column("username")
        batch.drop_column("address")
