"""Outbound money: CNY payouts to merchants and returns to payers, as bank instructions."""
