"""GPU fields of a worker from distributed's NVML metrics (the scheduler's WorkerState)."""

from types import SimpleNamespace

from flotilla.gpu_metrics import worker_gpu_fields


def worker(metrics=None, resources=None):
    return SimpleNamespace(metrics=metrics or {}, resources=resources or {})


def test_a_worker_without_gpu_metrics_reports_nothing():
    assert worker_gpu_fields(worker({"cpu": 3.0})) == {}
    assert worker_gpu_fields(SimpleNamespace()) == {}


def test_one_monitored_device_unless_the_worker_declares_gpus():
    assert worker_gpu_fields(worker({"gpu": {"utilization": 37, "memory-used": 5}})) == {"gpus": 1, "gpuUtilization": 37.0}
    assert worker_gpu_fields(worker({"gpu": {"utilization": 5}}, {"GPU": 4})) == {"gpus": 4, "gpuUtilization": 5.0}


def test_utilization_that_nvml_cannot_tell_is_left_out_and_odd_values_are_clamped():
    assert worker_gpu_fields(worker({"gpu": {"utilization": None, "memory-used": 5}})) == {"gpus": 1}
    assert worker_gpu_fields(worker({"gpu": {"utilization": 140}}, {"GPU": "x"})) == {"gpus": 1, "gpuUtilization": 100.0}
