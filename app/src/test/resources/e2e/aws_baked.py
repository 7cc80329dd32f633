"""Driven by AwsBakedImageEndToEndTest: a short session with a cluster whose instances boot a baked worker image."""
import json

import dask.array as da
import distributed

import flotilla

report = {}
# package_sync=False: this checks the baked image's default runtime (package sync has tests of its own)
with flotilla.Cluster(name="aws-baked", n_workers=1, workspace="default", package_sync=False) as cluster, \
        distributed.Client(cluster) as client:
    client.wait_for_workers(1, timeout=300)
    report["address"] = cluster.scheduler_address
    report["sum"] = int(da.arange(1_000_000, chunks=100_000).sum().compute())
    report["workers"] = len(client.scheduler_info()["workers"])
print("E2E-REPORT " + json.dumps(report), flush=True)
