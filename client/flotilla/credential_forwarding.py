"""Delivers the user's data credentials to a cluster over its own TLS comm, and keeps them fresh.

Workers get a ``WorkerPlugin`` (registered on the scheduler, so workers that join later get it too);
the scheduler gets the same through ``run_function`` (what ``Client.run_on_scheduler`` uses).
AWS credentials become variables of the process's ``os.environ``, where boto3, s3fs and pyarrow read them;
a Google access token becomes the process's ``google.auth.default()`` credentials and gcloud's variables
(``flotilla.gcp_credentials.install``).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Awaitable, Callable

from distributed.diagnostics.plugin import WorkerPlugin
from distributed.protocol.pickle import dumps

from flotilla import gcp_credentials
from flotilla.data_credentials import ENVIRON_NAMES, AwsCredentials
from flotilla.gcp_credentials import GoogleCredentials

logger = logging.getLogger(__name__)

PLUGIN_NAME = "flotilla-aws-credentials"
GOOGLE_PLUGIN_NAME = "flotilla-google-credentials"
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


class GoogleCredentialsPlugin(WorkerPlugin):
    """Installs the forwarded Google token in the worker (``gcp_credentials.install``); its repr never shows it."""

    name = GOOGLE_PLUGIN_NAME
    idempotent = False

    def __init__(self, credentials: GoogleCredentials):
        self._args = _google_install_args(credentials)
        self._description = repr(credentials)

    def setup(self, worker) -> None:
        gcp_credentials.install(*self._args)

    def __repr__(self) -> str:
        return f"GoogleCredentialsPlugin({self._description})"

    __str__ = __repr__


def _google_install_args(credentials: GoogleCredentials) -> tuple:
    expiry = credentials.expiry.isoformat() if credentials.expiry else None
    return credentials.token, expiry, credentials.project


async def send(scheduler_comm, credentials: AwsCredentials | GoogleCredentials) -> None:
    """Give ``credentials`` to the scheduler and to every worker, now and later, replacing earlier ones."""
    if isinstance(credentials, GoogleCredentials):
        await _send_google(scheduler_comm, credentials)
        return
    await scheduler_comm.run_function(function=dumps(set_environ), args=dumps((credentials.environ(),)),
                                      kwargs=dumps({}), wait=True)
    responses = await scheduler_comm.register_worker_plugin(
        plugin=dumps(AwsCredentialsPlugin(credentials)), name=PLUGIN_NAME, idempotent=False)
    failed = [address for address, answer in responses.items() if answer.get("status") != "OK"]
    if failed:
        raise RuntimeError(f"Workers {failed} could not set the AWS credentials")
    logger.info("Sent AWS credentials %r to the cluster", credentials)


async def _send_google(scheduler_comm, credentials: GoogleCredentials) -> None:
    await scheduler_comm.run_function(function=dumps(gcp_credentials.install),
                                      args=dumps(_google_install_args(credentials)), kwargs=dumps({}), wait=True)
    responses = await scheduler_comm.register_worker_plugin(
        plugin=dumps(GoogleCredentialsPlugin(credentials)), name=GOOGLE_PLUGIN_NAME, idempotent=False)
    failed = [address for address, answer in responses.items() if answer.get("status") != "OK"]
    if failed:
        raise RuntimeError(f"Workers {failed} could not install the Google credentials")
    logger.info("Sent Google credentials %r to the cluster", credentials)


def refresh_delay(credentials: AwsCredentials | GoogleCredentials) -> float:
    """Seconds until the next refresh: half the remaining lifetime (at least ``MIN_REFRESH_SECONDS``)."""
    left = credentials.seconds_left()
    if left is None:
        return REFRESH_WITHOUT_EXPIRY_SECONDS
    return max(MIN_REFRESH_SECONDS, left / 2)


class Refresher:
    """Re-sends credentials on the cluster's event loop before they expire; ``stop`` cancels the timer."""

    def __init__(self, loop, resend: Callable[[], Awaitable[AwsCredentials | GoogleCredentials]]):
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
            logger.warning("Could not refresh the cluster's data credentials (%s); retrying in %ss",
                           type(e).__name__, RETRY_SECONDS)
            self.schedule(RETRY_SECONDS)
            return
        self.schedule(refresh_delay(credentials))

    def stop(self) -> None:
        """Cancel the timer for good (the cluster is closing)."""
        self._stopped = True
        self._cancel()

    def cancel(self) -> None:
        """Cancel the next refresh (a later ``schedule`` starts again)."""
        self._cancel()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._loop.remove_timeout(self._handle)
            self._handle = None

    @property
    def scheduled(self) -> bool:
        return self._handle is not None
