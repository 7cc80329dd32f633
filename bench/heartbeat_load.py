"""Heartbeat ingest load: the real appliance (embedded PostgreSQL) against thousands of simulated clusters.

Not a test: it measures and prints. It starts the appliance as a child process, lets the Go load generator
(``bench/heartbeat-load``) write the simulated cluster rows straight into the appliance's database (RUNNING clusters
with a cluster token, no instances: creating them through the API would start a Dask process per cluster), then drives
``POST /api/v1/agent/heartbeat`` over loopback at each asked rate and reports heartbeats/s and latency percentiles.
The task runner is off during the run (``FLOTILLA_TASKS_ENABLED=false``): the reconciler would otherwise try to repair
clusters that have no instances.

    .venv/bin/python bench/heartbeat_load.py --clusters 3000 --rates 2000,5000,8000 --duration 30
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from appliance_process import Appliance  # noqa: E402
from cpu_usage import CpuMeter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def database_url(data_dir: str) -> str:
    """The embedded PostgreSQL's URL from the files the appliance keeps in its data directory."""
    with open(os.path.join(data_dir, "secrets", "database.password")) as f:
        password = f.read().strip()
    with open(os.path.join(data_dir, "postgres", "postmaster.pid")) as f:
        port = f.read().splitlines()[3].strip()
    return f"postgres://postgres:{password}@127.0.0.1:{port}/postgres?sslmode=disable"


def build_generator(out_dir: str) -> str:
    binary = os.path.join(out_dir, "heartbeat-load")
    subprocess.run(["go", "build", "-o", binary, "."], cwd=os.path.join(HERE, "heartbeat-load"), check=True,
                   timeout=600)
    return binary


def machine() -> dict:
    with open("/proc/cpuinfo") as f:
        models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    return {"cpus": os.cpu_count(), "loadAverage": os.getloadavg(), "cpu": models[0] if models else platform.processor(),
            "kernel": platform.release(), "java": subprocess.run(["java", "-version"], capture_output=True,
                                                                  text=True).stderr.splitlines()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=3000)
    parser.add_argument("--rates", default="2000,5000", help="heartbeats per second, comma-separated, one run each")
    parser.add_argument("--duration", type=int, default=30, help="seconds measured per rate")
    parser.add_argument("--warmup", type=int, default=15, help="seconds of load before each measurement")
    parser.add_argument("--senders", type=int, default=128)
    parser.add_argument("--python", default=sys.executable, help="Python for the local provider (unused here)")
    parser.add_argument("--jar", default=None)
    parser.add_argument("--build", action="store_true", help="rebuild the app module first")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="flotilla-hb-bench-") as work:
        generator = build_generator(work)
        appliance = Appliance(REPO, os.path.join(work, "data"), args.python,
                              {"FLOTILLA_TASKS_ENABLED": "false"}, build=args.build, jar=args.jar)
        results = []
        try:
            appliance.start()
            url = database_url(appliance.data_dir)
            for i, rate in enumerate(int(r) for r in args.rates.split(",")):
                command = [generator, "-db", url, "-url", appliance.url, "-clusters", str(args.clusters),
                           "-rate", str(rate), "-duration", f"{args.duration}s", "-warmup", f"{args.warmup}s",
                           "-senders", str(args.senders)]
                print(f"rate {rate}/s: {args.clusters} clusters, {args.warmup}s warm-up, {args.duration}s measured",
                      flush=True)
                started = time.monotonic()
                meter = CpuMeter(appliance.process.pid, appliance.database_dir)
                meter.start()
                run = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + args.warmup + 600)
                if run.returncode != 0:
                    raise RuntimeError(f"the load generator failed: {run.stderr}")
                cpu = meter.stop()
                result = json.loads(run.stdout)
                beats = result["ok"] + result["warmupOk"]
                result["cpuSeconds"] = cpu
                result["applianceCpuMillisPerHeartbeat"] = round(1000 * cpu["appliance"] / beats, 3) if beats else None
                result["wallSeconds"] = round(time.monotonic() - started, 1)
                print(json.dumps(result), flush=True)
                results.append(result)
        finally:
            appliance.close()
        report = {"machine": machine(), "appliance": appliance.environment_summary(), "runs": results}
        print(json.dumps(report, indent=2))
        if args.out:
            with open(args.out, "w") as f:
                json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
