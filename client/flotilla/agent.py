"""Bootstrap agent: turn a one-time token into a running Dask scheduler or worker.

Run on each instance as ``python -m flotilla.agent --url URL --token BOOTSTRAP_TOKEN [--fingerprint SHA256] [--workdir DIR]``
(or with ``FLOTILLA_AGENT_URL`` / ``FLOTILLA_AGENT_TOKEN`` / ``FLOTILLA_AGENT_FINGERPRINT`` / ``FLOTILLA_AGENT_WORKDIR``). It
fetches the instance's TLS material and role from the appliance over HTTPS pinned to the appliance certificate's
fingerprint (plain http only to loopback), writes the key files (0600) and a Dask config, then replaces itself with
``dask scheduler`` or ``dask worker`` (inside the cluster's software image when the answer names one:
:mod:`flotilla.container_runtime`). Secrets travel in files and environment variables, never in argv.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

import urllib3
import yaml
from urllib3.util.retry import Retry

from flotilla import container_runtime, gcp_logshipping, logshipping, preemption, self_stop
from flotilla.credentials import write_private
from flotilla.errors import FlotillaError
from flotilla.instance_http import InsecureTransport, InstanceHttp, normal_fingerprint, require_safe

BOOTSTRAP_CONNECT_RETRIES = 300  # about five minutes at one try a second
ENV_CONNECT_RETRIES = "FLOTILLA_AGENT_CONNECT_RETRIES"  # fewer for tests and quick failure
BOOTSTRAP_NOT_READY_RETRIES = 900  # a scheduler VM gets about fifteen minutes to report
BOOTSTRAP_READ_RETRIES = 3
BOOTSTRAP_TIMEOUT = urllib3.Timeout(connect=5.0, read=30.0)  # the appliance holds a worker's request up to ~10 s
ENV_URL = "FLOTILLA_AGENT_URL"
ENV_TOKEN = "FLOTILLA_AGENT_TOKEN"
ENV_FINGERPRINT = "FLOTILLA_AGENT_FINGERPRINT"  # SHA-256 of the appliance's certificate, from the start data (public)
ENV_WORKDIR = "FLOTILLA_AGENT_WORKDIR"  # set by the local provider: instances there share one machine
# Read by flotilla.plugin inside the scheduler process.
ENV_HEARTBEAT_URL = "FLOTILLA_HEARTBEAT_URL"
ENV_HEARTBEAT_TOKEN = "FLOTILLA_HEARTBEAT_TOKEN"
ENV_HEARTBEAT_INTERVAL = "FLOTILLA_HEARTBEAT_INTERVAL"
ENV_HEARTBEAT_FINGERPRINT = "FLOTILLA_HEARTBEAT_FINGERPRINT"
# Read (and removed) by flotilla.dashboard_preload in the scheduler process.
ENV_DASHBOARD_TOKEN = "FLOTILLA_DASHBOARD_TOKEN"
LOG_SHIPPING_PRELOAD = "flotilla.logshipping"
GCP_LOG_SHIPPING_PRELOAD = "flotilla.gcp_logshipping"
# the preload and the variables of each kind of log destination the appliance may name
LOG_SHIPPERS = {"cloudwatch": (LOG_SHIPPING_PRELOAD, logshipping), "cloud_logging": (GCP_LOG_SHIPPING_PRELOAD, gcp_logshipping)}
DASHBOARD_PRELOAD = "flotilla.dashboard_preload"
PREEMPTION_PRELOAD = "flotilla.preemption"
WORKER_HTTP_ADDRESS = "127.0.0.1:0"


class BootstrapError(Exception):
    """The instance could not be bootstrapped; the message says why."""


def bootstrap(url: str, token: str, fingerprint: str | None = None) -> dict:
    """``POST /api/v1/agent/bootstrap`` with the one-time token, over HTTPS pinned to ``fingerprint`` (or verified by
    the system trust store without one); a plain http URL only to loopback. A refused transport or a certificate
    that is not the pinned one fails at once, without retries and before the token is sent.

    An appliance that is restarting refuses connections for a while; like a VM that keeps booting,
    the agent keeps trying to connect for about five minutes. Connection errors happen before the
    request is sent, so retrying them cannot use the one-time token twice; a connection cut while the
    appliance answers is retried too (if the answer was lost after the token was spent, the retry is
    refused and the control plane replaces this instance). A worker that boots before its scheduler has
    reported is held by the appliance until the scheduler reports (``flotilla.clusters.bootstrap-wait``), then
    gets 503 (the token is not consumed) and asks again, sooner at first, then about once a second.
    """
    connect_retries = int(os.environ.get(ENV_CONNECT_RETRIES, BOOTSTRAP_CONNECT_RETRIES))
    try:
        require_safe(url)
        fingerprint = normal_fingerprint(fingerprint)
    except InsecureTransport as e:
        raise BootstrapError(f"Bootstrap with {url} refused: {e}") from e
    # other=0: a TLS failure (wrong certificate) is not retried
    patient = Retry(total=None, connect=connect_retries, read=BOOTSTRAP_READ_RETRIES, other=0,
                    status=BOOTSTRAP_NOT_READY_RETRIES, status_forcelist=(503,), allowed_methods=frozenset({"POST"}),
                    backoff_factor=0.1, backoff_max=1.0, respect_retry_after_header=False, raise_on_status=False)
    http = InstanceHttp(token, BOOTSTRAP_TIMEOUT, patient, fingerprint)
    try:
        return http.post(url.rstrip("/") + "/api/v1/agent/bootstrap")
    except InsecureTransport as e:
        raise BootstrapError(f"Bootstrap with {url} refused: {e}") from e
    except FlotillaError as e:
        raise BootstrapError(f"Bootstrap with {url} failed: {e}") from e
    finally:
        http.close()


def write_tls(workdir: Path, tls: dict) -> dict[str, str]:
    """Write ca.pem, cert.pem and key.pem (0600) and return their paths."""
    paths = {"ca": workdir / "ca.pem", "cert": workdir / "cert.pem", "key": workdir / "key.pem"}
    write_private(str(paths["ca"]), tls["caCertPem"])
    write_private(str(paths["cert"]), tls["certPem"])
    write_private(str(paths["key"]), tls["keyPem"])
    return {k: str(v) for k, v in paths.items()}


def dask_config_dir(workdir: Path) -> Path:
    """Where the agent writes the instance's Dask configuration (``DASK_CONFIG``)."""
    return workdir / "dask-config"


def write_dask_config(workdir: Path, role: str, paths: dict[str, str]) -> Path:
    """A Dask config directory requiring TLS with this instance's certificate; returns the directory.

    A scheduler serves its dashboard over TLS with the same certificate (issued for its host by the cluster CA).
    """
    directory = dask_config_dir(workdir)
    directory.mkdir(mode=0o700, exist_ok=True)
    tls = {"ca-file": paths["ca"], role: {"cert": paths["cert"], "key": paths["key"]}}
    config = {"distributed": {"comm": {"require-encryption": True, "tls": tls}}}
    if role == "scheduler":
        dashboard_tls = {"ca-file": paths["ca"], "cert": paths["cert"], "key": paths["key"]}
        config["distributed"]["scheduler"] = {"dashboard": {"tls": dashboard_tls}}
    write_private(str(directory / "flotilla.yaml"), yaml.safe_dump(config))
    return directory


def ships_logs(boot: dict) -> bool:
    """Whether the appliance wants this instance's log shipped (CloudWatch Logs on AWS, Cloud Logging on GCP)."""
    return log_kind(boot) in LOG_SHIPPERS


def log_kind(boot: dict) -> str | None:
    """The kind of the bootstrap response's log destination, or None (the log stays on the instance)."""
    return (boot.get("logs") or {}).get("kind")


def preemption_watch(boot: dict) -> list[str]:
    """The worker's preload that retires it when its Spot VM is preempted, if the bootstrap asks for one."""
    return ["--preload", PREEMPTION_PRELOAD] if preemption.environment(boot.get("preemption")) else []


def command(boot: dict) -> list[str]:
    """The ``dask scheduler`` / ``dask worker`` command line for a bootstrap response (no secrets)."""
    dask = [sys.executable, "-m", "dask"]
    # first, so that it ships what the other preloads log
    shipping = ["--preload", LOG_SHIPPERS[log_kind(boot)][0]] if ships_logs(boot) else []
    if boot["role"] == "scheduler":
        s = boot["scheduler"]
        return dask + ["scheduler", "--protocol", "tls", "--port", str(s["port"]),
                       "--dashboard-address", f":{s['dashboardPort']}", "--host", s["host"],
                       *shipping, "--preload", "flotilla.plugin", "--preload", DASHBOARD_PRELOAD]
    if boot["role"] == "worker":
        w = boot.get("worker") or {}
        # a worker's own HTTP server (metrics, its Bokeh pages) has no token guard: it listens on loopback only
        return dask + ["worker", boot["scheduler"]["address"], "--nthreads", str(w.get("nthreads", 1)),
                       "--memory-limit", str(w.get("memoryLimit", "auto")), "--name", w.get("name") or boot["instance"],
                       "--dashboard-address", WORKER_HTTP_ADDRESS, *shipping, *preemption_watch(boot)]
    raise BootstrapError(f"Unknown role {boot['role']!r} in the bootstrap response")


def environment(boot: dict, dask_config: Path, fingerprint: str | None = None) -> dict[str, str]:
    """The started process's environment: ours, the cluster's ``environ``, the Dask config, the heartbeat
    (scheduler; pinned to the same ``fingerprint`` as the bootstrap), the dashboard token (scheduler) and where
    the log is shipped (AWS, GCP)."""
    env = dict(os.environ)
    env.pop(ENV_TOKEN, None)  # the bootstrap token is spent; do not pass it on
    env.update({str(k): str(v) for k, v in (boot.get("environ") or {}).items()})
    env["DASK_CONFIG"] = str(dask_config)
    env[self_stop.ENV_MARKER] = str(self_stop.marker_of(dask_config.parent))  # the dead man's switch (flotilla.self_stop)
    heartbeat = boot.get("heartbeat")
    if boot["role"] == "scheduler" and heartbeat:
        env[ENV_HEARTBEAT_URL] = heartbeat["url"]
        env[ENV_HEARTBEAT_TOKEN] = heartbeat["token"]
        env[ENV_HEARTBEAT_INTERVAL] = str(heartbeat.get("intervalSeconds", 5))
        env[self_stop.ENV_AFTER] = str(heartbeat.get("orphanSelfStopSeconds") or 0)
        if fingerprint:
            env[ENV_HEARTBEAT_FINGERPRINT] = fingerprint
    if boot["role"] == "scheduler":
        env[ENV_DASHBOARD_TOKEN] = boot["dashboard"]["token"]  # a missing token is a refused bootstrap answer
    if ships_logs(boot):
        env.update(LOG_SHIPPERS[log_kind(boot)][1].environment(boot["logs"]))
    if boot["role"] == "worker":
        env.update(preemption.environment(boot.get("preemption")))
    return env


def prepare(url: str, token: str, workdir: Path, fingerprint: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Bootstrap and write the files; return the command and environment to exec."""
    workdir.mkdir(mode=0o700, parents=True, exist_ok=True)
    boot = bootstrap(url, token, fingerprint)
    try:
        heartbeat = boot.get("heartbeat")
        if heartbeat:
            require_safe(heartbeat["url"])  # the cluster's token travels there
        paths = write_tls(workdir, boot["tls"])
        self_stop.state_dir(workdir).mkdir(mode=0o700, exist_ok=True)
        config_dir = write_dask_config(workdir, boot["role"], paths)
        cmd, env = command(boot), environment(boot, config_dir, fingerprint)
        if container_runtime.image_of(boot):
            cmd = container_runtime.prepare(boot, cmd, env, str(workdir))
        return cmd, env
    except container_runtime.ContainerError as e:
        raise BootstrapError(str(e)) from e
    except InsecureTransport as e:
        raise BootstrapError(f"The heartbeat URL from {url} is refused: {e}") from e
    except (KeyError, TypeError) as e:
        raise BootstrapError(f"The bootstrap response from {url} is missing {e}") from e


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flotilla.agent", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(ENV_URL), help=f"appliance URL (or ${ENV_URL})")
    parser.add_argument("--token", default=os.environ.get(ENV_TOKEN),
                        help=f"one-time bootstrap token (or ${ENV_TOKEN}, which keeps it out of ps)")
    parser.add_argument("--fingerprint", default=os.environ.get(ENV_FINGERPRINT),
                        help=f"SHA-256 fingerprint of the appliance's certificate to pin (or ${ENV_FINGERPRINT})")
    parser.add_argument("--workdir", default=os.environ.get(ENV_WORKDIR) or os.path.expanduser("~/.flotilla-agent"),
                        help=f"where key files go (or ${ENV_WORKDIR}; default ~/.flotilla-agent)")
    args = parser.parse_args(argv)
    if not args.url or not args.token:
        print(f"flotilla-agent: --url and --token (or ${ENV_URL} and ${ENV_TOKEN}) are required", file=sys.stderr)
        return 2
    workdir = Path(args.workdir)
    in_process = not token_on_argv(argv)
    early_import = import_dask_early(workdir) if in_process else None
    try:
        cmd, env = prepare(args.url, args.token, workdir, args.fingerprint)
    except BootstrapError as e:
        print(f"flotilla-agent: {e}", file=sys.stderr)
        return 1
    in_image = cmd[0] != sys.executable
    if in_image:  # [runtime, run, ..., image, IMAGE_PYTHON, -m, dask, role, ...]
        at = cmd.index(container_runtime.IMAGE_PYTHON)
        started = f"dask {cmd[at + 3]} in {cmd[at - 1]}"
    else:
        started = " ".join(cmd[2:4])
    print(f"flotilla-agent: starting {started}", file=sys.stderr, flush=True)
    if not in_process or in_image or needs_fresh_interpreter(env):
        # The token is visible in this process's command line, or the cluster's environment changes what an
        # interpreter reads at start: become a fresh process.
        os.execvpe(cmd[0], cmd, env)
    run_dask(cmd, env, early_import)
    return 0


def token_on_argv(argv: list[str] | None) -> bool:
    """Whether the bootstrap token was given as ``--token`` (visible to ``ps``) rather than by environment."""
    args = sys.argv[1:] if argv is None else argv
    return any(a == "--token" or a.startswith("--token=") for a in args)


# Read when an interpreter starts or Dask is imported; the in-process start cannot apply later changes to them.
START_UP_VARIABLE_PREFIXES = ("DASK_", "PYTHON", "LD_", "MALLOC_")


def needs_fresh_interpreter(env: dict[str, str]) -> bool:
    """Whether ``env`` sets or changes a variable that this (already started) interpreter cannot apply any more,
    e.g. a ``DASK_DISTRIBUTED__…`` setting or ``PYTHONPATH`` in the cluster's ``environ``. ``DASK_CONFIG`` is
    set to the same directory before Dask is imported, and the files in it are read again before Dask starts."""
    return any(name.startswith(START_UP_VARIABLE_PREFIXES) and os.environ.get(name) != value
               for name, value in env.items())


def import_dask_early(workdir: Path) -> threading.Thread:
    """Import Dask in the background while the bootstrap request is on its way (a worker's is held until its
    scheduler reports), so that the Dask process starts the moment the answer arrives.

    ``DASK_CONFIG`` points at the directory the agent writes after the bootstrap; Dask reads it again in
    :func:`run_dask`. Only the scheduler and the nanny run in this interpreter; a worker's tasks run in the
    process the nanny starts, with the cluster's whole environment.
    """
    os.environ["DASK_CONFIG"] = str(dask_config_dir(workdir))

    def load() -> None:
        try:
            import distributed  # noqa: F401
            from dask import cli  # noqa: F401
            from distributed.cli import dask_scheduler, dask_worker  # noqa: F401
        except Exception:  # noqa: BLE001 - the import in run_dask reports it, in the main thread
            pass

    thread = threading.Thread(target=load, name="flotilla-dask-import", daemon=True)
    thread.start()
    return thread


def apply_environment(env: dict[str, str]) -> None:
    """Make ``env`` this process's environment and have Dask read its configuration again: the config directory
    (TLS) was written after Dask was imported."""
    os.environ.clear()
    os.environ.update(env)
    import dask.config

    dask.config.refresh()


def run_dask(cmd: list[str], env: dict[str, str], early_import: threading.Thread | None = None) -> None:
    """Become the Dask process: same pid and process group, one interpreter start instead of two."""
    if early_import is not None:
        early_import.join()
    apply_environment(env)
    # this process imported the shipping modules already, so Dask's preload import will not install them
    logshipping.install()
    gcp_logshipping.install()
    sys.argv = ["dask", *cmd[3:]]
    from dask.cli import run_cli

    run_cli()


if __name__ == "__main__":
    sys.exit(main())
