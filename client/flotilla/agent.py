"""Bootstrap agent: turn a one-time token into a running Dask scheduler or worker.

Run on each instance as ``python -m flotilla.agent --url URL --token BOOTSTRAP_TOKEN [--workdir DIR]``
(or with ``FLOTILLA_AGENT_URL`` / ``FLOTILLA_AGENT_TOKEN``). It fetches the instance's TLS material
and role from the appliance, writes the key files (0600) and a Dask config, then replaces itself with
``dask scheduler`` or ``dask worker``. Secrets travel in files and environment variables, never in argv.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from flotilla import logshipping
from flotilla.core import Api, FlotillaError
from flotilla.credentials import write_private

BOOTSTRAP_CONNECT_RETRIES = 300  # about five minutes at one try a second
ENV_CONNECT_RETRIES = "FLOTILLA_AGENT_CONNECT_RETRIES"  # fewer for tests and quick failure
BOOTSTRAP_NOT_READY_RETRIES = 900  # a scheduler VM gets about fifteen minutes to report
BOOTSTRAP_READ_RETRIES = 3
ENV_URL = "FLOTILLA_AGENT_URL"
ENV_TOKEN = "FLOTILLA_AGENT_TOKEN"
# Read by flotilla.plugin inside the scheduler process.
ENV_HEARTBEAT_URL = "FLOTILLA_HEARTBEAT_URL"
ENV_HEARTBEAT_TOKEN = "FLOTILLA_HEARTBEAT_TOKEN"
ENV_HEARTBEAT_INTERVAL = "FLOTILLA_HEARTBEAT_INTERVAL"
ENV_DASHBOARD_URL = "FLOTILLA_DASHBOARD_URL"
LOG_SHIPPING_PRELOAD = "flotilla.logshipping"


class BootstrapError(Exception):
    """The instance could not be bootstrapped; the message says why."""


def bootstrap(url: str, token: str) -> dict:
    """``POST /api/v1/agent/bootstrap`` with the one-time token.

    An appliance that is restarting refuses connections for a while; like a VM that keeps booting,
    the agent keeps trying to connect for about five minutes. Connection errors happen before the
    request is sent, so retrying them cannot use the one-time token twice; a connection cut while the
    appliance answers is retried too (if the answer was lost after the token was spent, the retry is
    refused and the control plane replaces this instance). A worker that boots before
    its scheduler has reported gets 503 (the token is not consumed) and asks again about once a second,
    sooner at first, so that it starts within a fraction of a second of the scheduler.
    """
    api = Api(url=url, token=token, retry=False)
    connect_retries = int(os.environ.get(ENV_CONNECT_RETRIES, BOOTSTRAP_CONNECT_RETRIES))
    patient = HTTPAdapter(max_retries=Retry(total=None, connect=connect_retries, read=BOOTSTRAP_READ_RETRIES,
                                            status=BOOTSTRAP_NOT_READY_RETRIES, status_forcelist=(503,),
                                            allowed_methods=frozenset({"POST"}), backoff_factor=0.1, backoff_max=1.0,
                                            respect_retry_after_header=False, raise_on_status=False))
    api.session.mount("http://", patient)
    api.session.mount("https://", patient)
    try:
        return api.post("/api/v1/agent/bootstrap")
    except FlotillaError as e:
        raise BootstrapError(f"Bootstrap with {url} failed: {e}") from e
    finally:
        api.close()


def write_tls(workdir: Path, tls: dict) -> dict[str, str]:
    """Write ca.pem, cert.pem and key.pem (0600) and return their paths."""
    paths = {"ca": workdir / "ca.pem", "cert": workdir / "cert.pem", "key": workdir / "key.pem"}
    write_private(str(paths["ca"]), tls["caCertPem"])
    write_private(str(paths["cert"]), tls["certPem"])
    write_private(str(paths["key"]), tls["keyPem"])
    return {k: str(v) for k, v in paths.items()}


def write_dask_config(workdir: Path, role: str, paths: dict[str, str]) -> Path:
    """A Dask config directory requiring TLS with this instance's certificate; returns the directory."""
    directory = workdir / "dask-config"
    directory.mkdir(mode=0o700, exist_ok=True)
    tls = {"ca-file": paths["ca"], role: {"cert": paths["cert"], "key": paths["key"]}}
    config = {"distributed": {"comm": {"require-encryption": True, "tls": tls}}}
    write_private(str(directory / "flotilla.yaml"), yaml.safe_dump(config))
    return directory


def ships_logs(boot: dict) -> bool:
    """Whether the appliance wants this instance's log in CloudWatch Logs (AWS clusters)."""
    return (boot.get("logs") or {}).get("kind") == "cloudwatch"


def command(boot: dict) -> list[str]:
    """The ``dask scheduler`` / ``dask worker`` command line for a bootstrap response (no secrets)."""
    dask = [sys.executable, "-m", "dask"]
    # first, so that it ships what the other preloads log
    shipping = ["--preload", LOG_SHIPPING_PRELOAD] if ships_logs(boot) else []
    if boot["role"] == "scheduler":
        s = boot["scheduler"]
        return dask + ["scheduler", "--protocol", "tls", "--port", str(s["port"]),
                       "--dashboard-address", f":{s['dashboardPort']}", "--host", s["host"],
                       *shipping, "--preload", "flotilla.plugin"]
    if boot["role"] == "worker":
        w = boot.get("worker") or {}
        return dask + ["worker", boot["scheduler"]["address"], "--nthreads", str(w.get("nthreads", 1)),
                       "--memory-limit", str(w.get("memoryLimit", "auto")), "--name", w.get("name") or boot["instance"],
                       *shipping]
    raise BootstrapError(f"Unknown role {boot['role']!r} in the bootstrap response")


def environment(boot: dict, dask_config: Path) -> dict[str, str]:
    """The started process's environment: ours, the cluster's ``environ``, the Dask config, the heartbeat
    (scheduler) and where the log is shipped (AWS)."""
    env = dict(os.environ)
    env.pop(ENV_TOKEN, None)  # the bootstrap token is spent; do not pass it on
    env.update({str(k): str(v) for k, v in (boot.get("environ") or {}).items()})
    env["DASK_CONFIG"] = str(dask_config)
    heartbeat = boot.get("heartbeat")
    if boot["role"] == "scheduler" and heartbeat:
        env[ENV_HEARTBEAT_URL] = heartbeat["url"]
        env[ENV_HEARTBEAT_TOKEN] = heartbeat["token"]
        env[ENV_HEARTBEAT_INTERVAL] = str(heartbeat.get("intervalSeconds", 5))
    if ships_logs(boot):
        env.update(logshipping.environment(boot["logs"]))
    return env


def prepare(url: str, token: str, workdir: Path) -> tuple[list[str], dict[str, str]]:
    """Bootstrap and write the files; return the command and environment to exec."""
    workdir.mkdir(mode=0o700, parents=True, exist_ok=True)
    boot = bootstrap(url, token)
    try:
        paths = write_tls(workdir, boot["tls"])
        config_dir = write_dask_config(workdir, boot["role"], paths)
        return command(boot), environment(boot, config_dir)
    except (KeyError, TypeError) as e:
        raise BootstrapError(f"The bootstrap response from {url} is missing {e}") from e


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flotilla.agent", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(ENV_URL), help=f"appliance URL (or ${ENV_URL})")
    parser.add_argument("--token", default=os.environ.get(ENV_TOKEN),
                        help=f"one-time bootstrap token (or ${ENV_TOKEN}, which keeps it out of ps)")
    parser.add_argument("--workdir", default=os.path.expanduser("~/.flotilla-agent"), help="where key files go")
    args = parser.parse_args(argv)
    if not args.url or not args.token:
        print(f"flotilla-agent: --url and --token (or ${ENV_URL} and ${ENV_TOKEN}) are required", file=sys.stderr)
        return 2
    try:
        cmd, env = prepare(args.url, args.token, Path(args.workdir))
    except BootstrapError as e:
        print(f"flotilla-agent: {e}", file=sys.stderr)
        return 1
    print(f"flotilla-agent: starting {' '.join(cmd[2:4])}", file=sys.stderr, flush=True)
    if token_on_argv(argv):
        # The token is visible in this process's command line: become a fresh process without it.
        os.execvpe(cmd[0], cmd, env)
    run_dask(cmd, env)
    return 0


def token_on_argv(argv: list[str] | None) -> bool:
    """Whether the bootstrap token was given as ``--token`` (visible to ``ps``) rather than by environment."""
    args = sys.argv[1:] if argv is None else argv
    return any(a == "--token" or a.startswith("--token=") for a in args)


def run_dask(cmd: list[str], env: dict[str, str]) -> None:
    """Become the Dask process: same pid and process group, one interpreter start instead of two.

    Dask reads its configuration when first imported, which happens only here, after the environment
    (the config directory, the heartbeat settings) is in place.
    """
    os.environ.clear()
    os.environ.update(env)
    # this process imported flotilla.logshipping already, so Dask's preload import will not install it
    logshipping.install()
    sys.argv = ["dask", *cmd[3:]]
    from dask.cli import run_cli

    run_cli()


if __name__ == "__main__":
    sys.exit(main())
