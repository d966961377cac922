"""roster search at scale: newest-first indexes; name-gram index for short name fragments (PostgreSQL)

Revision ID: 0003
Revises: 0002

Measured on 1,000,000 entry records of 200,000 persons (bin/bench --roster-only):

- a list with no filter or a broad one is shown newest entry first: without
  an index in that order PostgreSQL sorted every record (on disk) for a page of 20;
- 进场管理 lists who is on a site now, newest first: the site's index found
  every entry the site ever had and dropped those that had exited;
- a name fragment of two characters (张伟) gives pg_trgm no trigram, so the
  trigram index of 0002 cannot serve it and every person was scanned, twice a
  page (rows and count). ``roster_name_grams(name)`` is every character and
  every pair of adjacent characters of a name; a GIN index over it finds the
  persons whose name holds all the pairs of a fragment, and LIKE confirms them
  (siteaccess_svc.roster.name_contains).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAME_GRAMS = """
CREATE OR REPLACE FUNCTION roster_name_grams(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT substr(name, start, width)), '{}')
    FROM generate_series(1, char_length(name)) AS start, (VALUES (1), (2)) AS widths (width)
    WHERE start + width - 1 <= char_length(name)
$$
"""


def upgrade():
    op.create_index("ix_entry_date_id", "entry_records", ["entry_date", "id"])
    op.create_index("ix_entry_on_site_project_date", "entry_records", ["project_id", "entry_date"],
                    sqlite_where=sa.text("exit_date IS NULL"), postgresql_where=sa.text("exit_date IS NULL"))
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite (embedded mode) scans its few persons, which is fine at its size
    op.execute(NAME_GRAMS)
    op.execute("CREATE INDEX ix_known_persons_name_grams ON known_persons USING gin (roster_name_grams(name))")
    # the planner's statistics of the indexed expression: without them it guesses how many names a pair matches
    op.execute("ANALYZE known_persons")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_known_persons_name_grams")
        op.execute("DROP FUNCTION IF EXISTS roster_name_grams(text)")
    op.drop_index("ix_entry_on_site_project_date", "entry_records")
    op.drop_index("ix_entry_date_id", "entry_records")
