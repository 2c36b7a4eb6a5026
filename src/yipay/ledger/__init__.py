"""Double-entry ledger: accounts by type and currency, balanced immutable entries, holds."""
