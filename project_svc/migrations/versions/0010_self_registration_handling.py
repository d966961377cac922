"""self_registrations: 办理 — the state (待办理 / 已办理), when and by whom, the person and the employment request

Revision ID: 0010_self_registration_handling
Revises: 0009_assignment_gender
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_self_registration_handling"
down_revision = "0009_assignment_gender"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("self_registrations") as table:
        table.add_column(sa.Column("state", sa.String(length=12), nullable=False, server_default="pending"))
        table.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("handled_by", sa.String(length=80), nullable=True))
        table.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        table.add_column(sa.Column("employment_id", sa.Integer(), nullable=True))
    op.create_index("ix_self_registration_project_state", "self_registrations", ["project_id", "state"])


def downgrade():
    op.drop_index("ix_self_registration_project_state", table_name="self_registrations")
    with op.batch_alter_table("self_registrations") as table:
        for column in ("employment_id", "person_id", "handled_by", "handled_at", "state"):
            table.drop_column(column)
