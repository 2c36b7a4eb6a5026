"""The REST API (FastAPI): API keys of named users, idempotent commands, problem+json errors."""
