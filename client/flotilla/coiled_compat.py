"""Coiled's ``coiled.Cluster`` keywords, so that a script written for Coiled runs with ``import flotilla as coiled``.

:func:`translate` takes the keywords ``flotilla.Cluster`` does not name itself: Coiled's aliases become Flotilla's
options (``account`` → ``workspace``, ``cluster_timeout`` → ``max_lifetime``, ``compute_purchase_option`` →
``spot_policy``, ``worker_options={"nthreads": …}`` → ``worker_threads``), and every other keyword of Coiled's
signature is accepted with one :class:`CoiledCompatibilityWarning` that names it and says why it has no effect here.
A keyword that is in neither list is still a ``TypeError``, as a misspelt one should be.
"""

from __future__ import annotations

import warnings
from typing import Any

# Coiled's defaults, read from its published client (coiled 1.135.6)
DEFAULT_ADAPTIVE = (4, 20)
COILED_WAIT_FOR_WORKERS = 0.3  # not Flotilla's default: flotilla.Cluster waits for every worker


class CoiledCompatibilityWarning(UserWarning):
    """A Coiled keyword or value that this appliance accepts but cannot honour; the message names it and says why."""


_SELF_HOSTED = "has no meaning on a self-hosted appliance"
_PLACEMENT = ("is not chosen per cluster on this appliance yet: the workspace's cloud account decides where and on "
              "what instances clusters run (see flotilla.list_cloud_accounts())")
# Coiled keywords with no effect here, and why (shown in the warning)
NOT_HONOURED: dict[str, str] = {
    "ignore_container_entrypoint": "is not needed: the container's entrypoint is never run, Dask is started directly",
    "worker_class": "is not supported: workers are always distributed.Worker",
    "worker_disk_throughput": _PLACEMENT, "worker_disk_config": _PLACEMENT, "worker_disk_size": _PLACEMENT,
    "worker_gpu_type": _PLACEMENT, "worker_vm_types": _PLACEMENT, "scheduler_vm_types": _PLACEMENT,
    "scheduler_cpu": _PLACEMENT, "scheduler_memory": _PLACEMENT, "scheduler_gpu": _PLACEMENT,
    "scheduler_disk_size": _PLACEMENT, "scheduler_disk_config": _PLACEMENT, "region": _PLACEMENT,
    "use_best_zone": _PLACEMENT, "allow_cross_zone": _PLACEMENT,
    "cloud": "is not used: the client talks to the appliance named by FLOTILLA_URL or `flotilla login`",
    "capacity_retry_timeout": "is not supported: the appliance tries each zone once and says which lacked capacity",
    "use_scheduler_public_ip": "is not supported: the scheduler's address is the one the cloud account's network gives",
    "use_dashboard_https": "is not needed: the dashboard is always served over TLS with the cluster's own CA",
    "dashboard_custom_subdomain": _SELF_HOSTED,
    "credentials_duration_seconds": "is not supported: forwarded credentials are refreshed at half their lifetime",
    "send_dask_config": "is not supported: the cluster runs with the appliance's Dask configuration",
    "unset_single_threading_variables": "is not supported: OMP_NUM_THREADS and friends are left as the environment sets them",
    "backend_options": _SELF_HOSTED, "show_widget": "is not needed: the cluster shows a one-line progress while it starts",
    "custom_widget": "is not supported", "configure_logging": "is not supported: logging is left as you configured it",
    "package_sync_conda_extras": "is not supported: package sync copies pip-installed packages",
    "package_sync_only": "is not supported: package sync copies the whole environment (see package_sync_ignore)",
    "package_sync_use_uv_installer": "is not needed: the appliance always installs with uv",
    "private_to_creator": "is not supported yet: a cluster is reachable by its creator and the workspace's admins",
    "extra_worker_on_scheduler": "is not supported yet", "_n_worker_specs_per_host": "is not supported",
    "scheduler_port": "is not supported: the appliance chooses the scheduler's port",
    "allow_ingress_from": "is not chosen per cluster yet: the cloud account's network settings decide",
    "allow_ssh_from": "is not supported yet", "allow_ssh": "is not supported yet", "allow_spark": "is not supported",
    "open_extra_ports": "is not supported", "jupyter": "is not supported", "mount_bucket": "is not supported",
    "host_setup_script": "is not supported yet", "batch_job_ids": _SELF_HOSTED, "batch_job_container": _SELF_HOSTED,
    "scheduler_sidecars": "is not supported", "worker_sidecars": "is not supported",
    "pause_on_exit": "is not supported", "skip_ssd_mount": "is not supported", "filestores_to_attach": "is not supported",
}
# Coiled's default of each keyword above, where it is not None: giving the default says nothing, so no warning
COILED_DEFAULTS: dict[str, Any] = {"send_dask_config": True, "allow_cross_zone": False}
# dask worker options honoured through worker_options (Flotilla's option each becomes)
WORKER_OPTIONS = {"nthreads": "worker_threads"}


def _warn(keyword: str, reason: str, stacklevel: int) -> None:
    warnings.warn(f"flotilla.Cluster: {keyword} {reason}; it is ignored.", CoiledCompatibilityWarning,
                  stacklevel=stacklevel + 1)


def _alias(options: dict, coiled: str, ours: str, value: Any, given: dict) -> None:
    if value is None:
        return
    if given.get(ours) is not None and given[ours] != value:
        raise ValueError(f"give {coiled} or {ours}, not both ({coiled} is Coiled's name for {ours})")
    options[ours] = value


def translate(kwargs: dict[str, Any], given: dict[str, Any], stacklevel: int = 2) -> dict[str, Any]:
    """Pop Coiled's keywords from ``kwargs``; return the Flotilla options they stand for (``given``: the caller's own
    options, to refuse an alias that contradicts one). Keywords left in ``kwargs`` are not Coiled's either."""
    options: dict[str, Any] = {}
    _alias(options, "account", "workspace", kwargs.pop("account", None), given)
    _alias(options, "cluster_timeout", "max_lifetime", kwargs.pop("cluster_timeout", None), given)
    purchase = kwargs.pop("compute_purchase_option", None)
    _alias(options, "compute_purchase_option", "spot_policy", purchase, given)
    worker_options = dict(kwargs.pop("worker_options", None) or {})
    for option, value in worker_options.items():
        if option in WORKER_OPTIONS:
            _alias(options, f"worker_options[{option!r}]", WORKER_OPTIONS[option], value, given)
        else:
            _warn(f"worker_options[{option!r}]", "is not supported (only nthreads is passed to dask worker)", stacklevel)
    for option in dict(kwargs.pop("scheduler_options", None) or {}):
        _warn(f"scheduler_options[{option!r}]", "is not supported: the appliance starts dask scheduler", stacklevel)
    for keyword in [k for k in kwargs if k in NOT_HONOURED]:
        value = kwargs.pop(keyword)
        if value is not None and not (keyword in COILED_DEFAULTS and value == COILED_DEFAULTS[keyword]):
            _warn(keyword, NOT_HONOURED[keyword], stacklevel)
    return options


def worker_range(n_workers: Any) -> tuple[int, tuple[int, int] | None]:
    """Coiled's ``n_workers``: an int (that many), ``[min, max]`` or ``[min, initial, max]`` (adaptive, starting at min
    or initial), or None (adaptive between 4 and 20). Returns the workers to start with and the adaptive bounds."""
    if n_workers is None:
        return DEFAULT_ADAPTIVE[0], DEFAULT_ADAPTIVE
    if isinstance(n_workers, (list, tuple)):
        if len(n_workers) not in (2, 3) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                                                    for n in n_workers):
            raise ValueError(f"n_workers must be an int, [min, max] or [min, initial, max] of non-negative ints, "
                             f"got {n_workers!r}")
        low, high = n_workers[0], n_workers[-1]
        initial = n_workers[1] if len(n_workers) == 3 else low
        if not low <= initial <= high:
            raise ValueError(f"n_workers={list(n_workers)}: the initial count must lie between min and max")
        return initial, (low, high)
    return n_workers, None


def size(value: Any, field: str, stacklevel: int) -> Any:
    """``worker_cpu`` / ``worker_memory`` as Coiled takes them: a value, or a range ``[low, high]`` of which the
    smallest is asked for (this appliance gives each worker exactly what it asks; a warning says so)."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError(f"{field} must be a value or a [low, high] range, got {value!r}")
        warnings.warn(f"flotilla.Cluster: {field}={list(value)}: workers get the low end of the range, {value[0]!r}",
                      CoiledCompatibilityWarning, stacklevel=stacklevel + 1)
        return value[0]
    return value
