"""Driven by EnvironmentClusterTest: a local cluster on a software environment with a package the runtime lacks."""
import json
import sys

import distributed

import flotilla


def on_worker():
    import sys as worker_sys

    import tabulate
    return {"executable": worker_sys.executable, "tabulate_file": tabulate.__file__,
            "table": tabulate.tabulate([[1, 2]], tablefmt="plain")}


report = {}
with flotilla.Cluster(name="soft", n_workers=1, workspace="default", software="tables", timeout=900,
                      wait_for_workers=True) as cluster, distributed.Client(cluster) as client:
    report.update(client.submit(on_worker, pure=False).result(timeout=120))
    report["envs"] = [e["name"] for e in flotilla.list_software_environments(workspace="default")]
    try:
        flotilla.delete_software_environment("tables", workspace="default")
        report["delete_while_running"] = "deleted"
    except flotilla.FlotillaError as e:
        report["delete_while_running"] = f"{e.status}: {e}"
print("E2E-REPORT " + json.dumps(report))
sys.stdout.flush()
