"""assignments.gender: 性别 in 进场人员确认 and the other assignment lists, taken from the real-name record when
the person is assigned (rows assigned before have none)

Revision ID: 0009_assignment_gender
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_assignment_gender"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("assignments", sa.Column("gender", sa.String(length=1), nullable=True))


def downgrade():
    op.drop_column("assignments", "gender")
