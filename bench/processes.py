"""Child processes the benchmark starts: each in its own session, so that it and its children go together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(argv: list[str], env: dict[str, str], log_path: str, cwd: str | None = None) -> subprocess.Popen:
    """Start ``argv`` in a new session with stdout and stderr appended to ``log_path``."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(processes: list[subprocess.Popen], grace: float = 10.0) -> None:
    """SIGTERM each process group, wait up to ``grace`` seconds in all, then SIGKILL what is left."""
    for p in processes:
        _signal_group(p, signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(p, signal.SIGKILL)
            p.wait(timeout=10)
        # The session may hold children of the process (dask's nanny); make sure none outlive it.
        _signal_group(p, signal.SIGKILL)


def _signal_group(p: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(p.pid, sig)  # start_new_session: the group id is the child's pid
    except ProcessLookupError:
        pass


def kill_processes_under(directory: str) -> list[int]:
    """SIGKILL every process whose working directory lies under ``directory``; return their pids.

    The appliance's local provider starts cluster processes in their own sessions (they outlive the
    appliance by design) with a working directory inside the appliance's data directory, which this
    benchmark created: anything still running there after the appliance stopped was started for us.
    """
    root = os.path.realpath(directory) + os.sep
    killed = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd") + os.sep
        except OSError:
            continue
        if cwd.startswith(root):
            try:
                os.kill(int(entry), signal.SIGKILL)
                killed.append(int(entry))
            except ProcessLookupError:
                pass
    return killed
