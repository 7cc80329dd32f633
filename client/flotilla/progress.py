"""A one-line start-up progress display, shown only to people watching (a terminal or Jupyter)."""

from __future__ import annotations

import sys
import time


def _in_jupyter() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def interactive() -> bool:
    """True when a person is likely looking: stdout is a TTY or we run inside a Jupyter kernel."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) or _in_jupyter()


class StartProgress:
    """Shows ``Cluster NAME: state, X/Y workers (Ns)``; silent when nobody is watching."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = interactive() if enabled is None else enabled
        self.started = time.monotonic()
        self._last = ""
        self._jupyter = self.enabled and _in_jupyter()
        self._handle = None

    def update(self, name: str, state: str, connected: int | None = None, wanted: int | None = None) -> None:
        if not self.enabled:
            return
        text = f"Cluster {name}: {state}"
        if wanted is not None:
            text += f", {connected or 0}/{wanted} workers"
        if text == self._last:
            return
        self._last = text
        text += f" ({time.monotonic() - self.started:.0f}s)"
        if self._jupyter:
            from IPython.display import display
            if self._handle is None:
                self._handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self._handle.update({"text/plain": text}, raw=True)
        else:
            sys.stdout.write("\r" + text.ljust(60))
            sys.stdout.flush()

    def done(self) -> None:
        if self.enabled and not self._jupyter and self._last:
            sys.stdout.write("\n")
            sys.stdout.flush()
