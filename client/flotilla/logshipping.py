"""Ship a Dask scheduler's or worker's log to CloudWatch Logs: a Dask ``--preload`` module.

The agent adds ``--preload flotilla.logshipping`` and the ``FLOTILLA_LOGS_*`` variables below when the
appliance's bootstrap response says where this instance's log goes (``logs.kind == "cloudwatch"``). On
import, it adds a `watchtower <https://pypi.org/project/watchtower/>`_ handler, formatted like Dask's own
log lines, to the loggers that Dask's log reaches (the root logger and those that do not propagate to it,
such as ``distributed``); the lines still go to the instance's own log too. Credentials come from boto3's
default chain: on an instance, its role, which may only create streams and put events in ``/flotilla/*``
groups. The appliance creates the group (with its retention) before the instance boots, so this module never
creates one. Lines are sent in batches every few seconds, and the rest when the process exits.

Without ``watchtower``/``boto3`` (``pip install flotilla[aws]``) it logs a warning and ships nothing: the
cluster works and the log stays on the instance.
"""

from __future__ import annotations

import atexit
import logging
import os
from typing import Mapping

ENV_GROUP = "FLOTILLA_LOGS_GROUP"
ENV_STREAM = "FLOTILLA_LOGS_STREAM"
ENV_REGION = "FLOTILLA_LOGS_REGION"
ENV_ENDPOINT_URL = "FLOTILLA_LOGS_ENDPOINT_URL"
SEND_INTERVAL_SECONDS = 5
DASK_LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"

logger = logging.getLogger(__name__)
_handler: logging.Handler | None = None
_targets: list[logging.Logger] = []


def environment(logs: Mapping) -> dict[str, str]:
    """The variables this module reads, from the ``logs`` part of a bootstrap response."""
    env = {ENV_GROUP: str(logs["group"]), ENV_STREAM: str(logs["stream"]), ENV_REGION: str(logs["region"])}
    if logs.get("endpointUrl"):
        env[ENV_ENDPOINT_URL] = str(logs["endpointUrl"])
    return env


def install(environ: Mapping[str, str] | None = None) -> logging.Handler | None:
    """Start shipping this process's log as ``environ`` (default: ``os.environ``) says; idempotent.

    Returns the handler, or None when nothing is configured or the libraries are missing.
    """
    global _handler
    env = os.environ if environ is None else environ
    if _handler is not None or not env.get(ENV_GROUP) or not env.get(ENV_STREAM):
        return _handler
    group, stream = env[ENV_GROUP], env[ENV_STREAM]
    try:
        import boto3
        import watchtower
    except ImportError as e:
        logger.warning("This instance's log is not shipped to CloudWatch Logs (%s, stream %s): %s is not installed "
                       "(pip install 'flotilla[aws]'). The log stays on the instance.", group, stream, e.name)
        return None
    # Dask sets up its loggers when distributed is first imported, and skips that when the root logger has a
    # handler already (then its lines would reach only CloudWatch, not the instance's own log): import it first.
    import distributed  # noqa: F401

    try:
        client = boto3.client("logs", region_name=env.get(ENV_REGION) or None,
                              endpoint_url=env.get(ENV_ENDPOINT_URL) or None)
        handler = watchtower.CloudWatchLogHandler(log_group_name=group, log_stream_name=stream, boto3_client=client,
                                                  create_log_group=False, send_interval=SEND_INTERVAL_SECONDS)
    except Exception as e:  # a bad region or endpoint must not stop the scheduler or worker
        logger.warning("This instance's log is not shipped to CloudWatch Logs (%s, stream %s): %s", group, stream, e)
        return None
    handler.setFormatter(watchtower.CloudWatchLogFormatter(_dask_log_format()))
    _targets[:] = [logging.getLogger()] + [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger) and not lg.propagate
    ]
    for target in _targets:
        target.addHandler(handler)
    _handler = handler
    atexit.register(close)
    return handler


def flush() -> None:
    """Send what is queued now."""
    if _handler is not None:
        _handler.flush()


def close() -> None:
    """Send what is queued and stop shipping (at exit; tests)."""
    global _handler
    handler, _handler = _handler, None
    if handler is None:
        return
    for target in _targets:
        target.removeHandler(handler)
    _targets.clear()
    handler.close()


def _dask_log_format() -> str:
    try:
        import dask.config

        return dask.config.get("distributed.admin.log-format", default=DASK_LOG_FORMAT)
    except Exception:
        return DASK_LOG_FORMAT


def dask_setup(server) -> None:  # noqa: ARG001 - Dask's preload hook
    install()


def dask_teardown(server) -> None:  # noqa: ARG001 - Dask's preload hook
    flush()


# Installed when Dask imports the preload (while it builds the scheduler or worker), so that the lines it
# logs while starting up are shipped too; dask_setup covers a process that imported this module earlier
# (the in-process agent also calls install() itself once the environment is in place).
install()
