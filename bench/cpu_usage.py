"""Where the CPU time of a timed run went, read from /proc (Linux): the whole machine, the appliance (its JVM,
the processes in its session and its embedded PostgreSQL), the cluster's processes (the appliance's children
in sessions of their own, or the baseline's processes this script started) and this script."""

from __future__ import annotations

import os

_TICKS = os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float:
    """CPU seconds all cores spent on anything but idle and I/O wait since boot."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle, iowait = fields[3], fields[4]
    return (sum(fields[:8]) - idle - iowait) / _TICKS


def _processes() -> dict[int, tuple[int, int, float]]:
    """pid -> (parent pid, session id, user + system CPU seconds) of every live process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry)] = (int(fields[1]), int(fields[3]), (int(fields[11]) + int(fields[12])) / _TICKS)
    return found


def _descendants(root: int, processes: dict[int, tuple[int, int, float]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


class CpuMeter:
    """``start()`` before the timed part, ``stop()`` while the cluster still runs: CPU seconds each party used.

    A process that ended in between is counted only in ``machine`` (and so in ``other``)."""

    def __init__(self, appliance_pid: int | None = None, database_dir: str | None = None):
        self.appliance_pid = appliance_pid
        self.database_dir = os.path.realpath(database_dir) + os.sep if database_dir else None
        self._machine = 0.0
        self._before: dict[int, tuple[int, int, float]] = {}

    def start(self) -> None:
        self._machine = _machine_busy()
        self._before = _processes()

    def stop(self) -> dict:
        machine = _machine_busy() - self._machine
        now = _processes()

        def used(pids) -> float:
            return sum(now[p][2] - self._before.get(p, (0, 0, 0.0))[2] for p in pids if p in now)

        me = os.getpid()
        result = {"machine": machine}
        if self.appliance_pid and self.appliance_pid in now:
            session = now[self.appliance_pid][1]
            under = _descendants(self.appliance_pid, now)
            database = {p for p in now if self._in_database_dir(p)}
            result["appliance"] = used({self.appliance_pid} | database | {p for p in under if now[p][1] == session})
            result["cluster"] = used({p for p in under if now[p][1] != session})
        else:
            result["cluster"] = used(_descendants(me, now))
        result["benchmark"] = used({me})
        result["other"] = machine - sum(v for k, v in result.items() if k != "machine")
        return {k: round(v, 2) for k, v in result.items()}

    def _in_database_dir(self, pid: int) -> bool:
        """Whether the process works in the embedded PostgreSQL's directory (the database daemonizes itself)."""
        if not self.database_dir:
            return False
        try:
            return (os.readlink(f"/proc/{pid}/cwd") + os.sep).startswith(self.database_dir)
        except OSError:
            return False
