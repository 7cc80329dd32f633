"""Dask's adaptive logic run inside the scheduler, which only *records* what it would do.

The control plane owns the VMs: ``scale_up``/``scale_down`` set :attr:`SchedulerAdaptive.wanted`
(sent as ``adaptiveTarget`` in the next heartbeat) and remember the workers Dask would retire.
"""

from __future__ import annotations

import logging

from dask.utils import parse_timedelta
from distributed.deploy.adaptive_core import AdaptiveCore

logger = logging.getLogger(__name__)


class SchedulerAdaptive(AdaptiveCore):
    """``AdaptiveCore`` over the scheduler's own state; the plan is the appliance's desired worker count."""

    def __init__(self, scheduler, minimum: int, maximum: int, desired: int, wait_count: int = 3,
                 target_duration: str | float = "5s", interval: str | float = "1s"):
        super().__init__(minimum=minimum, maximum=maximum, wait_count=wait_count)
        self.scheduler = scheduler
        self.desired = desired
        self.target_duration = parse_timedelta(target_duration)
        self.interval = parse_timedelta(interval)
        self.wanted = max(minimum, min(desired, maximum))
        self.to_retire: list[str] = []

    def configure(self, minimum: int, maximum: int, desired: int, wait_count: int | None = None,
                  target_duration: str | float | None = None, interval: str | float | None = None) -> None:
        """Apply new bounds and the appliance's current desired count (from a heartbeat response)."""
        self.minimum, self.maximum, self.desired = minimum, maximum, desired
        if wait_count is not None:
            self.wait_count = wait_count
        if target_duration is not None:
            self.target_duration = parse_timedelta(target_duration)
        if interval is not None:
            self.interval = parse_timedelta(interval)
        self.wanted = max(minimum, min(self.wanted, maximum))

    @property
    def observed(self) -> set:
        return {str(ws.name) for ws in self.scheduler.workers.values()}

    @property
    def plan(self) -> set:
        """The workers the appliance is providing: those connected plus placeholders for those still coming."""
        observed = self.observed
        missing = max(0, self.desired - len(observed))
        return observed | {f"<requested-{i}>" for i in range(missing)}

    @property
    def requested(self) -> set:
        return self.plan

    async def target(self) -> int:
        return self.scheduler.adaptive_target(target_duration=self.target_duration)

    async def workers_to_close(self, target: int) -> list:
        return self.scheduler.workers_to_close(target=target, attribute="name")

    async def scale_up(self, n: int) -> None:
        self.wanted = n

    async def scale_down(self, workers) -> None:
        names = [w for w in workers if not str(w).startswith("<requested-")]
        self.wanted = max(self.minimum, len(self.plan) - len(workers))
        self.to_retire = names
        if names:
            logger.info("Adaptive would retire %s; asking the appliance for %d workers", names, self.wanted)
