"""Driven by LocalIsolationEndToEndTest: two local clusters; a task on the first tries what a hostile user's code
would (read the key file, the database, the appliance's log, the other cluster's key files, connect to the
database without its password) and reports each outcome."""
import json
import os
import sys

import distributed

import flotilla

targets = json.loads(os.environ["ISOLATION_TARGETS"])


def identity():
    """Who a task runs as, and where its instance keeps its key files (what the other cluster will try to read)."""
    workdir = os.environ.get("FLOTILLA_AGENT_WORKDIR") or os.path.join(os.getcwd(), "agent")
    return {"uid": os.getuid(), "gid": os.getgid(), "workdir": workdir, "files": sorted(os.listdir(workdir))}


def outcome(action, path):
    try:
        if action == "list":
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
        return "allowed"
    except Exception as error:  # the outcome is the report
        return type(error).__name__


def database_outcome(host, port):
    """A connection as postgres with the empty password the appliance used to have (a trusting server lets it in
    without asking): anything but "connected" is a refusal (reported with why)."""
    try:
        import pg8000.native
    except ImportError as error:
        return "probe-broken: " + str(error)
    try:
        pg8000.native.Connection("postgres", host=host, port=port, database="postgres", password="",
                                 timeout=15).close()
        return "connected"
    except Exception as error:  # the outcome is the report
        return "refused: " + type(error).__name__ + ": " + str(error)[:300]


def probe(targets, other):
    files = {name: outcome(action, path) for name, (action, path) in targets["paths"].items()}
    files["other cluster's key directory"] = outcome("list", other["workdir"])
    for name in other["files"]:
        files["other cluster's " + name] = outcome("read", os.path.join(other["workdir"], name))
    return {"identity": identity(), "files": files,
            "database": database_outcome("127.0.0.1", targets["database_port"])}


report = {}
with flotilla.Cluster(name="iso-a", n_workers=1, workspace="default", wait_for_workers=True, package_sync=False) as a, \
        flotilla.Cluster(name="iso-b", n_workers=1, workspace="default", wait_for_workers=True, package_sync=False) as b, \
        distributed.Client(a) as client_a, distributed.Client(b) as client_b:
    report["b"] = client_b.submit(identity, pure=False).result(timeout=120)
    report["a"] = client_a.submit(probe, targets, report["b"], pure=False).result(timeout=120)
print("ISOLATION-REPORT " + json.dumps(report))
sys.stdout.flush()
