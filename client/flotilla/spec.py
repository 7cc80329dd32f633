"""Turn ``flotilla.Cluster`` keyword arguments into the create-cluster request body."""

from __future__ import annotations

import math
from typing import Any

from dask.utils import parse_timedelta

SPOT_POLICIES = ("on-demand", "spot", "spot_with_fallback")
MAX_WORKER_GPU = 16


def seconds(value: Any, field: str) -> int | None:
    """Whole seconds from an int/float or a Dask time string such as ``"20 minutes"``; None stays None."""
    exact = duration(value, field)
    return None if exact is None else int(exact)


def duration(value: Any, field: str) -> float | None:
    """Seconds (possibly fractional) from a number or a Dask time string such as ``"500ms"``; None stays None."""
    if value is None:
        return None
    try:
        return float(parse_timedelta(value, default="seconds"))
    except (TypeError, ValueError, KeyError) as e:
        raise ValueError(f"{field} must be seconds or a duration such as '20 minutes', got {value!r}") from e


def memory(value: Any) -> str | None:
    """A memory size as the appliance expects it: ``"4GiB"`` strings pass through, numbers are bytes."""
    if value is None or isinstance(value, str):
        return value
    return f"{int(value)}B"


def create_body(*, name: str | None, n_workers: int, worker_cpu: int | None, worker_memory: Any,
                worker_threads: int | None, software: str | None, idle_timeout: Any, no_client_timeout: Any,
                max_lifetime: Any, environ: dict | None, tags: dict | None,
                spot_policy: str | None = None, worker_gpu: int | None = None,
                arm: bool = False) -> dict[str, Any]:
    """The JSON body of ``POST /clusters`` (field names from CONTRACT.md).

    ``spot_policy`` (how workers are bought; the scheduler is always on-demand) is sent only when given,
    so that None keeps the appliance's default. ``worker_gpu`` (GPUs per worker) is sent only when given and
    ``arm`` (workers on arm64 processors) only when True.
    """
    if not isinstance(n_workers, int) or n_workers < 0:
        raise ValueError(f"n_workers must be a non-negative int, got {n_workers!r}")
    if spot_policy is not None and spot_policy not in SPOT_POLICIES:
        raise ValueError(f"spot_policy must be one of {', '.join(SPOT_POLICIES)} or None, got {spot_policy!r}")
    if worker_gpu is not None and (isinstance(worker_gpu, bool) or not isinstance(worker_gpu, int)
                                   or not 0 <= worker_gpu <= MAX_WORKER_GPU):
        raise ValueError(f"worker_gpu must be an int between 0 and {MAX_WORKER_GPU} or None, got {worker_gpu!r}")
    if not isinstance(arm, bool):
        raise ValueError(f"arm must be True or False, got {arm!r}")
    body = {
        "name": name,
        "nWorkers": n_workers,
        "workerCpu": worker_cpu,
        "workerMemory": memory(worker_memory),
        "workerThreads": worker_threads,
        "software": software,
        "idleTimeoutSeconds": seconds(idle_timeout, "idle_timeout"),
        "noClientTimeoutSeconds": seconds(no_client_timeout, "no_client_timeout"),
        "maxLifetimeSeconds": seconds(max_lifetime, "max_lifetime"),
        "environ": {str(k): str(v) for k, v in environ.items()} if environ else None,
        "tags": {str(k): str(v) for k, v in tags.items()} if tags else None,
    }
    if spot_policy is not None:
        body["spotPolicy"] = spot_policy
    if worker_gpu is not None:
        body["workerGpu"] = worker_gpu
    if arm:
        body["arm"] = True
    return body


def workers_to_wait_for(wait_for_workers: bool | int | float, n_workers: int) -> int:
    """How many workers to wait for: True → all, int → that many, float in (0, 1] → that fraction."""
    if wait_for_workers is True:
        return n_workers
    if wait_for_workers is False or wait_for_workers is None:
        return 0
    if isinstance(wait_for_workers, int):
        if wait_for_workers < 0:
            raise ValueError(f"wait_for_workers must not be negative, got {wait_for_workers}")
        return wait_for_workers
    if isinstance(wait_for_workers, float) and 0 < wait_for_workers <= 1:
        return math.ceil(wait_for_workers * n_workers)
    raise ValueError(f"wait_for_workers must be a bool, an int or a fraction in (0, 1], got {wait_for_workers!r}")
