"""Scheduler preload that puts the dashboard behind the cluster's token (:mod:`flotilla.dashboard_guard`).

Loaded with ``dask scheduler --preload flotilla.dashboard_preload``. Dask imports preload modules while it
builds the Scheduler, before its HTTP server listens, and runs ``dask_setup`` only once the scheduler has
started; so the guard is installed here at import, and no request is ever served without it. The token
comes from the agent through the environment (``FLOTILLA_DASHBOARD_TOKEN``, removed once read); without one
the guard refuses every request. ``dask_setup`` checks that the scheduler's HTTP application is guarded and
closes the scheduler otherwise: a dashboard that cannot be protected is not served.
"""

from __future__ import annotations

import logging
import os

from flotilla import dashboard_guard

logger = logging.getLogger("flotilla.dashboard")

_token = os.environ.pop(dashboard_guard.ENV_DASHBOARD_TOKEN, None)
if not _token:
    logger.error("flotilla.dashboard_preload loaded without %s: the dashboard refuses every request",
                 dashboard_guard.ENV_DASHBOARD_TOKEN)
dashboard_guard.install(_token)
del _token


async def dask_setup(scheduler) -> None:
    application = getattr(scheduler, "http_application", None)
    if application is not None and dashboard_guard.protects(application):
        logger.info("The dashboard answers only requests with this cluster's dashboard token")
        return
    logger.error("The dashboard guard is not in front of the scheduler's HTTP server; closing the scheduler")
    await scheduler.close(reason="flotilla: the dashboard could not be protected")
