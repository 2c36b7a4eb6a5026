"""`yipay db`: schema management (Alembic from code)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Database schema: upgrade and inspect migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Migrate the configured database to the newest schema."""
    from yipay.adapters.db.engine import build_engine
    from yipay.adapters.db.migrate import current_revision, ensure_schema
    from yipay.settings import Settings

    settings = Settings()
    engine = build_engine(
        settings.resolved_database_url, sqlite_synchronous=settings.sqlite_synchronous
    )
    ran = ensure_schema(engine)
    typer.echo(f"schema at {current_revision(engine)} ({'migrated' if ran else 'already current'})")


@app.command("heads")
def heads() -> None:
    """Print the migration heads; exit 1 unless there is exactly one."""
    from yipay.adapters.db.migrate import heads as list_heads

    found = list_heads()
    typer.echo("\n".join(found))
    if len(found) != 1:
        typer.echo(f"error: expected one Alembic head, found {len(found)}", err=True)
        raise typer.Exit(1)
