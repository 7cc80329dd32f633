"""A worker on a GCE Spot VM retires gracefully when the metadata server says the VM is preempted: a small fake
of the metadata server's ``instance/preempted`` (long polls with ``wait_for_change`` and ETags), real Dask
workers in this process."""

from __future__ import annotations

import asyncio
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from distributed import Client, Scheduler, Worker

from flotilla import agent, preemption
from tests.conftest import wait_until


class FakeMetadata:
    """``GET /computeMetadata/v1/instance/preempted``: FALSE until :meth:`preempt`; refuses a request without
    ``Metadata-Flavor: Google``, as the real one does."""

    def __init__(self):
        self.value = "FALSE"
        self.version = 1
        self.requests: list[dict] = []
        self.changed = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, "query": query, "flavor": self.headers.get("Metadata-Flavor")})
                if self.headers.get("Metadata-Flavor") != "Google":
                    return self._answer(403, "Missing Metadata-Flavor:Google header.")
                if url.path != preemption.PREEMPTED_PATH:
                    return self._answer(404, "not found")
                if query.get("wait_for_change") == "true":
                    with fake.changed:
                        fake.changed.wait_for(lambda: query.get("last_etag") != fake.etag,
                                              timeout=float(query.get("timeout_sec", "60")))
                self._answer(200, fake.value)

            def _answer(self, status, body):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/text")
                self.send_header("ETag", fake.etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def etag(self) -> str:
        return f"etag-{self.version}"

    def preempt(self) -> None:
        with self.changed:
            self.value, self.version = "TRUE", self.version + 1
            self.changed.notify_all()

    def close(self) -> None:
        self.preempt()  # release held long polls
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def metadata(monkeypatch):
    fake = FakeMetadata()
    monkeypatch.setenv(preemption.ENV_METADATA_HOST, fake.host)
    monkeypatch.setenv(preemption.ENV_WATCH, preemption.WATCH_GCE_METADATA)
    yield fake
    fake.close()


def test_a_preempted_worker_retires_and_its_data_moves(metadata, caplog):
    async def scenario():
        async with Scheduler(host="127.0.0.1", port=0, dashboard_address=":0") as scheduler, \
                Worker(scheduler.address, preload=["flotilla.preemption"], name="spot") as spot, \
                Worker(scheduler.address, name="on-demand") as other, \
                Client(scheduler.address, asynchronous=True) as client:
            [data] = await client.scatter([list(range(1000))], workers=[spot.address])
            assert set(scheduler.tasks[data.key].who_has) == {scheduler.workers[spot.address]}
            await until(lambda: any(r["query"].get("wait_for_change") == "true" for r in metadata.requests),
                        "the worker waits for a change")
            assert len(scheduler.workers) == 2, "not preempted: nothing happens"

            metadata.preempt()
            await until(lambda: spot.address not in scheduler.workers, "the spot worker left the scheduler")
            assert list(scheduler.workers) == [other.address]
            assert sum(await client.gather(data)) == sum(range(1000)), "its data moved to the other worker"
            await until(lambda: spot.status.name in ("closed", "closing"), "the spot worker closed")
            assert other.status.name == "running"

    with caplog.at_level(logging.INFO, logger="flotilla.preemption"):
        asyncio.run(scenario())
    assert "Compute Engine is preempting this Spot VM (instance/preempted is TRUE): retiring worker" in caplog.text
    assert all(r["flavor"] == "Google" for r in metadata.requests)
    waits = [r["query"] for r in metadata.requests if r["query"].get("wait_for_change") == "true"]
    assert waits and all(q.get("last_etag") == "etag-1" for q in waits), "long polls name the ETag last seen"


def test_an_unreachable_metadata_server_warns_once_and_keeps_trying(monkeypatch, caplog):
    fake = FakeMetadata()
    url = f"http://{fake.host}{preemption.PREEMPTED_PATH}"
    fake.server.shutdown()
    fake.server.server_close()  # nothing listens there now
    fired = threading.Event()
    with caplog.at_level(logging.WARNING, logger="flotilla.preemption"):
        watch = preemption.PreemptionWatch(url, fired.set, retry_seconds=0.05).start()
        try:
            wait_until(lambda: "Cannot read whether this Spot VM is preempted" in caplog.text, timeout=30,
                       message="the warning")
            wait_until(lambda: watch.alive, timeout=5, message="still watching")
        finally:
            watch.stop()
    wait_until(lambda: not watch.alive, timeout=30, message="the watch stopped")
    assert caplog.text.count("Cannot read whether this Spot VM is preempted") == 1
    assert not fired.is_set()


def test_already_preempted_at_start_fires_at_once(metadata):
    metadata.preempt()
    fired = threading.Event()
    watch = preemption.PreemptionWatch(preemption.metadata_url(), fired.set).start()
    assert fired.wait(30)
    wait_until(lambda: not watch.alive, timeout=30, message="the watch ended")


def test_without_the_setting_a_worker_does_not_watch(metadata, monkeypatch):
    monkeypatch.delenv(preemption.ENV_WATCH)
    preemption._watch = None

    async def scenario():
        async with Scheduler(host="127.0.0.1", port=0, dashboard_address=":0") as scheduler, \
                Worker(scheduler.address, preload=["flotilla.preemption"]):
            pass

    asyncio.run(scenario())
    assert metadata.requests == [] and preemption._watch is None


def test_agent_adds_the_watch_to_spot_workers_only(tmp_path):
    worker = {"role": "worker", "instance": "worker-1", "scheduler": {"address": "tls://10.0.0.1:8786"},
              "worker": {"nthreads": 1, "memoryLimit": "auto", "name": "worker-1"},
              "preemption": {"kind": "gce_metadata"}}
    cmd = agent.command(worker)
    assert cmd[-2:] == ["--preload", "flotilla.preemption"]
    assert agent.environment(worker, tmp_path)[preemption.ENV_WATCH] == "gce_metadata"
    for boot in ({**worker, "preemption": None}, {k: v for k, v in worker.items() if k != "preemption"},
                 {**worker, "preemption": {"kind": "unknown"}}):
        assert "flotilla.preemption" not in agent.command(boot)
        assert preemption.ENV_WATCH not in agent.environment(boot, tmp_path)


async def until(predicate, what: str, timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await asyncio.sleep(0.05)


def test_a_dask_worker_process_with_the_preload_leaves_with_its_nanny(metadata, tmp_path):
    """``dask worker --preload flotilla.preemption`` as the agent starts it: the worker retires, its nanny closes
    too, the process ends."""
    import os
    import subprocess
    import sys

    async def start_scheduler():
        return await Scheduler(host="127.0.0.1", port=0, dashboard_address=":0")

    loop = asyncio.new_event_loop()
    scheduler = loop.run_until_complete(start_scheduler())
    log = tmp_path / "worker.log"
    env = {**os.environ, "DASK_CONFIG": str(tmp_path)}
    cmd = [sys.executable, "-m", "dask", "worker", scheduler.address, "--nthreads", "1", "--name", "spot",
           "--dashboard-address", "127.0.0.1:0", "--preload", agent.PREEMPTION_PRELOAD]
    with open(log, "w+") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        def has_waiting_worker():
            loop.run_until_complete(asyncio.sleep(0.05))  # let the scheduler serve
            return len(scheduler.workers) == 1 and any(r["query"].get("wait_for_change") == "true"
                                                       for r in metadata.requests)

        wait_until(has_waiting_worker, timeout=60, message="the worker joined and watches")
        metadata.preempt()

        def gone():
            loop.run_until_complete(asyncio.sleep(0.05))
            return process.poll() is not None

        wait_until(gone, timeout=60, message="the worker process ended")
        assert not scheduler.workers
        text = log.read_text()
        assert "Compute Engine is preempting this Spot VM" in text, text
        assert process.returncode == 0, text
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        loop.run_until_complete(scheduler.close())
        loop.close()
