"""Pure helpers: the create body, wait_for_workers, version checks, --since parsing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from flotilla import spec, version_check as versions
from flotilla.timeparse import since_to_iso

LOCAL = {"python": "3.11.7", "dask": "2026.8.0", "distributed": "2026.8.0", "cloudpickle": "3.1.1", "msgpack": "1.1.0"}


def test_create_body_uses_the_contract_names():
    body = spec.create_body(name=None, n_workers=3, worker_cpu=2, worker_memory="4GiB", worker_threads=None,
                            software="env-1", idle_timeout="20 minutes", no_client_timeout=90, max_lifetime="2h",
                            environ={"A": 1}, tags={"team": "x"})
    assert body == {"name": None, "nWorkers": 3, "workerCpu": 2, "workerMemory": "4GiB", "workerThreads": None,
                    "software": "env-1", "idleTimeoutSeconds": 1200, "noClientTimeoutSeconds": 90,
                    "maxLifetimeSeconds": 7200, "environ": {"A": "1"}, "tags": {"team": "x"}}
    with pytest.raises(ValueError, match="idle_timeout"):
        spec.seconds("soon", "idle_timeout")


def test_spot_policy_is_sent_only_when_given_and_checked():
    common = dict(name=None, n_workers=1, worker_cpu=None, worker_memory=None, worker_threads=None, software=None,
                  idle_timeout=None, no_client_timeout=None, max_lifetime=None, environ=None, tags=None)
    assert "spotPolicy" not in spec.create_body(**common)
    assert spec.create_body(**common, spot_policy="spot_with_fallback")["spotPolicy"] == "spot_with_fallback"
    with pytest.raises(ValueError, match="spot_policy must be one of on-demand, spot, spot_with_fallback"):
        spec.create_body(**common, spot_policy="cheap")


def test_worker_gpu_and_arm_are_sent_only_when_asked_and_checked():
    common = dict(name=None, n_workers=1, worker_cpu=None, worker_memory=None, worker_threads=None, software=None,
                  idle_timeout=None, no_client_timeout=None, max_lifetime=None, environ=None, tags=None)
    plain = spec.create_body(**common)
    assert "workerGpu" not in plain and "arm" not in plain, "an older appliance rejects unknown fields"
    body = spec.create_body(**common, worker_gpu=2, arm=True)
    assert body["workerGpu"] == 2 and body["arm"] is True
    assert spec.create_body(**common, worker_gpu=0)["workerGpu"] == 0
    for bad in (-1, 17, 1.5, "1", True):
        with pytest.raises(ValueError, match="worker_gpu must be an int between 0 and 16"):
            spec.create_body(**common, worker_gpu=bad)
    with pytest.raises(ValueError, match="arm must be True or False"):
        spec.create_body(**common, arm="yes")


@pytest.mark.parametrize("value, expected", [(True, 10), (False, 0), (3, 3), (0.5, 5), (0.01, 1), (1.0, 10)])
def test_wait_for_workers(value, expected):
    assert spec.workers_to_wait_for(value, 10) == expected


@pytest.mark.parametrize("value", [1.5, -1, "all"])
def test_wait_for_workers_rejects_nonsense(value):
    with pytest.raises(ValueError):
        spec.workers_to_wait_for(value, 10)


def test_versions_raise_for_python_minor_always_and_for_critical_packages_when_strict():
    with pytest.raises(versions.VersionMismatchError, match="python 3.11.7 here, 3.12.1 on the cluster"):
        versions.check(dict(LOCAL, python="3.12.1"), LOCAL)
    with pytest.raises(versions.VersionMismatchError, match="distributed 2026.8.0 here, 2025.1.0 on the cluster"):
        versions.check(dict(LOCAL, distributed="2025.1.0"), LOCAL, strict=True)
    with pytest.raises(versions.VersionMismatchError, match="msgpack 1.1.0 here, 1.0.8 on the cluster"):
        versions.check(dict(LOCAL, msgpack="1.0.8"), LOCAL, strict=True)
    with pytest.warns(versions.VersionMismatchWarning, match="distributed 2026.8.0 here, 2025.1.0 on the cluster"):
        versions.check(dict(LOCAL, distributed="2025.1.0"), LOCAL)


def test_versions_warn_for_dask_and_python_patch():
    with pytest.warns(versions.VersionMismatchWarning, match="python 3.11.7 here, 3.11.9.*dask 2026.8.0 here, 2026.7.0"):
        versions.check(dict(LOCAL, dask="2026.7.0", python="3.11.9"), LOCAL)
    versions.check({}, LOCAL)
    versions.check(dict(LOCAL), LOCAL)


def test_since_accepts_durations_and_iso_times():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert since_to_iso("10m", now) == "2026-11-27T11:50:00.000Z"
    assert since_to_iso("1d", now) == "2026-11-26T12:00:00.000Z"
    assert since_to_iso("2026-11-27T10:00:00", now) == "2026-11-27T10:00:00.000Z"
    assert since_to_iso("2026-11-27T10:00:00+01:00", now) == "2026-11-27T09:00:00.000Z"
