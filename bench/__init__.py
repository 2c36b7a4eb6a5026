"""Benchmarks: `make bench` (python -m bench) prints a table; numbers go to docs/benchmarks.md."""
