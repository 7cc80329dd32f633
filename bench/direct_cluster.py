"""The baseline: the same ``dask scheduler`` and ``dask worker`` processes, started directly by the script.

Same command lines as the Flotilla agent execs (TLS required, scheduler on 127.0.0.1, one thread per
worker, ``--memory-limit auto``), minus what Flotilla itself adds (the bootstrap call, the heartbeat plugin).
The scheduler starts first; the workers start once it answers, as the appliance does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

import distributed
import yaml
from distributed.comm import connect
from distributed.security import Security

from cpu_usage import CpuMeter
from processes import free_port, spawn, stop
from selfsigned_tls import TlsFiles
from waiting import wait_until


def _dask_config(directory: str, role: str, tls: TlsFiles) -> str:
    """A DASK_CONFIG directory requiring TLS with the given files for ``role`` (like the agent writes)."""
    path = os.path.join(directory, f"dask-config-{role}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    config = {"distributed": {"comm": {"require-encryption": True, "tls": {
        "ca-file": tls.ca_file, role: {"cert": tls.cert_file, "key": tls.key_file}}}}}
    with open(os.path.join(path, "bench.yaml"), "w") as f:
        yaml.safe_dump(config, f)
    return path


def _scheduler_answers(address: str, security: Security) -> bool:
    async def handshake() -> None:
        comm = await connect(address, timeout=0.5, **security.get_connection_args("client"))
        await comm.close()
    try:
        asyncio.run(handshake())
        return True
    except (OSError, asyncio.TimeoutError):
        return False


def time_direct(n_workers: int, tls: TlsFiles, workdir: str, python: str = sys.executable,
                timeout: float = 300.0) -> dict:
    """Start a scheduler and ``n_workers`` workers; return seconds until the scheduler answered and until all
    workers were connected (from just before the scheduler process was started), and the CPU seconds used
    meanwhile. Stops everything it started."""
    port = free_port()
    address = f"tls://127.0.0.1:{port}"
    security = Security(tls_ca_file=tls.ca_file, tls_client_cert=tls.cert_file, tls_client_key=tls.key_file,
                        require_encryption=True)
    env = dict(os.environ)
    dask = [python, "-m", "dask"]
    started = []
    meter = CpuMeter()
    try:
        meter.start()
        t0 = time.perf_counter()
        scheduler = spawn(dask + ["scheduler", "--protocol", "tls", "--port", str(port), "--dashboard-address", ":0",
                                  "--host", "127.0.0.1"],
                          dict(env, DASK_CONFIG=_dask_config(workdir, "scheduler", tls)),
                          os.path.join(workdir, "scheduler.log"), cwd=workdir)
        started.append(scheduler)

        def answered() -> bool | None:
            if scheduler.poll() is not None:
                raise RuntimeError(f"the direct scheduler exited with {scheduler.returncode}; see {workdir}")
            return True if _scheduler_answers(address, security) else None
        wait_until(answered, timeout, "direct scheduler answering", interval=0.05)
        t_ready = time.perf_counter() - t0
        worker_env = dict(env, DASK_CONFIG=_dask_config(workdir, "worker", tls))
        for i in range(n_workers):
            started.append(spawn(dask + ["worker", address, "--nthreads", "1", "--memory-limit", "auto",
                                         "--name", f"direct-{i}"], worker_env,
                                 os.path.join(workdir, f"worker-{i}.log"), cwd=workdir))
        with distributed.Client(address, security=security, timeout=min(timeout, 30)) as client:
            client.wait_for_workers(n_workers, timeout=timeout)
            t_workers = time.perf_counter() - t0
            cpu = meter.stop()
        return {"ready": t_ready, "workers": t_workers, "cpu": cpu}
    finally:
        stop(list(reversed(started)))
