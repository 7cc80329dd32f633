"""Scheduler plugin: heartbeats to the appliance and obeys its answers (the command channel).

Loaded with ``dask scheduler --preload flotilla.plugin``; reads the heartbeat URL, the per-cluster
token, the interval and the appliance certificate's fingerprint (the agent's pin) from environment variables set by
the agent. Like the bootstrap, heartbeats go over pinned HTTPS, or plain http only to loopback. Errors talking to the appliance
are logged and retried at the next interval: the plugin never brings the scheduler down by accident, with one
deliberate exception, the dead man's switch: when no heartbeat has been answered for ``FLOTILLA_ORPHAN_SELF_STOP``
seconds (the appliance's ``flotilla.clusters.orphan-self-stop``) and no client is connected, the scheduler marks
itself and its workers as self-stopped (:mod:`flotilla.self_stop`), retires the workers and closes, so that a
cluster whose appliance never came back stops instead of running (and billing) forever.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

import urllib3
from distributed.diagnostics.plugin import SchedulerPlugin
from distributed.protocol.pickle import dumps

from flotilla import self_stop
from flotilla.adaptive import SchedulerAdaptive
from flotilla.agent import ENV_HEARTBEAT_FINGERPRINT, ENV_HEARTBEAT_INTERVAL, ENV_HEARTBEAT_TOKEN, ENV_HEARTBEAT_URL
from flotilla.instance_http import InsecureTransport, InstanceHttp, require_safe
from flotilla.report import ActivityTracker, heartbeat_body

logger = logging.getLogger("flotilla.plugin")


class FlotillaSchedulerPlugin(SchedulerPlugin):
    """Every ``interval`` seconds: observe the scheduler, POST the heartbeat, apply the response."""

    name = "flotilla"

    def __init__(self, url: str, token: str, interval: float = 5.0, fingerprint: str | None = None,
                 orphan_switch: self_stop.OrphanSwitch | None = None):
        self.url = url
        self.http = InstanceHttp(token, urllib3.Timeout(connect=5.0, read=max(10.0, interval * 2)), fingerprint=fingerprint)
        self.interval = interval
        self.scheduler = None
        self.activity = ActivityTracker(time.time())
        self.adaptive: SchedulerAdaptive | None = None
        self._tasks: set[asyncio.Task] = set()
        self._retiring: set[str] = set()
        self._closing = False
        self._shutdown_task: asyncio.Task | None = None
        self.collect: frozenset[str] = frozenset()  # optional fields the appliance's last answer asked for
        self.orphan_switch = orphan_switch or self_stop.OrphanSwitch(0, time.monotonic())

    async def start(self, scheduler) -> None:
        self.scheduler = scheduler
        self._spawn(self._heartbeat_loop())

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            if task is not self._shutdown_task:  # close() runs inside it when the appliance asked for shutdown
                task.cancel()
        self.http.close()

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _heartbeat_loop(self) -> None:
        while not self._closing:
            started = time.monotonic()
            await self.beat()
            await self._adapt_until(started + self.interval)

    async def beat(self) -> None:
        """One heartbeat: send the state, apply the answer; failures are logged, never raised."""
        try:
            self.activity.observe(self.scheduler, time.time())
            body = heartbeat_body(self.scheduler, self.activity, self.adaptive.wanted if self.adaptive else None,
                                  self.collect)
            answer = await asyncio.to_thread(self.http.post, self.url, body)
            self.orphan_switch.answered(time.monotonic())
            await self.apply(answer or {})
        except asyncio.CancelledError:
            raise
        except Exception as e:
            logger.warning("Heartbeat to the Flotilla appliance failed (retrying in %ss): %s", self.interval, e)
            await self._stop_if_orphaned()

    def _clients(self) -> int:
        """Clients connected to the scheduler (not counting its own internal one)."""
        return sum(1 for client in self.scheduler.clients if client != "fire-and-forget")

    async def _stop_if_orphaned(self) -> None:
        """The dead man's switch: no answered heartbeat for the configured time and no client → stop everything."""
        now = time.monotonic()
        if self._closing or not self.orphan_switch.due(now):
            return
        if self._clients():
            logger.warning("No heartbeat answered for %.0fs, but %d client(s) are connected: not stopping yet",
                           self.orphan_switch.silent_for(now), self._clients())
            return
        reason = (f"no heartbeat answered by the Flotilla appliance for {self.orphan_switch.silent_for(now):.0f}s "
                  f"(self-stop after {self.orphan_switch.after:.0f}s) and no client connected")
        self._closing = True
        self_stop.mark(reason)
        workers = list(self.scheduler.workers)
        if workers:
            try:  # the workers' instances stop themselves too: mark them, then retire them
                await self.scheduler.broadcast(msg={"op": "run", "function": dumps(self_stop.mark),
                                                    "args": dumps((reason,)), "kwargs": dumps({}), "wait": True},
                                              on_error="return")
                await self.scheduler.retire_workers(workers=workers, close_workers=True, remove=True)
            except Exception:
                logger.warning("Retiring the workers before the self-stop failed", exc_info=True)
        self._shutdown_task = self._spawn(self.scheduler.close(reason=f"flotilla: {reason}"))

    async def _adapt_until(self, deadline: float) -> None:
        """Sleep until the next heartbeat, running the adaptive logic at its own interval meanwhile."""
        while not self._closing and time.monotonic() < deadline:
            if self.adaptive:
                try:
                    await self.adaptive.adapt()
                except Exception:
                    logger.warning("Adaptive scaling failed", exc_info=True)
                step = self.adaptive.interval
            else:
                step = deadline - time.monotonic()
            await asyncio.sleep(max(0.05, min(step, deadline - time.monotonic())))

    async def apply(self, answer: dict) -> None:
        """Apply the appliance's answer: optional fields to send, shutdown, workers to retire, adaptive settings."""
        self.collect = frozenset(str(field) for field in answer.get("collect") or [])
        if answer.get("shutdown"):
            reason = answer.get("reason") or "appliance request"
            logger.info("The appliance asked this scheduler to shut down: %s", reason)
            self._closing = True
            self._shutdown_task = self._spawn(self.scheduler.close(reason=f"flotilla: {reason}"))
            return
        retire = [n for n in answer.get("retireWorkers") or [] if n not in self._retiring]
        if retire:
            self._spawn(self._retire(retire))
        self._configure_adaptive(answer.get("adaptive"), int(answer.get("desiredWorkers") or 0))

    async def _retire(self, names: list[str]) -> None:
        self._retiring.update(names)
        try:
            logger.info("Retiring workers %s at the appliance's request", names)
            await self.scheduler.retire_workers(names=names, close_workers=True, remove=True)
        except Exception:
            logger.warning("Retiring workers %s failed", names, exc_info=True)
        finally:
            self._retiring.difference_update(names)

    def _configure_adaptive(self, settings: dict | None, desired: int) -> None:
        if not settings:
            self.adaptive = None
            return
        options = {"wait_count": settings.get("waitCount"), "target_duration": settings.get("targetDuration"),
                   "interval": settings.get("interval")}
        options = {k: v for k, v in options.items() if v is not None}
        if self.adaptive is None:
            self.adaptive = SchedulerAdaptive(self.scheduler, settings["minimum"], settings["maximum"], desired,
                                              **options)
        else:
            self.adaptive.configure(settings["minimum"], settings["maximum"], desired, **options)


def dask_setup(scheduler) -> None:
    """Preload hook: register the plugin when the agent provided a heartbeat URL and token."""
    url = os.environ.pop(ENV_HEARTBEAT_URL, None)
    token = os.environ.pop(ENV_HEARTBEAT_TOKEN, None)
    if not url or not token:
        logger.warning("flotilla.plugin loaded without %s/%s: no heartbeats", ENV_HEARTBEAT_URL, ENV_HEARTBEAT_TOKEN)
        return
    interval = float(os.environ.pop(ENV_HEARTBEAT_INTERVAL, "5"))
    fingerprint = os.environ.pop(ENV_HEARTBEAT_FINGERPRINT, None)
    orphan_switch = self_stop.OrphanSwitch.from_environment(time.monotonic())
    try:
        require_safe(url)
        plugin = FlotillaSchedulerPlugin(url, token, interval, fingerprint, orphan_switch)
    except InsecureTransport as e:
        logger.error("flotilla.plugin: no heartbeats: %s", e)
        return
    scheduler.add_plugin(plugin)
