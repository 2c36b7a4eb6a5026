"""yipay: cross-border collection, trade authenticity, FX settlement and monitoring."""

__version__ = "0.1.0"
