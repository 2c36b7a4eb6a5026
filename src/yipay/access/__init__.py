"""People: named users, roles as data, API keys, and the idempotency record of their commands."""
