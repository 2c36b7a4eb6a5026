"""Merchants, buyers and payers: identity, party type, KYC and risk grade."""
