"""section accounts: one table of 项目负责人 account handovers, a project's or a contract section's, and the site
users a 项目负责人 authorises

Revision ID: 0006_section_accounts
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_section_accounts"
down_revision = "0005"
branch_labels = None
depends_on = None

_PROJECT_ONLY = sa.text("section_id IS NULL")


def upgrade():
    op.create_table(
        "account_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("receiver_enterprise_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("section_id", name="uq_account_handovers_section_id"),
        sa.UniqueConstraint("account_id", name="uq_account_handovers_account_id"),
    )
    op.create_index("ix_account_handovers_project_id", "account_handovers", ["project_id"])
    op.create_index("ix_account_handovers_receiver_enterprise_id", "account_handovers", ["receiver_enterprise_id"])
    op.create_index("uq_account_handovers_project_id", "account_handovers", ["project_id"], unique=True,
                    postgresql_where=_PROJECT_ONLY, sqlite_where=_PROJECT_ONLY)
    op.execute(
        "INSERT INTO account_handovers (id, project_id, section_id, account_id, receiver_enterprise_id, received_at,"
        " received_by, created_at) SELECT id, project_id, NULL, account_id, declarer_enterprise_id, received_at,"
        " received_by, created_at FROM project_account_handovers")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('account_handovers', 'id'),"
                   " COALESCE((SELECT MAX(id) FROM account_handovers), 0) + 1, false)")
    op.drop_index("ix_project_account_handovers_declarer_enterprise_id", table_name="project_account_handovers")
    op.drop_table("project_account_handovers")

    op.create_table(
        "site_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_account_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("authorised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["manager_account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("account_id", name="uq_site_authorisations_account_id"),
    )
    op.create_index("ix_site_authorisations_manager_account_id", "site_authorisations", ["manager_account_id"])


def downgrade():
    op.drop_index("ix_site_authorisations_manager_account_id", table_name="site_authorisations")
    op.drop_table("site_authorisations")
    op.create_table(
        "project_account_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("declarer_enterprise_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("project_id", name="uq_project_account_handovers_project_id"),
    )
    op.create_index("ix_project_account_handovers_declarer_enterprise_id", "project_account_handovers",
                    ["declarer_enterprise_id"])
    # a section's handover has no place there: its account stays, its handover is gone
    op.execute(
        "INSERT INTO project_account_handovers (id, project_id, account_id, declarer_enterprise_id, received_at,"
        " received_by, created_at) SELECT id, project_id, account_id, receiver_enterprise_id, received_at,"
        " received_by, created_at FROM account_handovers WHERE section_id IS NULL")
    op.drop_index("uq_account_handovers_project_id", table_name="account_handovers")
    op.drop_index("ix_account_handovers_receiver_enterprise_id", table_name="account_handovers")
    op.drop_index("ix_account_handovers_project_id", table_name="account_handovers")
    op.drop_table("account_handovers")
