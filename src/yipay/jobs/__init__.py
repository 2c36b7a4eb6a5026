"""Batch jobs composed from services: the demo's day-by-day run of a simulated market."""
