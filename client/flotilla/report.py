"""What the scheduler plugin tells the appliance: the heartbeat body of CONTRACT.md."""

from __future__ import annotations

from datetime import datetime, timezone

from flotilla.gpu_metrics import worker_gpu_fields
from flotilla.version_check import local_versions

SCHEDULER_OWN_CLIENTS = frozenset({"fire-and-forget"})
TASK_PREFIXES = "taskPrefixes"  # an optional field: sent only while the appliance's last answer asked for it


def iso(timestamp: float | None) -> str | None:
    """A Unix time as ISO-8601 UTC (``2026-11-27T10:00:00.123Z``), None stays None."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ActivityTracker:
    """Remembers since when the scheduler has been idle and when its last client left."""

    def __init__(self, now: float):
        self.idle_since: float | None = now
        self.last_client_left_at: float | None = now  # no client yet counts as "left at start"
        self._transitions = -1

    def observe(self, scheduler, now: float) -> None:
        """Update idle-since: busy when tasks run, wait, or changed state since the last look."""
        transitions = getattr(scheduler, "transition_counter", 0)
        busy = (transitions != self._transitions
                or getattr(scheduler, "_active_graph_updates", 0) > 0
                or bool(scheduler.queued) or bool(scheduler.unrunnable)
                or any(ws.processing for ws in scheduler.workers.values()))
        self._transitions = transitions
        if busy:
            self.idle_since = None
        elif self.idle_since is None:
            self.idle_since = now
        if user_clients(scheduler):
            self.last_client_left_at = None
        elif self.last_client_left_at is None:
            self.last_client_left_at = now


def user_clients(scheduler) -> list[str]:
    """Client ids connected to the scheduler, without the scheduler's own bookkeeping client."""
    return [c for c in scheduler.clients if c not in SCHEDULER_OWN_CLIENTS]


def dashboard_url(scheduler) -> str | None:
    """The dashboard's address without its token (``https`` when it serves TLS, as the agent configures it)."""
    server = scheduler.services.get("dashboard") if hasattr(scheduler, "services") else None
    if server is None:
        return None
    import dask.config

    scheme = "https" if dask.config.get("distributed.scheduler.dashboard.tls.cert", None) else "http"
    host = scheduler.address.split("://")[-1].rsplit(":", 1)[0]
    return f"{scheme}://{host}:{server.port}/status"


def heartbeat_body(scheduler, activity: ActivityTracker, adaptive_target: int | None,
                   collect: frozenset[str] = frozenset()) -> dict:
    """The heartbeat JSON for the scheduler's current state; ``collect`` holds the optional fields asked for."""
    workers = [{"name": str(ws.name), "address": ws.address, "nthreads": ws.nthreads,
                "memoryLimit": int(ws.memory_limit or 0), "processing": len(ws.processing), **worker_gpu_fields(ws)}
               for ws in scheduler.workers.values()]
    body = {
        "schedulerAddress": scheduler.address,
        "dashboardUrl": dashboard_url(scheduler),
        "workers": workers,
        "nThreads": sum(w["nthreads"] for w in workers),
        "memory": sum(w["memoryLimit"] for w in workers),
        "tasksProcessing": sum(w["processing"] for w in workers),
        "idleSince": iso(activity.idle_since),
        "nClients": len(user_clients(scheduler)),
        "lastClientLeftAt": iso(activity.last_client_left_at),
        "adaptiveTarget": adaptive_target,
        "versions": local_versions(),
    }
    if TASK_PREFIXES in collect:
        body[TASK_PREFIXES] = task_prefixes(scheduler)
    return body


def task_prefixes(scheduler) -> dict[str, int]:
    """Task prefix name (``inc``, ``sum-aggregate``) → tasks of it processing now; names only, never code or data."""
    counts = {}
    for name, prefix in getattr(scheduler, "task_prefixes", {}).items():
        processing = getattr(prefix, "states", {}).get("processing", 0)  # current, not cumulative
        if processing > 0:
            counts[str(name)] = int(processing)
    return counts
