"""Driven by WatchdogTest: adapt(1, 3) grows under load and shrinks when the load is gone."""
import time

import distributed

import flotilla


def workers(client):
    return len(client.scheduler_info()["workers"])


with flotilla.Cluster(name="adaptive", n_workers=1, workspace="default", package_sync=False) as cluster, distributed.Client(cluster) as client:
    cluster.adapt(minimum=1, maximum=3)
    futures = client.map(lambda i: time.sleep(1.0) or i, range(240))
    deadline = time.time() + 180
    while workers(client) < 3 and time.time() < deadline:
        time.sleep(1)
    print(f"ADAPT grew to {workers(client)}", flush=True)
    client.gather(futures)
    del futures
    deadline = time.time() + 180
    while workers(client) > 1 and time.time() < deadline:
        time.sleep(1)
    print(f"ADAPT shrank to {workers(client)}", flush=True)
