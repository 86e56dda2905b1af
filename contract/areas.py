"""Area codes every side shares (GSS codes).

Why here: Scotland's code was written out in a dozen modules on both sides of the
build/web line; a typo in one would silently drop Scotland from a view.
"""
from __future__ import annotations

SCOTLAND = "S92000003"  # GSS country code
SCOTLAND_NAME = "Scotland"
COUNCIL_PREFIX = "S12"  # GSS council areas
