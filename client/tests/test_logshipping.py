"""Shipping a Dask process's log to CloudWatch Logs (moto's server plays CloudWatch), and the agent's part in it."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import uuid

import pytest

boto3 = pytest.importorskip("boto3")
pytest.importorskip("watchtower")

from flotilla import agent, logshipping  # noqa: E402
from tests.conftest import wait_until  # noqa: E402

REGION = "eu-west-1"
GROUP = "/flotilla/team-a"


@pytest.fixture
def cloudwatch(moto_url, monkeypatch):
    """A CloudWatch Logs client with the group the appliance creates; AWS_* play the instance role."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    logs = boto3.client("logs", region_name=REGION, endpoint_url=moto_url)
    try:
        logs.create_log_group(logGroupName=GROUP)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    yield logs
    logshipping.close()


def settings(moto_url, stream):
    return logshipping.environment({"kind": "cloudwatch", "group": GROUP, "stream": stream, "region": REGION,
                                    "endpointUrl": moto_url})


def messages(logs, stream):
    events = logs.filter_log_events(logGroupName=GROUP, logStreamNames=[stream])["events"]
    return [e["message"] for e in events]


def test_lines_of_the_distributed_logger_arrive_in_the_instances_stream(cloudwatch, moto_url):
    stream = f"{uuid.uuid4()}/worker-2"
    handler = logshipping.install(settings(moto_url, stream))
    assert handler is not None
    assert logshipping.install(settings(moto_url, "other")) is handler, "installing twice keeps one handler"
    logging.getLogger("distributed.worker").info("Start worker at: tls://10.0.0.8:40000")
    logging.getLogger("distributed.worker").debug("below the level Dask logs at: not shipped")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("distributed.worker").exception("task failed")
    logshipping.flush()
    shipped = messages(cloudwatch, stream)
    assert len(shipped) == 2, shipped
    assert shipped[0].endswith(" - distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000")
    assert " - distributed.worker - ERROR - task failed\nTraceback (most recent call last):" in shipped[1]
    assert shipped[1].endswith("ValueError: boom")
    assert "other" not in _streams(cloudwatch)


def test_a_dask_scheduler_with_the_preload_ships_its_log_and_flushes_on_exit(cloudwatch, moto_url, tmp_path):
    stream = f"{uuid.uuid4()}/scheduler"
    env = {**os.environ, **settings(moto_url, stream), "DASK_CONFIG": str(tmp_path)}
    cmd = [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
           "--dashboard-address", ":0", "--preload", agent.LOG_SHIPPING_PRELOAD]
    with open(tmp_path / "scheduler.log", "w+") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: "Scheduler at:" in (tmp_path / "scheduler.log").read_text(), message="scheduler started")
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) is not None
        finally:
            if process.poll() is None:
                process.kill()
    local = (tmp_path / "scheduler.log").read_text()
    shipped = messages(cloudwatch, stream)
    assert any("distributed.scheduler - INFO -   Scheduler at:" in m for m in shipped), shipped
    assert any("End scheduler" in m for m in shipped), "the lines of the shutdown were sent at exit"
    assert "Scheduler at:" in local and "End scheduler" in local, "the instance keeps its own log too"


def test_agent_adds_the_preload_and_settings_only_when_the_appliance_asks(tmp_path):
    logs = {"kind": "cloudwatch", "group": GROUP, "stream": "c/worker-1", "region": REGION, "endpointUrl": None}
    worker = {"role": "worker", "instance": "worker-1", "scheduler": {"address": "tls://10.0.0.1:8786"},
              "worker": {"nthreads": 1, "memoryLimit": "auto", "name": "worker-1"}, "logs": logs}
    scheduler = {"role": "scheduler", "instance": "scheduler", "logs": logs, "dashboard": {"token": "fdt_x"},
                 "scheduler": {"port": 0, "dashboardPort": 0, "host": "10.0.0.1"}}
    for boot in (worker, scheduler):
        cmd = agent.command(boot)
        assert cmd[cmd.index("--preload") + 1] == "flotilla.logshipping"
        env = agent.environment(boot, tmp_path)
        assert env[logshipping.ENV_GROUP] == GROUP and env[logshipping.ENV_STREAM] == "c/worker-1"
        assert env[logshipping.ENV_REGION] == REGION and logshipping.ENV_ENDPOINT_URL not in env
    assert agent.command(scheduler)[-6:] == ["--preload", "flotilla.logshipping", "--preload", "flotilla.plugin",
                                             "--preload", "flotilla.dashboard_preload"]
    local = {**worker, "logs": None}
    assert "--preload" not in agent.command(local)
    assert logshipping.ENV_GROUP not in agent.environment(local, tmp_path)


def test_missing_watchtower_warns_and_ships_nothing(monkeypatch, caplog, moto_url):
    monkeypatch.setitem(sys.modules, "watchtower", None)  # import watchtower -> ImportError
    with caplog.at_level(logging.WARNING, logger="flotilla.logshipping"):
        assert logshipping.install(settings(moto_url, "c/scheduler")) is None
    assert "not shipped to CloudWatch Logs (/flotilla/team-a, stream c/scheduler): watchtower is not installed" in caplog.text
    assert "pip install 'flotilla[aws]'" in caplog.text
    logging.getLogger("distributed").warning("the process carries on")


def test_no_settings_no_shipping():
    assert logshipping.install({}) is None


def _streams(logs):
    return [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=GROUP)["logStreams"]]
