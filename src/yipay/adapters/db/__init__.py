"""SQLAlchemy Core engine, column types, unit of work and migrations (Alembic)."""
