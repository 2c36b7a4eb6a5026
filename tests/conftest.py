"""Test-wide fixtures: hypothesis profiles, migrated databases (SQLite and PostgreSQL), containers.

Every integration test gets a fresh database copied from a template migrated once per session:
a file copy for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text

from yipay.adapters.db.engine import build_engine
from yipay.adapters.db.migrate import upgrade
from yipay.bootstrap import Container, build
from yipay.core.clock import FixedClock
from yipay.settings import Settings

settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "soak", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
START = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}", sqlite_synchronous="OFF")
    upgrade(engine)
    engine.dispose()
    raw = sqlite3.connect(path)  # fold the WAL into the file so a plain copy is complete
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    from tests.support import postgres

    server = postgres.start()
    try:
        engine = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE yipay_template"))
        engine.dispose()
        template = build_engine(server.url("yipay_template"))
        upgrade(template)
        template.dispose()
        yield server
    finally:
        server.stop()


def _fresh_postgres(server: object) -> Iterator[str]:
    from tests.support.postgres import PostgresServer

    assert isinstance(server, PostgresServer)
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE yipay_template"))
    try:
        yield server.url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A fresh, migrated database on each engine the project supports."""
    if request.param == "sqlite":
        target = tmp_path / "yipay.sqlite3"
        shutil.copyfile(sqlite_template, target)
        yield f"sqlite:///{target}"
    else:
        yield from _fresh_postgres(request.getfixturevalue("postgres_server"))


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    target = tmp_path / "yipay.sqlite3"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def make_container(url: str, data_dir: Path, clock: FixedClock, **overrides: object) -> Container:
    cfg = Settings(database_url=url, data_dir=data_dir, sqlite_synchronous="OFF", **overrides)
    return build(cfg, clock=clock, migrate=False)


@pytest.fixture
def container(database_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Container]:
    c = make_container(database_url, tmp_path, clock)
    yield c
    c.dispose()


@pytest.fixture
def sqlite_container(sqlite_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Container]:
    c = make_container(sqlite_url, tmp_path, clock)
    yield c
    c.dispose()


@pytest.fixture
def cli(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Invoke `yipay ARGS…` (Typer's CliRunner) on a fresh SQLite database with its own data
    directory; each test gets its own container. `catch=True` turns exceptions into results."""
    from typer.testing import CliRunner, Result

    from yipay.entrypoints.cli import context
    from yipay.entrypoints.cli.main import app

    env = {"YIPAY_DATABASE_URL": sqlite_url, "YIPAY_DATA_DIR": str(tmp_path)}
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    runner = CliRunner()
    context.container.cache_clear()

    def invoke(*args: str, catch: bool = False) -> Result:
        return runner.invoke(app, list(args), env=env, catch_exceptions=catch)

    yield invoke
    if context.container.cache_info().currsize:
        context.container().dispose()
    context.container.cache_clear()
