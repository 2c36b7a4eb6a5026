"""Small helpers for tests that poke the database directly."""

from sqlalchemy import Engine, text


def execute(engine: Engine, statement: str, **params: object) -> None:
    """Run one statement and commit (what a tamperer with database access would do)."""
    with engine.connect() as conn:
        conn.execute(text(statement), params)
        conn.commit()
