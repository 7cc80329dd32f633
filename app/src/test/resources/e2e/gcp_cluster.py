"""Driven by GcpClusterEndToEndTest: a user's session with a cluster provisioned on Compute Engine (a fake plays GCE).

The user's Google application-default credentials are faked here, in this process only: they hand out a canary
access token, which the client forwards straight to the cluster. Halfway the script tells the test it is ready
(E2E-READY, a file) and waits until the test has preempted a Spot worker and seen it replaced (E2E-PROCEED).
"""
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import dask.array as da
import distributed
import google.auth
import google.oauth2.credentials

import flotilla

CANARY = os.environ["GCP_CANARY_TOKEN"]
USER_PROJECT = "user-data-project"
HANDSHAKE = os.environ["E2E_HANDSHAKE"]


def users_adc(scopes=None, request=None, quota_project_id=None, default_scopes=None):  # noqa: ARG001
    """The user's local ADC: the canary token, valid for an hour (google-auth's expiry is naive UTC)."""
    expiry = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=1)
    return google.oauth2.credentials.Credentials(token=CANARY, expiry=expiry), USER_PROJECT


google.auth.default = users_adc


def google_view(dask_worker=None):  # noqa: ARG001
    """What a task sees as its Google credentials: google.auth.default() on the worker."""
    import google.auth as worker_google_auth
    credentials, project = worker_google_auth.default()
    return {"token": credentials.token, "project": project}


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.5)


def handshake(report):
    ready = os.path.join(HANDSHAKE, "ready.json")
    with open(ready + ".new", "w") as out:
        json.dump(report, out)
    os.replace(ready + ".new", ready)
    wait_for(lambda: os.path.exists(os.path.join(HANDSHAKE, "proceed")), 600, "the test's E2E-PROCEED")


report = {}
with flotilla.Cluster(name="gcp-e2e", n_workers=2, workspace="default", spot_policy="spot_with_fallback",
                      package_sync=False, credentials="gcp", timeout=600) as cluster, \
        distributed.Client(cluster) as client:
    report["address"] = cluster.scheduler_address
    report["sum"] = float(da.random.random((10000, 10000)).sum().compute())
    # the client sends the token once connected: wait until every worker has it
    deadline = time.monotonic() + 120
    views = {}
    while time.monotonic() < deadline:
        try:
            views = client.run(google_view)
        except Exception as error:  # noqa: BLE001 - not yet forwarded: google.auth finds nothing
            views = {"error": f"{type(error).__name__}: {error}"}
        if views and all(isinstance(v, dict) and v.get("token") == CANARY for v in views.values()):
            break
        time.sleep(1)
    # the token itself stays out of the output
    report["worker_google"] = {worker: {"canary": v.get("token") == CANARY, "project": v.get("project")}
                               if isinstance(v, dict) else str(v) for worker, v in views.items()}
    cluster.scale(3)
    client.wait_for_workers(3, timeout=300)
    report["workers_after_scale"] = len(client.scheduler_info()["workers"])
    try:
        # instances ship their logs to Cloud Logging in batches: wait for the scheduler's and three workers'
        deadline = time.monotonic() + 120
        logs = cluster.get_logs()
        while time.monotonic() < deadline and ("Scheduler" not in logs or len(logs) < 4):
            time.sleep(1)
            logs = cluster.get_logs()
        report["log_keys"] = sorted(logs.keys())
        report["scheduler_log"] = str(logs.get("Scheduler", ""))[-4000:]
    except Exception as error:  # noqa: BLE001 - reported to the test
        report["log_error"] = f"{type(error).__name__}: {error}"
    report["workers_before_preemption"] = sorted(client.scheduler_info()["workers"])
    handshake(report)
    # the test preempted one Spot worker; the appliance replaced it: three workers again, one of them new
    client.wait_for_workers(3, timeout=300)
    workers = sorted(client.scheduler_info()["workers"])
    report["workers_after_preemption"] = workers
    report["sum_after_preemption"] = float(da.random.random((4000, 4000)).sum().compute())
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
