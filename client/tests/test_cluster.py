"""flotilla.Cluster end to end against the fake appliance, with real TLS Dask processes."""

from __future__ import annotations

import asyncio
import os
import stat

import dask.array as da
import distributed
import pytest

import flotilla
from distributed.security import Security
from tests.conftest import wait_until
from tests.fake.ca import TestCA


def test_cluster_computes_scales_and_stops(logged_in):
    fake = logged_in
    with flotilla.Cluster(n_workers=2, timeout=120) as cluster, distributed.Client(cluster) as client:
        assert cluster.scheduler_address.startswith("tls://127.0.0.1:")
        assert len(client.scheduler_info()["workers"]) == 2

        total = da.random.random((2000, 2000), chunks=(500, 500)).sum().compute()
        assert total == pytest.approx(2e6, rel=0.01)

        cluster.scale(3)
        client.wait_for_workers(3, timeout=60)
        cluster.scale(2)  # the appliance answers the heartbeat with retireWorkers; the plugin retires one
        wait_until(lambda: len(client.scheduler_info()["workers"]) == 2, message="one worker retired")

        directory = cluster._credentials.directory
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
        for path in os.listdir(directory):
            assert stat.S_IMODE(os.stat(os.path.join(directory, path)).st_mode) == 0o600
        assert "state='running'" in repr(cluster)
        assert "Workspace" in cluster._repr_html_()

        scheduler_lines = [l for l in fake.cluster(cluster.name).logs if l["role"] == "scheduler"]
        scheduler_lines.append({**scheduler_lines[-1], "message": ""})  # a traceback's blank line, as the appliance sends it
        scheduler_lines.append({**scheduler_lines[-1], "message": "after the blank line"})
        fake.cluster(cluster.name).logs.extend(scheduler_lines[-2:])
        logs = cluster.get_logs()
        assert "Scheduler" in logs and "Scheduler at:" in logs["Scheduler"]
        assert logs["Scheduler"].endswith("\n\nafter the blank line")
        assert any(k.endswith("worker-1") for k in logs)
        name = cluster.name
    fake_cluster = fake.cluster(name)
    assert fake_cluster.state == "stopped" and fake_cluster.stop_requests == 1
    assert fake.long_polls and all(polled == name for polled, _ in fake.long_polls), \
        "while it starts, the client asks the appliance to answer when the state changes instead of polling"
    assert fake_cluster.scheduler_closed_itself, "the plugin closes the scheduler when the heartbeat says shutdown"
    assert not os.path.exists(directory), "key files are removed on close"


def connect(address: str, **kwargs) -> None:
    """Open a plain distributed.Client (asynchronous, so a failed attempt leaves no event-loop thread behind)."""
    async def attempt():
        async with distributed.Client(address, asynchronous=True, timeout="5s", **kwargs):
            pass
    asyncio.run(attempt())


def test_client_without_the_cluster_certificate_cannot_connect(logged_in):
    with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120, spot_policy="spot", worker_gpu=1,
                          arm=True) as cluster:
        options = logged_in.cluster(cluster.name).options
        assert options["spotPolicy"] == "spot", "spot_policy reaches the appliance"
        assert options["workerGpu"] == 1 and options["arm"] is True, "worker_gpu and arm reach the appliance"
        address = cluster.scheduler_address
        connect(address, security=cluster.security)  # the cluster's own certificate works
        with pytest.raises(TypeError, match="ssl_context"):  # no certificate at all
            connect(address)
        with pytest.raises(OSError):  # plain TCP to the TLS port
            connect(address.replace("tls://", "tcp://"))
        cert, key = TestCA("intruder").issue("intruder")  # a certificate from another CA
        security = Security(tls_ca_file=cluster._credentials.ca_file, tls_client_cert=cert, tls_client_key=key,
                            require_encryption=True)
        with pytest.raises(OSError, match="SSL|certificate"):
            connect(address, security=security)


def test_failed_cluster_reports_the_reason(logged_in):
    with pytest.raises(flotilla.ClusterStartError, match="broken cluster"):
        flotilla.Cluster(name="broken-one", n_workers=1, timeout=30)


def test_attaching_to_a_running_cluster_does_not_stop_it_on_close(logged_in):
    with flotilla.Cluster(name="shared", n_workers=0, timeout=120) as owner:
        with flotilla.Cluster(name="shared", n_workers=5, timeout=120) as attached:
            assert attached.scheduler_address == owner.scheduler_address
            with distributed.Client(attached) as client:
                assert client.run_on_scheduler(lambda: 42) == 42
        assert logged_in.cluster("shared").stop_requests == 0
        assert owner.state == "running"
        assert [c["name"] for c in flotilla.list_clusters()].count("shared") == 1
    assert logged_in.cluster("shared").state == "stopped"


def test_missing_workers_fail_the_start_and_stop_the_cluster(logged_in):
    with pytest.raises(flotilla.ClusterStartError, match="Only 0 of 1 workers connected to cluster noworkers-a"):
        flotilla.Cluster(name="noworkers-a", n_workers=1, timeout=8)
    cluster = logged_in.cluster("noworkers-a")
    assert cluster.stop_requests == 1
    wait_until(lambda: cluster.state == "stopped", message="cluster stopped")


def test_asynchronous_cluster(logged_in):
    async def scenario():
        async with flotilla.Cluster(n_workers=1, asynchronous=True, timeout=120) as cluster:
            async with distributed.Client(cluster, asynchronous=True) as client:
                assert await client.submit(lambda: 41 + 1) == 42
            assert "Scheduler" in await cluster.get_logs()
            return cluster.name

    name = asyncio.run(scenario())
    assert logged_in.cluster(name).state == "stopped"
