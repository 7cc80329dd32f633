"""The version check on connect, against a real cluster whose scheduler plugin reports its versions."""

from __future__ import annotations

import distributed
import pytest

import flotilla
from flotilla import version_check
from tests.conftest import wait_until


def client_with_distributed(monkeypatch, version: str) -> dict:
    """Pretend this client has another distributed than the cluster's processes (which run the real one)."""
    real = version_check.local_versions()
    monkeypatch.setattr(version_check, "local_versions", lambda: dict(real, distributed=version))
    return real


def test_the_plugin_reports_the_clusters_critical_versions(logged_in):
    with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120, package_sync=False) as cluster:
        reported = wait_until(lambda: logged_in.cluster(cluster.name).versions, message="versions in a heartbeat")
        assert reported == version_check.local_versions()
        assert set(reported) == {"python", "dask", "distributed", "cloudpickle", "msgpack"}


def test_strict_refuses_a_cluster_with_another_distributed_naming_both_versions(logged_in, monkeypatch):
    real = client_with_distributed(monkeypatch, "2099.1.0")
    before = len(logged_in.clusters)
    with pytest.raises(flotilla.VersionMismatchError) as refused:
        flotilla.Cluster(n_workers=1, timeout=120, package_sync_strict=True)
    assert f"distributed 2099.1.0 here, {real['distributed']} on the cluster" in str(refused.value)
    created = logged_in.clusters[before]
    wait_until(lambda: created.state == "stopped", message="the refused cluster stopped")


def test_loose_warns_about_another_distributed_and_still_computes(logged_in, monkeypatch):
    real = client_with_distributed(monkeypatch, "2099.1.0")
    with pytest.warns(version_check.VersionMismatchWarning,
                      match=f"distributed 2099.1.0 here, {real['distributed']} on the cluster"):
        cluster = flotilla.Cluster(n_workers=1, timeout=120)
    with cluster, distributed.Client(cluster) as client:
        assert client.submit(lambda x: x + 1, 41).result(timeout=60) == 42


def test_the_same_versions_pass_silently(logged_in, recwarn):
    with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120):
        pass
    assert not [w for w in recwarn if issubclass(w.category, version_check.VersionMismatchWarning)]
