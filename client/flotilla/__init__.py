"""Flotilla: Dask clusters on the Flotilla appliance.

>>> import flotilla, distributed
>>> with flotilla.Cluster(n_workers=4) as cluster, distributed.Client(cluster) as client:
...     ...
"""

from importlib.metadata import PackageNotFoundError, version

from flotilla.accounts import list_cloud_accounts
from flotilla.core import FlotillaError
from flotilla.data_credentials import DataCredentialsError

_LAZY = {"Cluster", "ClusterStartError", "list_clusters"}


def __getattr__(name: str):
    # Imported on first use: the bootstrap agent (python -m flotilla.agent) must not pay for importing
    # distributed before it has written the Dask configuration it then starts Dask with.
    if name in _LAZY:
        from flotilla import cluster
        return getattr(cluster, name)
    raise AttributeError(f"module 'flotilla' has no attribute {name!r}")

try:
    __version__ = version("flotilla")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["Cluster", "ClusterStartError", "DataCredentialsError", "FlotillaError", "list_cloud_accounts", "list_clusters",
           "__version__"]
