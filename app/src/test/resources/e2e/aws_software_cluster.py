"""Driven by AwsSoftwareEnvironmentEndToEndTest: an AWS cluster on a software environment built by CodeBuild (moto)."""
import json
import sys

import distributed

import flotilla


def on_worker():
    import os
    return {"sum": sum(range(1000)), "worker_pid": os.getpid()}


report = {}
with flotilla.Cluster(name="aws-soft", n_workers=1, workspace="default", software="tables", timeout=900,
                      wait_for_workers=True) as cluster, distributed.Client(cluster) as client:
    report["address"] = cluster.scheduler_address
    report.update(client.submit(on_worker, pure=False).result(timeout=300))
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
