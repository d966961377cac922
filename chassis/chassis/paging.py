"""One page of a query, as every list endpoint returns it."""

from sqlalchemy import func, select


def page_of(session, statement, order_by, page: int, page_size: int, dump) -> dict:
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.scalars(statement.order_by(*order_by).offset((page - 1) * page_size).limit(page_size)).all()
    return {"items": dump(rows), "total": total, "page": page, "page_size": page_size}
