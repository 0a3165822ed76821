"""sqlite-utils, imported without numpy and pandas.

sqlite-utils imports numpy and pandas when they are installed, only to map their scalar
types to column types. The store never writes them (signatures go in as bytes), and
numpy's import costs every process ~50 ms and, with its thread pools, ~150 ms of CPU:
more than polling a dozen unchanged feeds. So this one import sees them as missing; they
stay importable for everyone else (minhash imports numpy for the first new item).
"""

from __future__ import annotations

import sys

_HIDDEN = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]  # None: "not installed"
try:
    import sqlite_utils as sqlite_utils
finally:
    for _name in _HIDDEN:
        if _name in sys.modules and sys.modules[_name] is None:
            del sys.modules[_name]

__all__ = ["sqlite_utils"]
