"""Benchmark (not a test): how long a Dask cluster takes to start through Flotilla versus started directly.

For each N in --sizes it times, --repeat times, create -> scheduler ready -> N workers connected
(1) through a Flotilla appliance this script starts on embedded defaults (REST create, poll until running,
TLS client waits for N workers) and (2) with the same ``dask scheduler`` / ``dask worker`` processes started
directly by the script (TLS too). It prints medians, the ratio appliance/direct and the overhead, and with
--out writes everything as JSON. Every process it starts is stopped at the end. See docs/benchmark.md.

Run from the repository root with a Python that has the client installed (``pip install -e ./client[test]``):
    .venv/bin/python bench/cluster_startup.py --sizes 1,4,8 --repeat 3 --out bench-result.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile

import dask
import distributed

from appliance_cluster import time_appliance
from appliance_process import Appliance
from direct_cluster import time_direct
from flotilla.core import Api
from report import summarise, table
from selfsigned_tls import make_tls_files

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,8", help="comma-separated worker counts (default 1,4,8)")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per N and mode (default 3)")
    parser.add_argument("--warmup", type=int, default=2,
                        help="untimed rounds of each size first, so that the appliance's JVM has compiled its hot "
                             "paths, as in an appliance that has been up for a while (default 2; 0: measure cold)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds any single wait may take")
    parser.add_argument("--out", help="also write the runs and the summary as JSON to this file")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter for the Dask processes of both modes (default: this one)")
    parser.add_argument("--build", action="store_true", help="rebuild the app module and its classpath first")
    parser.add_argument("--jar", help="start the appliance from this runnable jar instead of app/target/classes")
    parser.add_argument("--appliance-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the appliance, e.g. FLOTILLA_CLUSTERS_RECONCILE_INTERVAL=200ms")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs) afterwards")
    return parser.parse_args(argv)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "dask": dask.__version__, "distributed": distributed.__version__,
            "load_average_at_start": os.getloadavg()}


def measure(args: argparse.Namespace, appliance: Appliance, workdir: str, sizes: list[int]) -> tuple[list, list, list]:
    """Run the plan; return the successful runs, the warm-up runs and the failed ones (a failure does not end
    the benchmark)."""
    api = Api(url=appliance.url, token=appliance.admin_token)
    tls = make_tls_files(workdir)
    plan = [(n, -1 - w) for w in range(args.warmup) for n in sizes] + [(n, r) for n in sizes for r in range(args.repeat)]
    runs, warmups, failures = [], [], []
    for index, (n, repeat) in enumerate(plan):
        # Alternate which mode goes first so that neither always runs on a machine still busy with the other.
        modes = ("direct", "appliance") if index % 2 == 0 else ("appliance", "direct")
        for mode in modes:
            label = "warm-up" if repeat < 0 else f"#{repeat + 1}"
            record = {"n": n, "mode": mode, "repeat": repeat + 1}
            try:
                if mode == "direct":
                    run_dir = tempfile.mkdtemp(prefix=f"direct-{n}-", dir=workdir)
                    times = time_direct(n, tls, run_dir, args.python, args.timeout)
                else:
                    times = time_appliance(api, f"bench-{n}-{index}", n, args.timeout, appliance.process.pid,
                                           appliance.database_dir)
            except Exception as error:
                details = getattr(error, "details", {})
                print(f"  N={n:<2} {label:<8} {mode:<9}  FAILED: {error}", flush=True)
                failures.append(dict(record, error=str(error), details=details))
                continue
            extra = f"  rest sees {times['rest_workers']:.2f}s" if "rest_workers" in times else ""
            extra += "  cpu " + " ".join(f"{k} {v:.2f}" for k, v in times["cpu"].items())
            print(f"  N={n:<2} {label:<8} {mode:<9}  ready {times['ready']:6.2f}s  workers {times['workers']:6.2f}s"
                  f"{extra}", flush=True)
            (runs if repeat >= 0 else warmups).append(dict(times, **record))
    return runs, warmups, failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    extra_env = dict(item.split("=", 1) for item in args.appliance_env)
    workdir = tempfile.mkdtemp(prefix="flotilla-bench-")
    print(f"Work directory (logs): {workdir}")
    appliance = Appliance(REPO, os.path.join(workdir, "appliance"), args.python, extra_env, args.build, args.jar)
    ok = False
    try:
        print("Starting the appliance ...", flush=True)
        appliance.start(args.timeout)
        print(f"Appliance up at {appliance.url}; measuring N in {sizes}, {args.repeat} time(s) each", flush=True)
        started = datetime.datetime.now(datetime.timezone.utc)
        host = machine()
        runs, warmups, failures = measure(args, appliance, workdir, sizes)
        rows = summarise(runs, sizes)
        print()
        print(table(rows))
        if failures:
            print(f"{len(failures)} run(s) failed and are left out of the medians: "
                  + ", ".join(f"N={f['n']} {f['mode']} #{f['repeat']}" for f in failures))
        if args.out:
            result = {"date": started.isoformat(timespec="seconds"), "machine": host,
                      "settings": {"sizes": sizes, "repeat": args.repeat, "warmup": args.warmup,
                                   "appliance_env": appliance.environment_summary()},
                      "runs": runs, "warmups": warmups, "failures": failures, "summary": rows}
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            with open(args.out, "w") as f:
                json.dump(result, f, indent=2)
            print(f"Wrote {args.out}")
        ok = True
        return 0
    finally:
        appliance.close()
        if args.keep or not ok:
            print(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
