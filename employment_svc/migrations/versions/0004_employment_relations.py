"""employment_relations: 聘用关系 and their lifecycle, one binding relation per person; employment_steps: their history

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BINDING = sa.text("state IN ('employed', 'resignation_requested', 'dismissal_requested')")
OPEN = sa.text("state IN ('pending', 'employed', 'resignation_requested', 'dismissal_requested')")


def upgrade():
    op.create_table(
        "employment_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=100), nullable=False),
        sa.Column("id_type", sa.String(length=2), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_employment_binding_person", "employment_relations", ["person_id"], unique=True,
                    sqlite_where=BINDING, postgresql_where=BINDING)
    op.create_index("uq_employment_open_pair", "employment_relations", ["enterprise_id", "person_id"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_employment_enterprise_state", "employment_relations", ["enterprise_id", "state"])
    op.create_index("ix_employment_person", "employment_relations", ["person_id"])
    op.create_index("ix_employment_relations_person_name", "employment_relations", ["person_name"])
    op.create_table(
        "employment_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation_id", sa.Integer(), sa.ForeignKey("employment_relations.id"), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("taken_by", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_employment_steps_relation_id", "employment_steps", ["relation_id"])


def downgrade():
    op.drop_table("employment_steps")
    op.drop_table("employment_relations")
