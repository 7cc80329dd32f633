"""Driven by UsageClientEndToEndTest: flotilla.usage(), its DataFrame, flotilla.limits() and the UsageWarning of a create
against a real appliance; prints what it got as one JSON line for the test to compare with the REST answers."""
import json
import os
import sys
import warnings

import flotilla

report = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with flotilla.Cluster(name="warned", n_workers=0, wait_for_workers=False, timeout=300, package_sync=False) as cluster:
        report["cluster"] = cluster.name
report["usage_warnings"] = [str(w.message) for w in caught if issubclass(w.category, flotilla.UsageWarning)]
# read once the cluster stopped: the test compares with REST answers given after the script
since = os.environ["E2E_SINCE"]
report["by_user"] = flotilla.usage(by="user", since=since)
report["by_cluster"] = flotilla.usage(workspace="default", by="cluster", since=since)
report["by_day_of_member"] = flotilla.usage(by="day", since=since, user="usage-member")
frame = flotilla.usage(by="user", since=since, as_frame=True)
report["frame"] = {"type": type(frame).__name__, "keys": list(frame["key"]),
                   "vcpu_hours": [float(v) for v in frame["vcpuHours"]]}
report["limits"] = flotilla.limits()

print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
