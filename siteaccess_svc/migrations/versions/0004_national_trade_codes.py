"""trades on the national data standard's codes: 其他 moves from 900 to 1000

The national standard names 900 管理人员 and 1000 其他; this platform stored
其他 as 900. Entries and their 编辑 history keep their meaning under the new code.

Revision ID: 0004
Revises: 0003
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _recode(old, new):
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE entry_records SET trade = :new WHERE trade = :old"), {"old": old, "new": new})
    changes = bind.execute(sa.text("SELECT id, changes FROM entry_changes")).all()
    for change_id, stored in changes:
        values = json.loads(stored) if isinstance(stored, str) else stored
        if "trade" not in values:
            continue
        values["trade"] = [new if code == old else code for code in values["trade"]]
        bind.execute(sa.text("UPDATE entry_changes SET changes = :changes WHERE id = :id"),
                     {"changes": json.dumps(values, ensure_ascii=False), "id": change_id})


def upgrade():
    _recode("900", "1000")


def downgrade():
    _recode("1000", "900")
