"""Ship a Dask scheduler's or worker's log to Google Cloud Logging: a Dask ``--preload`` module.

The agent adds ``--preload flotilla.gcp_logshipping`` and the ``FLOTILLA_GCP_LOGS_*`` variables below when the
appliance's bootstrap response says where this instance's log goes (``logs.kind == "cloud_logging"``): the
log name (one log per workspace, ``projects/<p>/logs/flotilla-<workspace>``), the project, the instance's name
and the labels every entry carries (``flotilla-cluster``, ``flotilla-role``, ``flotilla-instance``), by which
the appliance reads the lines back. On import, it adds google-cloud-logging's ``CloudLoggingHandler`` (its
background-thread transport: entries are batched and sent by a thread; what is queued is sent when the
process exits), formatted like Dask's own log lines, to the loggers that Dask's log reaches; the lines still go to the
instance's own log too. Entries name a ``generic_node`` resource (namespace ``flotilla``, node id the instance).

Credentials are the application-default ones: on a VM, its service account from the metadata server, which may
only write log entries. Cloud Logging creates the log at the first write, so nothing is prepared.
``FLOTILLA_GCP_LOGS_ENDPOINT`` (``host:port``) replaces ``logging.googleapis.com``: on a loopback host (tests)
spoken over an insecure gRPC channel without credentials, elsewhere (a private endpoint) with TLS and the
application-default credentials.

Without ``google-cloud-logging`` (``pip install 'flotilla[gcp]'``) it logs a warning and ships nothing: the
cluster works and the log stays on the instance.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
from typing import Mapping

ENV_LOG_NAME = "FLOTILLA_GCP_LOGS_NAME"
ENV_PROJECT = "FLOTILLA_GCP_LOGS_PROJECT"
ENV_INSTANCE = "FLOTILLA_GCP_LOGS_INSTANCE"
ENV_LABELS = "FLOTILLA_GCP_LOGS_LABELS"  # JSON object
ENV_ENDPOINT = "FLOTILLA_GCP_LOGS_ENDPOINT"
RESOURCE_TYPE = "generic_node"
DASK_LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"

logger = logging.getLogger(__name__)
_handler: logging.Handler | None = None
_targets: list[logging.Logger] = []
_channel = None


def environment(logs: Mapping) -> dict[str, str]:
    """The variables this module reads, from the ``logs`` part of a bootstrap response."""
    env = {ENV_LOG_NAME: str(logs["group"]), ENV_PROJECT: str(logs["region"]), ENV_INSTANCE: str(logs["stream"]),
           ENV_LABELS: json.dumps(dict(logs.get("labels") or {}), sort_keys=True)}
    if logs.get("endpointUrl"):
        env[ENV_ENDPOINT] = str(logs["endpointUrl"])
    return env


def log_id(log_name: str, project: str) -> str:
    """The log id of ``projects/<project>/logs/<id>`` (kept URL-encoded, as the API wants it in names)."""
    prefix = f"projects/{project}/logs/"
    if not log_name.startswith(prefix) or len(log_name) == len(prefix):
        raise ValueError(f"{log_name!r} is not a log of project {project!r}")
    return log_name[len(prefix):]


def install(environ: Mapping[str, str] | None = None) -> logging.Handler | None:
    """Start shipping this process's log as ``environ`` (default: ``os.environ``) says; idempotent.

    Returns the handler, or None when nothing is configured or the library is missing.
    """
    global _handler
    env = os.environ if environ is None else environ
    if _handler is not None or not env.get(ENV_LOG_NAME) or not env.get(ENV_PROJECT):
        return _handler
    log_name, project = env[ENV_LOG_NAME], env[ENV_PROJECT]
    try:
        import google.cloud.logging_v2 as logging_v2
        from google.cloud.logging_v2.handlers import CloudLoggingHandler
        from google.cloud.logging_v2.resource import Resource
    except ImportError as e:
        logger.warning("This instance's log is not shipped to Cloud Logging (%s): %s is not installed "
                       "(pip install 'flotilla[gcp]'). The log stays on the instance.", log_name, e.name)
        return None
    # Dask sets up its loggers when distributed is first imported, and skips that when the root logger has a
    # handler already (then its lines would reach only Cloud Logging, not the instance's own log): import it first.
    import distributed  # noqa: F401

    instance = env.get(ENV_INSTANCE) or ""
    try:
        labels = {str(k): str(v) for k, v in json.loads(env.get(ENV_LABELS) or "{}").items()}
        client = _client(logging_v2, project, env.get(ENV_ENDPOINT))
        resource = Resource(type=RESOURCE_TYPE, labels={"project_id": project, "location": "global",
                                                        "namespace": "flotilla", "node_id": instance})
        # the library's first write adds a diagnostic entry (its version) to the log; the appliance's readers
        # would show it as a line of the instance: leave it out
        logging_v2._instrumentation_emitted = True
        handler = CloudLoggingHandler(client, name=log_id(log_name, project), resource=resource, labels=labels)
    except Exception as e:  # a bad setting must not stop the scheduler or worker
        logger.warning("This instance's log is not shipped to Cloud Logging (%s): %s", log_name, e)
        return None
    handler.setFormatter(logging.Formatter(_dask_log_format()))
    _targets[:] = [logging.getLogger()] + [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger) and not lg.propagate
    ]
    for target in _targets:
        target.addHandler(handler)
    _handler = handler
    _at_exit(close)
    return handler


def _at_exit(callback) -> None:
    """Run ``callback`` when the interpreter exits, while the main thread still counts as alive: the library's
    background thread sends nothing once it is not (``atexit`` runs too late for that), so what the process logs
    last (``End scheduler``) would be lost. ``threading._register_atexit`` is that moment (what
    ``concurrent.futures`` uses); without it, ``atexit``."""
    register = getattr(threading, "_register_atexit", None)
    try:
        if register is not None:
            register(callback)
            return
    except RuntimeError:  # the interpreter is already shutting down
        pass
    atexit.register(callback)


def _client(logging_v2, project: str, endpoint: str | None):
    """A Cloud Logging client: application-default credentials, or plaintext gRPC to a loopback ``endpoint``."""
    global _channel
    if not endpoint:
        return logging_v2.Client(project=project)
    if not _loopback(endpoint):
        return logging_v2.Client(project=project, client_options={"api_endpoint": endpoint})
    import grpc
    from google.auth.credentials import AnonymousCredentials
    from google.cloud.logging_v2 import _gapic
    from google.cloud.logging_v2.services.logging_service_v2 import LoggingServiceV2Client
    from google.cloud.logging_v2.services.logging_service_v2.transports import LoggingServiceV2GrpcTransport

    client = logging_v2.Client(project=project, credentials=AnonymousCredentials())
    _channel = grpc.insecure_channel(endpoint)
    # client_options={"api_endpoint": ...} alone still speaks TLS: hand the client an insecure channel's API
    client._logging_api = _gapic._LoggingAPI(
        LoggingServiceV2Client(transport=LoggingServiceV2GrpcTransport(channel=_channel)), client)
    return client


def _loopback(endpoint: str) -> bool:
    host = endpoint.rsplit(":", 1)[0] if not endpoint.startswith("[") else endpoint[:endpoint.find("]") + 1]
    return host in ("localhost", "[::1]") or host.startswith("127.")


def flush() -> None:
    """Send what is queued now."""
    if _handler is not None:
        _handler.flush()


def close() -> None:
    """Send what is queued and stop shipping (at exit; tests)."""
    global _handler, _channel
    handler, _handler = _handler, None
    if handler is None:
        return
    for target in _targets:
        target.removeHandler(handler)
    _targets.clear()
    handler.flush()
    handler.close()
    if _channel is not None:
        _channel.close()
        _channel = None


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
# logs while starting up are shipped too; dask_setup covers a process that imported this module earlier.
install()
