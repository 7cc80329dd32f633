"""Bounded polling: every wait in the benchmark goes through :func:`wait_until`."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def wait_until(probe: Callable[[], T | None], timeout: float, what: str, interval: float = 0.1) -> T:
    """Call ``probe`` every ``interval`` seconds until it returns something other than None; return that.

    Raises TimeoutError naming ``what`` after ``timeout`` seconds. Exceptions from ``probe`` propagate.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)
