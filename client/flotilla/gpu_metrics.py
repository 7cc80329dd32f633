"""GPU use of a worker as the scheduler sees it, from distributed's own NVML metrics.

A worker whose process sees an NVIDIA GPU (``pynvml`` installed, ``distributed.diagnostics.nvml`` finds a device)
sends ``metrics["gpu"] = {"utilization": percent, "memory-used": bytes}`` with every worker heartbeat; distributed
monitors one device per worker process (the first it is given). Without it nothing is reported: no GPU fields.
"""

from __future__ import annotations


def worker_gpu_fields(ws) -> dict:
    """``{"gpus": n, "gpuUtilization": percent}`` for a worker with a GPU, ``{}`` otherwise.

    ``gpus`` is the worker's declared ``GPU`` resource when it has one, else the one device distributed monitors;
    ``gpuUtilization`` is left out when NVML cannot tell (some devices do not support it).
    """
    metrics = getattr(ws, "metrics", None) or {}
    gpu = metrics.get("gpu")
    if not isinstance(gpu, dict):
        return {}
    fields: dict = {"gpus": _gpu_count(ws)}
    utilization = gpu.get("utilization")
    if isinstance(utilization, (int, float)) and not isinstance(utilization, bool):
        fields["gpuUtilization"] = float(min(100.0, max(0.0, utilization)))
    return fields


def _gpu_count(ws) -> int:
    declared = (getattr(ws, "resources", None) or {}).get("GPU")
    try:
        count = int(declared) if declared is not None else 1
    except (TypeError, ValueError):
        count = 1
    return max(1, count)
