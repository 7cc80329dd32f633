"""Retire a Dask worker gracefully when Compute Engine preempts its Spot VM: a Dask worker ``--preload`` module.

A Spot VM gets about 30 seconds' notice: the metadata server's ``instance/preempted`` turns ``TRUE``. The
agent adds ``--preload flotilla.preemption`` and ``FLOTILLA_PREEMPTION_WATCH=gce_metadata`` to a worker when its
bootstrap response says so (``preemption.kind == "gce_metadata"``). The worker then long-polls that value
(``?wait_for_change=true``, header ``Metadata-Flavor: Google``; the host is ``GCE_METADATA_HOST`` when set, as
for google-auth, else ``metadata.google.internal``) in a background thread, and on ``TRUE`` logs why and calls
the worker's ``close_gracefully``: the scheduler moves the worker's data to other workers and stops sending it
tasks, then the worker (and its nanny) close. Replacing the worker is the appliance's part.
"""

from __future__ import annotations

import logging
import os
import threading

import requests

ENV_WATCH = "FLOTILLA_PREEMPTION_WATCH"
WATCH_GCE_METADATA = "gce_metadata"
ENV_METADATA_HOST = "GCE_METADATA_HOST"
DEFAULT_METADATA_HOST = "metadata.google.internal"
PREEMPTED_PATH = "/computeMetadata/v1/instance/preempted"
CLOSE_REASON = "gce-spot-preempted"
WAIT_SECONDS = 300  # the metadata server answers a wait_for_change at the latest after this
RETRY_SECONDS = 5.0

logger = logging.getLogger(__name__)


def environment(preemption: dict | None) -> dict[str, str]:
    """The variables this module reads, from the ``preemption`` part of a bootstrap response (or none)."""
    if (preemption or {}).get("kind") == WATCH_GCE_METADATA:
        return {ENV_WATCH: WATCH_GCE_METADATA}
    return {}


def metadata_url(environ=None) -> str:
    env = os.environ if environ is None else environ
    return f"http://{env.get(ENV_METADATA_HOST) or DEFAULT_METADATA_HOST}{PREEMPTED_PATH}"


class PreemptionWatch:
    """Watches ``instance/preempted`` in a daemon thread and calls ``on_preempted`` once, when it is TRUE."""

    def __init__(self, url: str, on_preempted, retry_seconds: float = RETRY_SECONDS):
        self._url = url
        self._on_preempted = on_preempted
        self._retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._session = requests.Session()
        self._session.headers["Metadata-Flavor"] = "Google"
        self._thread = threading.Thread(target=self._run, name="flotilla-preemption-watch", daemon=True)

    def start(self) -> "PreemptionWatch":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        etag = None
        failing = False
        while not self._stop.is_set():
            params = {"wait_for_change": "true", "timeout_sec": str(WAIT_SECONDS)} if etag else {}
            if etag:
                params["last_etag"] = etag  # no change is missed between two polls
            try:
                answer = self._session.get(self._url, params=params, timeout=WAIT_SECONDS + 30)
                answer.raise_for_status()
            except requests.RequestException as e:
                if not failing:
                    logger.warning("Cannot read whether this Spot VM is preempted (%s): %s; retrying every %ss",
                                   self._url, e, self._retry_seconds)
                failing = True
                self._stop.wait(self._retry_seconds)
                continue
            if failing:
                logger.info("Reading whether this Spot VM is preempted works again")
                failing = False
            etag = answer.headers.get("ETag") or etag
            if answer.text.strip().upper() == "TRUE":
                if not self._stop.is_set():
                    self._on_preempted()
                return


_watch: PreemptionWatch | None = None


def dask_setup(worker) -> None:
    """Dask's preload hook: watch for preemption when the agent asked for it (workers only)."""
    global _watch
    from distributed import Worker

    if os.environ.get(ENV_WATCH) != WATCH_GCE_METADATA or not isinstance(worker, Worker):
        return

    def retire() -> None:
        logger.warning("Compute Engine is preempting this Spot VM (instance/preempted is TRUE): retiring worker %s "
                       "gracefully; the scheduler moves its data to other workers", worker.address)
        worker.loop.add_callback(worker.close_gracefully, reason=CLOSE_REASON)

    _watch = PreemptionWatch(metadata_url(), retire).start()
    logger.info("Watching %s for the preemption of this Spot VM", metadata_url())


def dask_teardown(worker) -> None:  # noqa: ARG001 - Dask's preload hook
    if _watch is not None:
        _watch.stop()
