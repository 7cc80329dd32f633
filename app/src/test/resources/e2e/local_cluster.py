"""Driven by LocalClusterEndToEndTest: the user's side of a local cluster, through the real client."""
import json
import sys

import dask.array as da
import distributed

import flotilla
from cluster_checks import dashboard_outcome, plain_client_outcome

report = {}
# package_sync=False: this checks clusters on the default runtime (package sync has tests of its own)
with flotilla.Cluster(name="e2e", n_workers=2, workspace="default", wait_for_workers=True, package_sync=False) as cluster, \
        distributed.Client(cluster) as client:
    report["address"] = cluster.scheduler_address
    report["sum"] = float(da.random.random((10000, 10000)).sum().compute())
    cluster.scale(3)
    client.wait_for_workers(3, timeout=180)
    report["workers_after_scale"] = len(client.scheduler_info()["workers"])
    report["plain_client"] = plain_client_outcome(cluster.scheduler_address)
    report["plain_tcp_client"] = plain_client_outcome(cluster.scheduler_address.replace("tls://", "tcp://"))
    report["logs_roles"] = sorted(cluster.get_logs().keys())[:2]
    report["dashboard"] = dashboard_outcome(cluster.dashboard_link, cluster.ca_file)
    report["dashboard_in_view"] = cluster.info["dashboardUrl"]
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
