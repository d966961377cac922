"""trigram index for the roster's name-fragment search (PostgreSQL)

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    # LIKE '%fragment%' can only use a trigram index; SQLite (embedded mode) scans, which is fine at its size
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX IF NOT EXISTS ix_known_persons_name_trgm ON known_persons USING gin (name gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_known_persons_name_trgm")
