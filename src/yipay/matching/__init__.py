"""Allocating payments to the merchant's open trades (authenticity; no record used twice)."""
