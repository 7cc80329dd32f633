"""The instance side of the dead man's switch: mark an instance as self-stopped, and power it off.

When the scheduler plugin gives up on an appliance that stopped answering (:class:`OrphanSwitch`), it writes a
marker file on the scheduler and on every worker (:func:`mark`, run on the workers through the scheduler) before the
Dask processes end. On a VM the agent's systemd unit then runs ``python -m flotilla.self_stop WORKDIR`` as root after
the process ended (``ExecStopPost``): with a marker there, the machine is shut down (``shutdown -h now``), so that a
cluster whose appliance never came back does not bill forever. Locally the processes ending is the stop.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

logger = logging.getLogger("flotilla.self_stop")

ENV_MARKER = "FLOTILLA_SELF_STOP_MARKER"  # set by the agent for the Dask process: where the marker goes
ENV_AFTER = "FLOTILLA_ORPHAN_SELF_STOP"  # seconds without an answered heartbeat before the scheduler stops itself
STATE_DIR = "state"  # writable (inside a container image too: mounted read-write, unlike the rest of the workdir)
MARKER_NAME = "self-stop"
SHUTDOWN = ["shutdown", "-h", "now"]


class OrphanSwitch:
    """Counts the time since the appliance last answered a heartbeat; ``due`` once it exceeds ``after`` seconds."""

    def __init__(self, after: float, now: float):
        self.after = after
        self.last_answer = now

    def answered(self, now: float) -> None:
        self.last_answer = now

    def silent_for(self, now: float) -> float:
        return now - self.last_answer

    def due(self, now: float) -> bool:
        return self.after > 0 and self.silent_for(now) >= self.after

    @staticmethod
    def from_environment(now: float) -> OrphanSwitch:
        """The switch the agent configured (``FLOTILLA_ORPHAN_SELF_STOP`` seconds, read and removed; absent: never)."""
        value = os.environ.pop(ENV_AFTER, "0")
        try:
            after = float(value)
        except ValueError:
            logger.warning("%s=%r is not a number of seconds: the scheduler will not stop itself", ENV_AFTER, value)
            after = 0.0
        return OrphanSwitch(after, now)


def mark(reason: str) -> bool:
    """Write the marker (with ``reason``) where the agent said; False when this process has no marker path."""
    path = os.environ.get(ENV_MARKER)
    logger.warning("Flotilla: this instance stops itself: %s", reason)
    if not path:
        return False
    try:
        Path(path).write_text(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {reason}\n")
    except OSError as e:  # the processes still end; only the machine is not shut down
        logger.error("Could not write the self-stop marker %s: %s", path, e)
        return False
    return True


def state_dir(workdir: Path) -> Path:
    """The agent's writable state directory in its work directory (created by the agent)."""
    return workdir / STATE_DIR


def marker_of(workdir: Path) -> Path:
    return state_dir(workdir) / MARKER_NAME


def main(argv: list[str] | None = None) -> int:
    """``python -m flotilla.self_stop WORKDIR``: shut the machine down when WORKDIR holds a marker; else nothing."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m flotilla.self_stop WORKDIR", file=sys.stderr)
        return 2
    marker = marker_of(Path(args[0]))
    if not marker.exists():
        return 0
    reason = marker.read_text().strip()
    print(f"flotilla: shutting this instance down: {reason}", file=sys.stderr, flush=True)
    return subprocess.run([*SHUTDOWN, f"flotilla self-stop: {reason}"[:200]], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
