"""Screening's errors: a list file we cannot read is refused whole, with one line saying where."""

from __future__ import annotations

from yipay.core.errors import InvalidInput


class WatchlistError(InvalidInput):
    """A watchlist file (OFAC CSV, UN XML, our CSV layout) that is malformed or inconsistent.

    The message is one line naming the file and the row or element; nothing was imported."""

    code = "watchlist_invalid"
