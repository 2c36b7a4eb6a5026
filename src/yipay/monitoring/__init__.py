"""Transaction monitoring: rules evaluated per event (real time) and over history (batch)."""
