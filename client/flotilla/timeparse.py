"""``--since`` values for the CLI: a duration back from now (``10m``, ``2h``, ``30s``, ``1d``) or ISO-8601."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")


def since_to_iso(value: str, now: datetime | None = None) -> str:
    """An ISO-8601 UTC instant for ``value``; raises ValueError for anything else."""
    now = now or datetime.now(timezone.utc)
    match = _RELATIVE.match(value)
    if match:
        amount, unit = float(match.group(1)), _UNITS[match.group(2)]
        return to_iso(now - timedelta(**{unit: amount}))
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is neither a duration like 10m / 2h / 1d nor an ISO-8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return to_iso(parsed)


def to_iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
