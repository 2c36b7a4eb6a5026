"""Alembic is the only way the schema is made; upgrade from empty on both databases."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from yipay.adapters.db.engine import build_engine
from yipay.adapters.db.migrate import current_revision, downgrade, ensure_schema, heads
from yipay.schema import target_metadata


def _empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}", None
    server = request.getfixturevalue("postgres_server")
    name = f"e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    return server.url(name), (admin, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request, tmp_path):
    url, cleanup = _empty_url(request, tmp_path)
    engine = build_engine(url)
    yield engine
    engine.dispose()
    if cleanup:
        admin, name = cleanup
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_there_is_one_head():
    assert len(heads()) == 1


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(empty_engine):
    assert ensure_schema(empty_engine) is True
    assert current_revision(empty_engine) == heads()[0]
    assert ensure_schema(empty_engine) is False
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), target_metadata())
        roles = conn.execute(text("SELECT name FROM roles ORDER BY name")).scalars().all()
    assert diff == []
    assert roles == ["admin", "analyst", "auditor", "merchant", "operator", "supervisor"]
    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
