"""``chassis.database.upsert``: a projection's row written by its key, inserted or updated, and left alone (no
write, so no row lock) when it already holds the values."""

from sqlalchemy import Integer, String, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from chassis.database import upsert


class Base(DeclarativeBase):
    pass


class KnownSite(Base):
    __tablename__ = "known_sites"

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str | None] = mapped_column(String(50))
    contractor_id: Mapped[int | None] = mapped_column(Integer)


def test_upsert_inserts_updates_and_leaves_an_equal_row_unwritten():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    writes = []
    event.listen(engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_: writes.append(statement)
                 if statement.lstrip().upper().startswith("INSERT") else None)
    with Session(engine) as session:
        upsert(session, KnownSite, site_id=5, name="滨江一期", contractor_id=3)
        upsert(session, KnownSite, site_id=5, name="滨江一期", contractor_id=3)
        assert len(writes) == 1
        upsert(session, KnownSite, site_id=5, name="滨江一期（更名）")
        assert len(writes) == 2
        # a key-only upsert of a row that exists writes nothing either
        upsert(session, KnownSite, site_id=5)
        assert len(writes) == 2
        row = session.execute(select(KnownSite.name, KnownSite.contractor_id)).one()
        assert tuple(row) == ("滨江一期（更名）", 3)
    engine.dispose()
