"""The append-only, hash-chained audit log of every step, sealed after commit."""
