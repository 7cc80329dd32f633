"""Flotilla: Dask clusters on the Flotilla appliance.

>>> import flotilla, distributed
>>> with flotilla.Cluster(n_workers=4) as cluster, distributed.Client(cluster) as client:
...     ...
"""

# Every public name is imported on first use: the bootstrap agent (python -m flotilla.agent) runs this file
# on every instance and must not pay for importing requests, importlib.metadata or distributed.
_LAZY = {
    "Cluster": "flotilla.cluster",
    "ClusterStartError": "flotilla.cluster",
    "CoiledCompatibilityWarning": "flotilla.coiled_compat",
    "list_clusters": "flotilla.cluster",
    "list_cloud_accounts": "flotilla.accounts",
    "FlotillaError": "flotilla.core",
    "DataCredentialsError": "flotilla.data_credentials",
    "create_software_environment": "flotilla.environments",
    "list_software_environments": "flotilla.environments",
    "delete_software_environment": "flotilla.environments",
    "inspect_software_environment": "flotilla.environments",
    "PackageSyncError": "flotilla.package_sync",
    "VersionMismatchError": "flotilla.version_check",
    "usage": "flotilla.workspace_usage",
    "usage_frame": "flotilla.workspace_usage",
    "limits": "flotilla.workspace_usage",
    "UsageWarning": "flotilla.workspace_usage",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("flotilla")
        except PackageNotFoundError:  # running from a source tree without installing
            return "0.0.0+unknown"
    raise AttributeError(f"module 'flotilla' has no attribute {name!r}")


__all__ = ["Cluster", "ClusterStartError", "CoiledCompatibilityWarning", "DataCredentialsError", "FlotillaError", "PackageSyncError",
           "VersionMismatchError", "create_software_environment", "delete_software_environment",
           "inspect_software_environment", "limits", "list_cloud_accounts", "list_clusters",
           "list_software_environments", "usage", "usage_frame", "UsageWarning", "__version__"]
