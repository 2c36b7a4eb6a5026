"""`yipay serve`: the REST API (and, later, the console) on uvicorn."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the API on HOST:PORT (OpenAPI at /openapi.json)."""
    import uvicorn

    from yipay.entrypoints.api.app import create_app

    app = create_app()
    typer.echo(f"yipay API on http://{host}:{port}  (OpenAPI: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
