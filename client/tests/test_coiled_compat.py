"""A script written for Coiled runs with ``import flotilla as coiled``: every keyword of Coiled's ``Cluster`` is
honoured or warned about by name, never a TypeError."""

from __future__ import annotations

import inspect
import warnings

import distributed
import pytest

import flotilla
import flotilla as coiled
from flotilla import coiled_compat

# The keywords of coiled.Cluster.__init__ in Coiled's published client (coiled 1.135.6 on PyPI, coiled/v2/cluster.py)
COILED_CLUSTER_KEYWORDS = [
    "name", "software", "container", "ignore_container_entrypoint", "n_workers", "worker_class", "worker_options",
    "worker_vm_types", "worker_cpu", "worker_memory", "worker_disk_size", "worker_disk_throughput",
    "worker_disk_config", "worker_gpu", "worker_gpu_type", "scheduler_options", "scheduler_vm_types", "scheduler_cpu",
    "scheduler_memory", "scheduler_disk_size", "scheduler_disk_config", "scheduler_gpu", "asynchronous", "cloud",
    "account", "workspace", "shutdown_on_close", "idle_timeout", "cluster_timeout", "capacity_retry_timeout",
    "no_client_timeout", "use_scheduler_public_ip", "use_dashboard_https", "dashboard_custom_subdomain",
    "credentials", "credentials_duration_seconds", "timeout", "environ", "tags", "send_dask_config",
    "unset_single_threading_variables", "backend_options", "show_widget", "custom_widget", "configure_logging",
    "wait_for_workers", "package_sync", "package_sync_strict", "package_sync_conda_extras", "package_sync_ignore",
    "package_sync_only", "package_sync_fail_on", "package_sync_use_uv_installer", "private_to_creator",
    "use_best_zone", "allow_cross_zone", "compute_purchase_option", "spot_policy", "extra_worker_on_scheduler",
    "_n_worker_specs_per_host", "scheduler_port", "allow_ingress_from", "allow_ssh_from", "allow_ssh", "allow_spark",
    "open_extra_ports", "jupyter", "mount_bucket", "host_setup_script", "region", "arm", "batch_job_ids",
    "batch_job_container", "scheduler_sidecars", "worker_sidecars", "pause_on_exit", "skip_ssd_mount",
    "filestores_to_attach",
]
# honoured: a parameter of flotilla.Cluster, or an alias of one (the tests below show each alias's effect)
ALIASES = {"account", "cluster_timeout", "compute_purchase_option", "worker_options", "scheduler_options"}


def test_every_coiled_keyword_is_honoured_or_warned_about_by_name():
    ours = set(inspect.signature(flotilla.Cluster.__init__).parameters) - {"self", "kwargs"}
    assert len(COILED_CLUSTER_KEYWORDS) == 78
    for keyword in COILED_CLUSTER_KEYWORDS:
        assert (keyword in ours) + (keyword in ALIASES) + (keyword in coiled_compat.NOT_HONOURED) == 1, keyword
    for keyword in coiled_compat.NOT_HONOURED:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kwargs = {keyword: "something"}
            assert coiled_compat.translate(kwargs, {}) == {} and kwargs == {}, "taken, not passed on"
        assert len(caught) == 1 and caught[0].category is coiled.CoiledCompatibilityWarning, keyword
        assert str(caught[0].message).startswith(f"flotilla.Cluster: {keyword} "), caught[0].message


def test_coiled_defaults_and_none_say_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert coiled_compat.translate({"send_dask_config": True, "allow_cross_zone": False, "region": None,
                                        "worker_options": {}, "scheduler_options": None}, {}) == {}


def test_aliases_become_flotilla_options_and_a_contradiction_is_refused():
    assert coiled_compat.translate({"account": "team", "cluster_timeout": "2h", "compute_purchase_option": "spot",
                                    "worker_options": {"nthreads": 3}}, {}) == {
        "workspace": "team", "max_lifetime": "2h", "spot_policy": "spot", "worker_threads": 3}
    with pytest.raises(ValueError, match="give account or workspace, not both"):
        coiled_compat.translate({"account": "a"}, {"workspace": "b"})
    with pytest.warns(coiled.CoiledCompatibilityWarning, match=r"worker_options\['lifetime'\] is not supported"):
        coiled_compat.translate({"worker_options": {"lifetime": "1h"}}, {})
    with pytest.warns(coiled.CoiledCompatibilityWarning, match=r"scheduler_options\['idle_timeout'\]"):
        coiled_compat.translate({"scheduler_options": {"idle_timeout": "1h"}}, {})


@pytest.mark.parametrize("n_workers, expected", [(3, (3, None)), ([1, 5], (1, (1, 5))), ([1, 2, 5], (2, (1, 5))),
                                                  (None, (4, (4, 20)))])
def test_n_workers_forms(n_workers, expected):
    assert coiled_compat.worker_range(n_workers) == expected


@pytest.mark.parametrize("bad", [[1], [1, 2, 3, 4], [3, 1], [1, 9, 5], [1, "2"], [-1, 2]])
def test_n_workers_nonsense_is_refused(bad):
    with pytest.raises(ValueError, match="n_workers"):
        coiled_compat.worker_range(bad)


def test_a_misspelt_keyword_is_still_a_type_error():
    with pytest.raises(TypeError, match="does not support: n_worker"):
        flotilla.Cluster(n_worker=2, url="http://127.0.0.1:9", token="t")


def test_a_coiled_script_runs_with_only_the_import_changed(logged_in):
    with pytest.warns(coiled.CoiledCompatibilityWarning) as caught:
        cluster = coiled.Cluster(n_workers=[1, 2], worker_options={"nthreads": 2}, cluster_timeout="2h",
                                 compute_purchase_option="spot_with_fallback", worker_cpu=[2, 8],
                                 worker_gpu=False, arm=None, credentials="local", send_dask_config=True,
                                 scheduler_port=8786, timeout=120)
    assert {str(w.message).split(" ")[1] for w in caught} == {"worker_cpu=[2,", "scheduler_port"}
    with cluster, distributed.Client(cluster) as client:
        fake = logged_in.cluster(cluster.name)
        assert fake.options["nWorkers"] == 1 and fake.options["workerThreads"] == 2
        assert fake.options["maxLifetimeSeconds"] == 7200 and fake.options["spotPolicy"] == "spot_with_fallback"
        assert fake.options["workerCpu"] == 2 and "workerGpu" not in fake.options and "arm" not in fake.options
        assert cluster.info["adaptive"]["minimum"] == 1 and cluster.info["adaptive"]["maximum"] == 2
        assert client.submit(lambda x: x * 2, 21).result() == 42
        assert next(iter(client.scheduler_info()["workers"].values()))["nthreads"] == 2
        cluster.shutdown()
    assert logged_in.cluster(cluster.name).state in ("stopping", "stopped")


def test_close_with_force_shutdown_stops_an_attached_cluster_with_the_reason(logged_in):
    with flotilla.Cluster(name="shared-force", n_workers=0, timeout=120):
        attached = flotilla.Cluster(name="shared-force", n_workers=0, timeout=120)
        attached.close(force_shutdown=True, reason="done for today")
        fake = logged_in.cluster("shared-force")
        assert fake.state in ("stopping", "stopped") and fake.reason == "done for today"


def test_scale_takes_force_stop_and_warns_when_it_cannot_be_honoured(logged_in):
    with flotilla.Cluster(n_workers=0, timeout=120) as cluster:
        cluster.scale(1, force_stop=True)
        assert logged_in.cluster(cluster.name).desired == 1
        with pytest.warns(coiled.CoiledCompatibilityWarning, match="force_stop=False"):
            cluster.scale(0, force_stop=False)
        assert logged_in.cluster(cluster.name).desired == 0


def test_adapt_timing_reaches_the_scheduler(logged_in):
    with flotilla.Cluster(n_workers=1, timeout=120) as cluster, distributed.Client(cluster) as client:
        cluster.adapt(minimum=1, maximum=3, interval="250ms", target_duration="2m", wait_count=24)
        fake = logged_in.cluster(cluster.name)
        assert fake.adaptive == {"minimum": 1, "maximum": 3, "interval": "250ms", "targetDuration": "120000ms",
                                 "waitCount": 24}

        def scheduler_adaptive(dask_scheduler):
            adaptive = dask_scheduler.plugins["flotilla"].adaptive
            return adaptive and (adaptive.interval, adaptive.target_duration, adaptive.wait_count)

        deadline = __import__("time").monotonic() + 60
        while client.run_on_scheduler(scheduler_adaptive) != (0.25, 120.0, 24):
            assert __import__("time").monotonic() < deadline, client.run_on_scheduler(scheduler_adaptive)
            __import__("time").sleep(0.1)
        with pytest.raises(ValueError, match="interval must be seconds or a duration such as '20 minutes'"):
            cluster.adapt(1, 3, interval="soon")
