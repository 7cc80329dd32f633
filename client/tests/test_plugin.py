"""The scheduler plugin in a real (in-process) scheduler, heartbeating to the fake appliance."""

from __future__ import annotations

import asyncio
import time

import pytest
from distributed import Client, Scheduler, Worker

from flotilla.plugin import FlotillaSchedulerPlugin
from tests.fake.clusters import HEARTBEAT_FIELDS

IDLE_ANSWER = {"desiredWorkers": 1, "adaptive": None, "retireWorkers": [], "shutdown": False, "reason": None}


class Script:
    """Records heartbeats and answers them with whatever the test sets in ``answer``."""

    def __init__(self, appliance, token: str):
        self.beats: list[dict] = []
        self.answer = dict(IDLE_ANSWER)
        self.url = f"{appliance.url}/api/v1/agent/heartbeat"
        self.token = token
        appliance.scripted_heartbeats[token] = self

    def __call__(self, body: dict) -> dict:
        self.beats.append(body)
        answer = self.answer(body) if callable(self.answer) else self.answer
        return answer

    async def wait_for(self, predicate, timeout: float = 20):
        deadline = time.monotonic() + timeout
        start = len(self.beats)
        while time.monotonic() < deadline:
            for beat in self.beats[start:]:
                if predicate(beat):
                    return beat
            await asyncio.sleep(0.05)
        raise AssertionError(f"no matching heartbeat in {timeout}s; {len(self.beats)} beats, last: {self.beats[-1:]}")


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


async def start_scheduler(script: Script, interval: float = 0.2) -> Scheduler:
    scheduler = Scheduler(port=0, dashboard_address=":0")
    scheduler.add_plugin(FlotillaSchedulerPlugin(script.url, script.token, interval))  # as the preload does
    return await scheduler


def slow(x):
    time.sleep(0.5)
    return x


def test_heartbeat_reports_workers_clients_and_idleness(appliance):
    script = Script(appliance, "hb-fields")

    async def scenario():
        async with await start_scheduler(script) as s, Worker(s.address, name="w1", nthreads=2):
            beat = await script.wait_for(lambda b: len(b["workers"]) == 1)
            assert set(beat) == HEARTBEAT_FIELDS
            assert beat["schedulerAddress"] == s.address
            assert beat["workers"][0]["name"] == "w1" and beat["workers"][0]["nthreads"] == 2
            assert beat["nThreads"] == 2 and beat["memory"] > 0
            assert beat["nClients"] == 0 and beat["lastClientLeftAt"] is not None
            assert beat["idleSince"] is not None and beat["adaptiveTarget"] is None
            assert set(beat["versions"]) == {"python", "dask", "distributed", "cloudpickle", "msgpack"}
            async with Client(s.address, asynchronous=True) as client:
                beat = await script.wait_for(lambda b: b["nClients"] == 1)
                assert beat["lastClientLeftAt"] is None
                future = client.submit(slow, 1)
                busy = await script.wait_for(lambda b: b["tasksProcessing"] == 1)
                assert busy["idleSince"] is None
                await future
            await script.wait_for(lambda b: b["nClients"] == 0 and b["lastClientLeftAt"] and b["idleSince"])

    run(scenario())


def test_retire_workers_answer_retires_that_worker_gracefully(appliance):
    script = Script(appliance, "hb-retire")

    async def scenario():
        async with await start_scheduler(script) as s, Worker(s.address, name="w1"), \
                Worker(s.address, name="w2") as w2:
            await script.wait_for(lambda b: len(b["workers"]) == 2)
            script.answer = dict(IDLE_ANSWER, retireWorkers=["w2"])
            beat = await script.wait_for(lambda b: [w["name"] for w in b["workers"]] == ["w1"])
            assert beat["workers"][0]["name"] == "w1"
            assert [ws.name for ws in s.workers.values()] == ["w1"]
            await asyncio.sleep(0.2)
            assert w2.status.name in ("closing", "closed", "closing_gracefully")

    run(scenario())


def test_shutdown_answer_closes_the_scheduler(appliance):
    script = Script(appliance, "hb-shutdown")

    async def scenario():
        s = await start_scheduler(script)
        await script.wait_for(lambda b: True)
        script.answer = dict(IDLE_ANSWER, shutdown=True, reason="idle")
        await asyncio.wait_for(s.finished(), 20)
        assert s.status.name == "closed"

    run(scenario())


def test_adaptive_target_follows_the_load(appliance):
    script = Script(appliance, "hb-adaptive")
    adaptive = {"minimum": 1, "maximum": 4, "interval": "200ms", "targetDuration": "1s", "waitCount": 2}

    def follow(body):  # like the appliance: desired follows the reported target, within the bounds
        target = body["adaptiveTarget"]
        desired = 1 if target is None else max(1, min(target, 4))
        return dict(IDLE_ANSWER, desiredWorkers=desired, adaptive=adaptive)

    script.answer = follow

    async def scenario():
        async with await start_scheduler(script) as s, Worker(s.address, name="w1", nthreads=1), \
                Client(s.address, asynchronous=True) as client:
            await script.wait_for(lambda b: b["adaptiveTarget"] == 1)
            futures = client.map(slow, range(12))
            loaded = await script.wait_for(lambda b: (b["adaptiveTarget"] or 0) > 1)
            assert loaded["adaptiveTarget"] <= 4
            await client.gather(futures)
            del futures
            await script.wait_for(lambda b: b["adaptiveTarget"] == 1, timeout=30)

    run(scenario())


def test_unreachable_appliance_does_not_hurt_the_scheduler(caplog):
    async def scenario():
        s = Scheduler(port=0, dashboard_address=":0")
        s.add_plugin(FlotillaSchedulerPlugin("http://127.0.0.1:9/api/v1/agent/heartbeat", "secret-cluster-token", 0.1))
        async with s:
            async with Worker(s.address), Client(s.address, asynchronous=True) as client:
                await asyncio.sleep(0.5)
                assert await client.submit(lambda x: x + 1, 1) == 2
            assert s.status.name == "running"

    with caplog.at_level("WARNING", logger="flotilla.plugin"):
        run(scenario())
    assert "Heartbeat to the Flotilla appliance failed" in caplog.text
    assert "secret-cluster-token" not in caplog.text


@pytest.fixture
def appliance(tmp_path):
    from tests.fake.appliance import FakeAppliance
    fake = FakeAppliance(str(tmp_path)).start()
    yield fake
    fake.shutdown()


def test_task_prefixes_are_sent_only_while_the_last_answer_collects_them(appliance):
    script = Script(appliance, "hb-prefixes")

    async def scenario():
        async with await start_scheduler(script) as s, Worker(s.address, name="w1", nthreads=1), \
                Client(s.address, asynchronous=True) as client:
            future = client.submit(slow, 1, pure=False)
            busy = await script.wait_for(lambda b: b["tasksProcessing"] == 1)
            assert "taskPrefixes" not in busy, "not asked for"
            await future
            script.answer = dict(IDLE_ANSWER, collect=["taskPrefixes"])
            await script.wait_for(lambda b: True)  # this one's answer asks for them
            futures = client.map(slow, range(1), pure=False)
            beat = await script.wait_for(lambda b: b.get("taskPrefixes"))
            assert beat["taskPrefixes"] == {"slow": 1}, "the prefix name and how many are processing, nothing else"
            await client.gather(futures)
            idle = await script.wait_for(lambda b: b["tasksProcessing"] == 0)
            assert idle["taskPrefixes"] == {}
            script.answer = dict(IDLE_ANSWER, collect=[])
            await script.wait_for(lambda b: True)
            after = await script.wait_for(lambda b: True)
            assert "taskPrefixes" not in after, "switched off again"

    run(scenario())


def test_gpu_use_of_workers_comes_from_their_gpu_metrics(appliance):
    script = Script(appliance, "hb-gpu")

    def fake_nvml(worker):  # what distributed.diagnostics.nvml.real_time returns on a GPU machine
        return {"utilization": 42, "memory-used": 1024}

    async def scenario():
        async with await start_scheduler(script) as s, \
                Worker(s.address, name="gpu", nthreads=1, metrics={"gpu": fake_nvml}, resources={"GPU": 2}), \
                Worker(s.address, name="cpu", nthreads=1):
            beat = await script.wait_for(lambda b: len(b["workers"]) == 2
                                         and any("gpuUtilization" in w for w in b["workers"]))
            workers = {w["name"]: w for w in beat["workers"]}
            assert workers["gpu"]["gpus"] == 2 and workers["gpu"]["gpuUtilization"] == 42.0
            assert "gpus" not in workers["cpu"] and "gpuUtilization" not in workers["cpu"], "no NVML, no GPU fields"

    run(scenario())


@pytest.mark.parametrize("target", ["1s", "60s"])
def test_adaptive_target_duration_changes_how_many_workers_the_scheduler_asks_for(appliance, target):
    """The same load: a short target duration asks for more workers than a long one (Dask's adaptive logic)."""
    script = Script(appliance, f"hb-target-{target}")
    adaptive = {"minimum": 1, "maximum": 8, "interval": "100ms", "targetDuration": target, "waitCount": 3}
    script.answer = dict(IDLE_ANSWER, adaptive=adaptive)
    asked: list[int] = []

    async def scenario():
        async with await start_scheduler(script, interval=0.1) as s, Worker(s.address, name="w1", nthreads=1), \
                Client(s.address, asynchronous=True) as client:
            await client.gather(client.map(slow, range(2)))  # the task's duration becomes known
            futures = client.map(slow, range(2, 26))  # 12 s of work for one thread
            await script.wait_for(lambda b: b["tasksProcessing"] > 0)
            beats = len(script.beats)
            await script.wait_for(lambda b: len(script.beats) > beats + 10)  # ten decisions with the load queued
            asked.extend(b["adaptiveTarget"] or 0 for b in script.beats[beats:])
            await client.cancel(futures)

    run(scenario())
    if target == "1s":
        assert max(asked) == 8, f"a 1 s target asks for the maximum: {asked}"
    else:
        assert max(asked) == 1, f"a 60 s target is met by the one worker there is: {asked}"
