"""Shipping a Dask process's log to Cloud Logging (a gRPC fake of LoggingServiceV2 on a loopback port plays it,
written to by the real google-cloud-logging library), and the agent's part in it."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import uuid

import pytest

pytest.importorskip("google.cloud.logging_v2")
pytest.importorskip("grpc")

from flotilla import agent, gcp_logshipping  # noqa: E402
from tests.conftest import wait_until  # noqa: E402
from tests.fake.cloud_logging import FakeCloudLogging  # noqa: E402

PROJECT = "team-project"
LOG_NAME = f"projects/{PROJECT}/logs/flotilla-team-a"


@pytest.fixture
def cloud_logging():
    fake = FakeCloudLogging().start()
    yield fake
    gcp_logshipping.close()
    fake.stop()


def settings(fake, instance="worker-2", role="worker", cluster=None):
    labels = {"flotilla-cluster": cluster or str(uuid.uuid4()), "flotilla-role": role, "flotilla-instance": instance}
    return gcp_logshipping.environment({"kind": "cloud_logging", "group": LOG_NAME, "stream": instance,
                                        "region": PROJECT, "endpointUrl": fake.target, "labels": labels})


def texts(fake, instance):
    return [e.text_payload for e in fake.snapshot() if e.labels.get("flotilla-instance") == instance]


def test_lines_of_the_distributed_logger_arrive_with_the_instances_labels(cloud_logging):
    env = settings(cloud_logging, cluster="c-1")
    handler = gcp_logshipping.install(env)
    assert handler is not None
    assert gcp_logshipping.install(settings(cloud_logging, instance="other")) is handler, "installing twice keeps one"
    logging.getLogger("distributed.worker").info("Start worker at: tls://10.0.0.8:40000")
    logging.getLogger("distributed.worker").debug("below the level Dask logs at: not shipped")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("distributed.worker").exception("task failed")
    gcp_logshipping.flush()
    shipped = texts(cloud_logging, "worker-2")
    assert len(shipped) == 2, shipped
    assert shipped[0].endswith(" - distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000")
    assert " - distributed.worker - ERROR - task failed\nTraceback (most recent call last):" in shipped[1]
    assert shipped[1].endswith("ValueError: boom")
    entries = cloud_logging.snapshot()
    assert len(entries) == 2, "no diagnostic entry, nothing for the other settings"
    first = entries[0]
    assert first.log_name == LOG_NAME
    assert {k: first.labels[k] for k in ("flotilla-cluster", "flotilla-role", "flotilla-instance")} == {
        "flotilla-cluster": "c-1", "flotilla-role": "worker", "flotilla-instance": "worker-2"}
    assert first.resource.type == "generic_node"
    assert dict(first.resource.labels) == {"project_id": PROJECT, "location": "global", "namespace": "flotilla",
                                           "node_id": "worker-2"}
    assert (first.severity, entries[1].severity) == (200, 500), "INFO and ERROR"
    assert first.timestamp.timestamp() > 0


def test_a_dask_scheduler_with_the_preload_ships_its_log_and_flushes_on_exit(cloud_logging, tmp_path):
    env = {**os.environ, **settings(cloud_logging, instance="scheduler", role="scheduler"), "DASK_CONFIG": str(tmp_path)}
    cmd = [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
           "--dashboard-address", ":0", "--preload", agent.GCP_LOG_SHIPPING_PRELOAD]
    with open(tmp_path / "scheduler.log", "w+") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "Scheduler at:" in (tmp_path / "scheduler.log").read_text(), message="scheduler started")
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) is not None
        finally:
            if process.poll() is None:
                process.kill()
    local = (tmp_path / "scheduler.log").read_text()
    shipped = texts(cloud_logging, "scheduler")
    assert any("distributed.scheduler - INFO -   Scheduler at:" in m for m in shipped), (shipped, local)
    assert any("End scheduler" in m for m in shipped), "the lines of the shutdown were sent at exit"
    assert "Scheduler at:" in local and "End scheduler" in local, "the instance keeps its own log too"


def test_agent_adds_the_preload_and_settings_for_cloud_logging(tmp_path):
    labels = {"flotilla-cluster": "c", "flotilla-role": "worker", "flotilla-instance": "worker-1"}
    logs = {"kind": "cloud_logging", "group": LOG_NAME, "stream": "worker-1", "region": PROJECT, "endpointUrl": None,
            "labels": labels}
    worker = {"role": "worker", "instance": "worker-1", "scheduler": {"address": "tls://10.0.0.1:8786"},
              "worker": {"nthreads": 1, "memoryLimit": "auto", "name": "worker-1"}, "logs": logs}
    scheduler = {"role": "scheduler", "instance": "scheduler", "logs": logs, "dashboard": {"token": "fdt_x"},
                 "scheduler": {"port": 0, "dashboardPort": 0, "host": "10.0.0.1"}}
    for boot in (worker, scheduler):
        cmd = agent.command(boot)
        assert cmd[cmd.index("--preload") + 1] == "flotilla.gcp_logshipping"
        assert "flotilla.logshipping" not in cmd
        env = agent.environment(boot, tmp_path)
        assert env[gcp_logshipping.ENV_LOG_NAME] == LOG_NAME and env[gcp_logshipping.ENV_PROJECT] == PROJECT
        assert env[gcp_logshipping.ENV_INSTANCE] == "worker-1"
        assert json.loads(env[gcp_logshipping.ENV_LABELS]) == labels
        assert gcp_logshipping.ENV_ENDPOINT not in env
    unknown = {**worker, "logs": {**logs, "kind": "papyrus"}}
    assert "--preload" not in agent.command(unknown), "an unknown kind ships nothing"


def test_missing_library_warns_and_ships_nothing(monkeypatch, caplog, cloud_logging):
    monkeypatch.setitem(sys.modules, "google.cloud.logging_v2.handlers", None)  # -> ImportError
    with caplog.at_level(logging.WARNING, logger="flotilla.gcp_logshipping"):
        assert gcp_logshipping.install(settings(cloud_logging, instance="scheduler")) is None
    assert f"not shipped to Cloud Logging ({LOG_NAME}): google.cloud.logging_v2.handlers is not installed" in caplog.text
    assert "pip install 'flotilla[gcp]'" in caplog.text
    logging.getLogger("distributed").warning("the process carries on")
    assert cloud_logging.snapshot() == []


def test_a_log_name_of_another_project_is_refused_with_a_warning(caplog, cloud_logging):
    env = {**settings(cloud_logging), gcp_logshipping.ENV_PROJECT: "elsewhere"}
    with caplog.at_level(logging.WARNING, logger="flotilla.gcp_logshipping"):
        assert gcp_logshipping.install(env) is None
    assert "is not a log of project 'elsewhere'" in caplog.text


def test_no_settings_no_shipping():
    assert gcp_logshipping.install({}) is None


def test_only_a_loopback_endpoint_is_spoken_to_without_tls():
    assert all(gcp_logshipping._loopback(e) for e in ("127.0.0.1:4321", "localhost:1", "[::1]:9"))
    assert not any(gcp_logshipping._loopback(e) for e in ("private.googleapis.com:443", "10.0.0.1:443",
                                                          "[2001:db8::1]:443"))
