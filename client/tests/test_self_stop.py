"""The dead man's switch: a scheduler whose appliance stopped answering stops itself and its workers."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from distributed import Client, Scheduler, Worker

from flotilla import agent, self_stop
from flotilla.plugin import FlotillaSchedulerPlugin
from tests.test_plugin import IDLE_ANSWER, Script, run

UNREACHABLE = "http://127.0.0.1:9/api/v1/agent/heartbeat"


def orphan_scheduler(url: str, after: float, token: str = "cluster-token") -> Scheduler:
    scheduler = Scheduler(port=0, dashboard_address=":0")
    switch = self_stop.OrphanSwitch(after, time.monotonic())
    scheduler.add_plugin(FlotillaSchedulerPlugin(url, token, 0.1, orphan_switch=switch))
    return scheduler


async def until(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.05)


@pytest.fixture
def marker(tmp_path, monkeypatch):
    path = tmp_path / "state" / self_stop.MARKER_NAME
    path.parent.mkdir()
    monkeypatch.setenv(self_stop.ENV_MARKER, str(path))  # the scheduler's and the (in-process) worker's marker
    return path


def test_unanswered_scheduler_without_clients_marks_retires_its_workers_and_closes(marker, caplog):
    async def scenario():
        s = await orphan_scheduler(UNREACHABLE, after=1.0)
        started = time.monotonic()
        async with Worker(s.address, name="w1") as worker:
            await asyncio.wait_for(s.finished(), 30)
            await until(lambda: worker.status.name in ("closed", "closing", "closing_gracefully"))
        assert time.monotonic() - started >= 1.0, "not before the self-stop time"

    with caplog.at_level(logging.INFO):
        run(scenario())
    assert "no heartbeat answered by the Flotilla appliance" in marker.read_text()
    assert "no client connected" in marker.read_text()
    assert "this instance stops itself" in caplog.text
    assert "Run out-of-band function 'mark'" in caplog.text, "the worker marked itself through the scheduler"


def test_a_connected_client_keeps_an_unanswered_scheduler_running(marker, caplog):
    async def scenario():
        s = await orphan_scheduler(UNREACHABLE, after=0.3)
        async with Worker(s.address):
            async with Client(s.address, asynchronous=True) as client:
                await until(lambda: "client(s) are connected: not stopping yet" in caplog.text)
                assert s.status.name == "running" and await client.submit(lambda x: x + 1, 1) == 2
            await asyncio.wait_for(s.finished(), 30)  # the last client left: now it stops

    with caplog.at_level(logging.WARNING, logger="flotilla.plugin"):
        run(scenario())
    assert marker.exists()


def test_answered_heartbeats_keep_the_switch_from_firing(appliance, marker):
    script = Script(appliance, "hb-answered")

    async def scenario():
        async with orphan_scheduler(script.url, after=0.5, token=script.token) as s:
            started = time.monotonic()
            await script.wait_for(lambda b: time.monotonic() - started > 2.0, timeout=30)  # four self-stop times
            assert s.status.name == "running"

    script.answer = dict(IDLE_ANSWER)
    run(scenario())
    assert not marker.exists()


def test_switch_reads_its_time_from_the_agent_and_zero_means_never(monkeypatch):
    monkeypatch.setenv(self_stop.ENV_AFTER, "3600")
    switch = self_stop.OrphanSwitch.from_environment(now=100.0)
    assert switch.after == 3600 and not switch.due(3699.0) and switch.due(3700.0)
    assert self_stop.ENV_AFTER not in __import__("os").environ, "read and removed, like the heartbeat token"
    assert not self_stop.OrphanSwitch(0, 0).due(10 ** 9)
    monkeypatch.setenv(self_stop.ENV_AFTER, "soon")
    assert self_stop.OrphanSwitch.from_environment(now=0).after == 0


def test_agent_gives_the_scheduler_its_self_stop_time_and_every_instance_a_marker(tmp_path):
    boot = {"role": "scheduler", "dashboard": {"token": "t"},
            "heartbeat": {"url": "http://127.0.0.1:1/h", "token": "x", "intervalSeconds": 5, "orphanSelfStopSeconds": 3600}}
    env = agent.environment(boot, tmp_path / "dask-config")
    assert env[self_stop.ENV_AFTER] == "3600"
    assert env[self_stop.ENV_MARKER] == str(tmp_path / "state" / "self-stop")
    worker = agent.environment({"role": "worker", "scheduler": {"address": "tls://a:1"}}, tmp_path / "dask-config")
    assert self_stop.ENV_AFTER not in worker and worker[self_stop.ENV_MARKER] == str(tmp_path / "state" / "self-stop")


def test_power_off_only_with_a_marker(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(self_stop.subprocess, "run", lambda argv, check: calls.append(argv) or
                        type("Done", (), {"returncode": 0})())
    assert self_stop.main([str(tmp_path)]) == 0 and calls == [], "an ordinary end of Dask: the machine stays"
    self_stop.state_dir(tmp_path).mkdir()
    self_stop.marker_of(tmp_path).write_text("2026-12-02T20:00:00Z no heartbeat answered for 3600s\n")
    assert self_stop.main([str(tmp_path)]) == 0
    assert calls[0][:3] == ["shutdown", "-h", "now"] and "no heartbeat answered" in calls[0][3]
    assert self_stop.main([]) == 2


@pytest.fixture
def appliance(tmp_path):
    from tests.fake.appliance import FakeAppliance
    fake = FakeAppliance(str(tmp_path)).start()
    yield fake
    fake.shutdown()
