"""Flotilla: Dask clusters on the Flotilla appliance.

>>> import flotilla, distributed
>>> with flotilla.Cluster(n_workers=4) as cluster, distributed.Client(cluster) as client:
...     ...
"""

from importlib.metadata import PackageNotFoundError, version

from flotilla.cluster import Cluster, ClusterStartError, list_clusters
from flotilla.core import FlotillaError

try:
    __version__ = version("flotilla")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["Cluster", "ClusterStartError", "FlotillaError", "list_clusters", "__version__"]
