"""Bank-message parsers (ISO 20022 and SWIFT MT) and writers; pure: bytes in, records out."""
