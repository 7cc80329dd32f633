"""Driven by LocalClusterEndToEndTest: the user's side of a local cluster, through the real client."""
import json
import sys

import dask.array as da
import distributed

import flotilla

report = {}
with flotilla.Cluster(name="e2e", n_workers=2, workspace="default", wait_for_workers=True) as cluster, \
        distributed.Client(cluster) as client:
    report["address"] = cluster.scheduler_address
    report["sum"] = float(da.random.random((10000, 10000)).sum().compute())
    cluster.scale(3)
    client.wait_for_workers(3, timeout=180)
    report["workers_after_scale"] = len(client.scheduler_info()["workers"])
    try:
        plain = distributed.Client(cluster.scheduler_address, timeout="5s")
        plain.close()
        report["plain_client"] = "connected"
    except Exception as error:  # a client without the cluster's certificate must not get in
        report["plain_client"] = type(error).__name__
    try:
        plain_tcp = distributed.Client(cluster.scheduler_address.replace("tls://", "tcp://"), timeout="5s")
        plain_tcp.close()
        report["plain_tcp_client"] = "connected"
    except Exception as error:
        report["plain_tcp_client"] = type(error).__name__
    report["logs_roles"] = sorted(cluster.get_logs().keys())[:2]
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
