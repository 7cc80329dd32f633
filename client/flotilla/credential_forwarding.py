"""Delivers the user's data credentials to a cluster over its own TLS comm, and keeps them fresh.

Workers get a ``WorkerPlugin`` (registered on the scheduler, so workers that join later get it too);
the scheduler gets the same variables through ``run_function`` (what ``Client.run_on_scheduler`` uses).
Both set the variables in the process's ``os.environ``, where boto3, s3fs and pyarrow read them.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Awaitable, Callable

from distributed.diagnostics.plugin import WorkerPlugin
from distributed.protocol.pickle import dumps

from flotilla.data_credentials import ENVIRON_NAMES, AwsCredentials

logger = logging.getLogger(__name__)

PLUGIN_NAME = "flotilla-aws-credentials"
REFRESH_WITHOUT_EXPIRY_SECONDS = 15 * 60  # a session whose expiry is unknown is re-read this often
MIN_REFRESH_SECONDS = 30
RETRY_SECONDS = 60


def set_environ(values: dict[str, str]) -> None:
    """Replace the AWS credential variables of this process with ``values``."""
    for name in ENVIRON_NAMES:
        os.environ.pop(name, None)
    os.environ.update(values)


class AwsCredentialsPlugin(WorkerPlugin):
    """Sets the forwarded credentials in the worker's environment; its repr never shows them."""

    name = PLUGIN_NAME
    idempotent = False

    def __init__(self, credentials: AwsCredentials):
        self._environ = credentials.environ()
        self._description = repr(credentials)

    def setup(self, worker) -> None:
        set_environ(self._environ)

    def __repr__(self) -> str:
        return f"AwsCredentialsPlugin({self._description})"

    __str__ = __repr__


async def send(scheduler_comm, credentials: AwsCredentials) -> None:
    """Give ``credentials`` to the scheduler and to every worker, now and later, replacing earlier ones."""
    await scheduler_comm.run_function(function=dumps(set_environ), args=dumps((credentials.environ(),)),
                                      kwargs=dumps({}), wait=True)
    responses = await scheduler_comm.register_worker_plugin(
        plugin=dumps(AwsCredentialsPlugin(credentials)), name=PLUGIN_NAME, idempotent=False)
    failed = [address for address, answer in responses.items() if answer.get("status") != "OK"]
    if failed:
        raise RuntimeError(f"Workers {failed} could not set the AWS credentials")
    logger.info("Sent AWS credentials %r to the cluster", credentials)


def refresh_delay(credentials: AwsCredentials) -> float:
    """Seconds until the next refresh: half the remaining lifetime (at least ``MIN_REFRESH_SECONDS``)."""
    left = credentials.seconds_left()
    if left is None:
        return REFRESH_WITHOUT_EXPIRY_SECONDS
    return max(MIN_REFRESH_SECONDS, left / 2)


class Refresher:
    """Re-sends credentials on the cluster's event loop before they expire; ``stop`` cancels the timer."""

    def __init__(self, loop, resend: Callable[[], Awaitable[AwsCredentials]]):
        self._loop = loop  # the cluster's tornado IOLoop
        self._resend = resend
        self._handle = None
        self._stopped = False

    def schedule(self, delay: float) -> None:
        """(Re)start the timer: the next refresh happens in ``delay`` seconds."""
        self._cancel()
        if not self._stopped:
            self._handle = self._loop.call_later(delay, self._fire)

    async def _fire(self) -> None:
        self._handle = None
        try:
            credentials = await self._resend()
        except asyncio.CancelledError:
            raise
        except Exception as e:  # keep the old ones until they expire; try again soon
            logger.warning("Could not refresh the cluster's AWS credentials (%s); retrying in %ss",
                           type(e).__name__, RETRY_SECONDS)
            self.schedule(RETRY_SECONDS)
            return
        self.schedule(refresh_delay(credentials))

    def stop(self) -> None:
        """Cancel the timer for good (the cluster is closing)."""
        self._stopped = True
        self._cancel()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._loop.remove_timeout(self._handle)
            self._handle = None

    @property
    def scheduled(self) -> bool:
        return self._handle is not None
