"""Driven by AwsClusterEndToEndTest: a user's session with a cluster provisioned on EC2 (moto plays AWS).

The user's own AWS session is moto too: it holds a bucket with one object, which a task on a worker reads
with the credentials the client forwarded straight to the cluster.
"""
import json
import os
import sys
import time

import boto3
import dask.array as da
import distributed

import flotilla
from cluster_checks import dashboard_outcome, plain_client_outcome

MOTO = os.environ["MOTO_ENDPOINT"]
s3 = boto3.client("s3", endpoint_url=MOTO, region_name="us-east-1")
s3.create_bucket(Bucket="user-data")
s3.put_object(Bucket="user-data", Key="hello.txt", Body=b"hello from the user's bucket")


def read_object(endpoint):
    """Runs on a worker: reads the user's object with whatever credentials the worker's process has."""
    import boto3 as worker_boto3
    session = worker_boto3.session.Session()
    body = session.client("s3", endpoint_url=endpoint, region_name="us-east-1") \
        .get_object(Bucket="user-data", Key="hello.txt")["Body"].read().decode()
    frozen = session.get_credentials().get_frozen_credentials()
    return body, frozen.access_key, frozen.secret_key


report = {}
with flotilla.Cluster(name="aws-e2e", n_workers=2, workspace="default", spot_policy="spot_with_fallback", package_sync=False) as cluster, \
        distributed.Client(cluster) as client:
    report["address"] = cluster.scheduler_address
    report["sum"] = float(da.random.random((10000, 10000)).sum().compute())
    body, key_id, secret = client.submit(read_object, MOTO, pure=False).result()
    report["object"] = body
    report["worker_key_id"] = key_id
    report["worker_secret"] = secret
    cluster.scale(3)
    client.wait_for_workers(3, timeout=180)
    report["workers_after_scale"] = len(client.scheduler_info()["workers"])
    report["plain_client"] = plain_client_outcome(cluster.scheduler_address)
    report["dashboard"] = dashboard_outcome(cluster.dashboard_link, cluster.ca_file)
    try:
        # instances ship their logs to CloudWatch every few seconds: wait for the scheduler's and two workers'
        deadline = time.monotonic() + 60
        logs = cluster.get_logs()
        while time.monotonic() < deadline and ("Scheduler" not in logs or len(logs) < 3):
            time.sleep(1)
            logs = cluster.get_logs()
        report["log_keys"] = sorted(logs.keys())
        report["scheduler_log"] = str(logs.get("Scheduler", ""))[-4000:]
    except Exception as error:
        report["log_error"] = f"{type(error).__name__}: {error}"
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
