"""One cluster through the appliance's REST API: create, scheduler ready, N workers connected, stop."""

from __future__ import annotations

import datetime
import time

import distributed

from cpu_usage import CpuMeter
from flotilla.core import Api
from flotilla.credentials import ClusterCredentials
from flotilla.rest import ClusterRoutes
from waiting import wait_until

CLUSTERS = "/api/v1/workspaces/default/clusters"


class RunFailed(Exception):
    """A cluster did not get to N connected workers; ``details`` holds what the appliance said about it."""

    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.details = details


def _await_running(api: Api, name: str, deadline: float) -> None:
    """Wait for state ``running`` the way the Python client does: GETs that the appliance answers the moment the
    cluster leaves the state it was in (long polling)."""
    state = api.get(f"{CLUSTERS}/{name}")["state"]
    while state != "running":
        if state in ("failed", "stopping", "stopped"):
            raise RuntimeError(f"cluster {name} is {state}")
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"cluster {name} still {state}")
        wait = max(1, min(10, int(left)))
        state = ClusterRoutes(api, "default").get(name, wait_while_state=state, wait_seconds=wait)["state"]


def time_appliance(api: Api, name: str, n_workers: int, timeout: float = 300.0, appliance_pid: int | None = None,
                   database_dir: str | None = None, extra_body: dict | None = None) -> dict:
    """Create cluster ``name`` with ``n_workers`` workers; return seconds (from just before the create call)
    until the REST API reported it running, until a TLS client saw all workers connected, and until the
    REST API counted them connected, the CPU seconds used until the workers were connected (by the appliance
    ``appliance_pid`` with its database in ``database_dir``, the cluster's processes, this script, the machine) and the cluster's event timeline. Always stops the cluster and waits
    until it is stopped. ``extra_body`` adds fields to the create request (e.g. ``{"software": name}``). Raises RunFailed (with the cluster's state and events) when it does not get there."""
    credentials = None
    meter = CpuMeter(appliance_pid, database_dir)
    try:
        meter.start()
        t0 = time.perf_counter()
        api.post(CLUSTERS, {"name": name, "nWorkers": n_workers, "noClientTimeoutSeconds": 600, **(extra_body or {})})
        _await_running(api, name, time.monotonic() + timeout)
        t_ready = time.perf_counter() - t0
        credentials = ClusterCredentials(api.get(f"{CLUSTERS}/{name}/credentials"))
        with distributed.Client(credentials.scheduler_address, security=credentials.security(),
                                timeout=min(timeout, 30)) as client:
            client.wait_for_workers(n_workers, timeout=timeout)
            t_workers = time.perf_counter() - t0
            cpu = meter.stop()
            wait_until(lambda: True if api.get(f"{CLUSTERS}/{name}")["workers"]["connected"] >= n_workers else None,
                       timeout, f"cluster {name}: {n_workers} workers counted by the REST API")
            t_rest_workers = time.perf_counter() - t0
        return {"ready": t_ready, "workers": t_workers, "rest_workers": t_rest_workers, "cpu": cpu,
                "events": timeline(api.get(f"{CLUSTERS}/{name}/events"))}
    except Exception as error:
        raise RunFailed(f"{type(error).__name__}: {error}", _post_mortem(api, name)) from error
    finally:
        stop_cluster(api, name, timeout)
        if credentials:
            credentials.remove()


def _post_mortem(api: Api, name: str) -> dict:
    try:
        info = api.get(f"{CLUSTERS}/{name}")
        return {"state": info["state"], "reason": info.get("reason"), "workers": info.get("workers"),
                "events": timeline(api.get(f"{CLUSTERS}/{name}/events"))}
    except Exception as error:
        return {"unavailable": str(error)}


def timeline(events: list[dict]) -> list[list]:
    """The cluster's events as [seconds since the first event, kind, message] (where the time went)."""
    if not events:
        return []
    times = [datetime.datetime.fromisoformat(e["time"].replace("Z", "+00:00")) for e in events]
    return [[round((t - times[0]).total_seconds(), 3), e["kind"], e["message"]] for t, e in zip(times, events)]


def stop_cluster(api: Api, name: str, timeout: float) -> None:
    """Ask the appliance to stop ``name`` (idempotent) and wait until it is stopped or failed."""
    try:
        api.post(f"{CLUSTERS}/{name}/stop", {"reason": "benchmark"})
    except Exception as error:  # e.g. the create call itself failed: nothing to stop
        print(f"  (stop {name}: {error})")
        return

    def finished() -> bool | None:
        return True if api.get(f"{CLUSTERS}/{name}")["state"] in ("stopped", "failed") else None
    wait_until(finished, timeout, f"cluster {name} stopped", interval=0.5)
