"""worker accounts: a person's login, its one-time activation code, and failed logins for rate limits

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("accounts") as accounts:
        accounts.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        accounts.add_column(sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True))
        accounts.create_unique_constraint("uq_accounts_person_id", ["person_id"])
    op.create_table(
        "activation_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("account_id", name="uq_activation_codes_account_id"),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_digest", sa.String(length=64), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_subject_digest", "login_failures", ["subject_digest"])
    op.create_index("ix_login_failures_client_address", "login_failures", ["client_address"])
    op.create_index("ix_login_failures_failed_at", "login_failures", ["failed_at"])


def downgrade():
    op.drop_index("ix_login_failures_failed_at", table_name="login_failures")
    op.drop_index("ix_login_failures_client_address", table_name="login_failures")
    op.drop_index("ix_login_failures_subject_digest", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("activation_codes")
    with op.batch_alter_table("accounts") as accounts:
        accounts.drop_constraint("uq_accounts_person_id", type_="unique")
        accounts.drop_column("activated_at")
        accounts.drop_column("person_id")
