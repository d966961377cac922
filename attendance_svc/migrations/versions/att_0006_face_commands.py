"""device_commands.kind: a person's row on a device (person) and its face (face), each with its own state

Revision ID: att_0006_face_commands
Revises: att_0005_known_faces
"""

import sqlalchemy as sa
from alembic import op

revision = "att_0006_face_commands"
down_revision = "att_0005_known_faces"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("device_commands") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=10), server_default="person", nullable=False))
        batch.drop_constraint("uq_device_command_person", type_="unique")
        batch.create_unique_constraint("uq_device_command_person", ["device_id", "person_id", "kind"])


def downgrade():
    op.execute("DELETE FROM device_commands WHERE kind <> 'person'")
    with op.batch_alter_table("device_commands") as batch:
        batch.drop_constraint("uq_device_command_person", type_="unique")
        batch.create_unique_constraint("uq_device_command_person", ["device_id", "person_id"])
        batch.drop_column("kind")
