"""Watchlist loaders: each list's file format in, `ListEntry`s out (pure: bytes to values).

No database, no network, no file system: the caller reads the bytes. Every malformed input is a
`WatchlistError` whose one line names the file and the row or element.
"""

from __future__ import annotations

from yipay.screening.loaders.csv_list import load_csv_list
from yipay.screening.loaders.ofac import load_ofac_sdn
from yipay.screening.loaders.un import load_un_xml

__all__ = ["load_csv_list", "load_ofac_sdn", "load_un_xml"]
