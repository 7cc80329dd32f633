"""Benchmark (not a test): cluster start on an already built software environment vs. on the default runtime.

Starts its own appliance (embedded defaults, as ``cluster_startup.py``), builds the 40-package environment of
``environment_build.py`` once (untimed), then for each N in --sizes times, --repeat times and alternating which goes
first, create -> running -> N workers connected of a cluster ``{"software": "bench40"}`` and of one without
``software`` (the appliance's pinned runtime), both through ``POST …/clusters`` exactly as ``cluster_startup.py``
does (``appliance_cluster.time_appliance``). Prints medians and the ratio software / default (goal <= 1.1x).

    .venv/bin/python bench/environment_cluster_start.py --sizes 1,4 --repeat 5 --out bench/results/$(date +%F)-environment-cluster-start.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from appliance_cluster import time_appliance  # noqa: E402
from appliance_process import Appliance  # noqa: E402
from environment_build import SPEC, WORKSPACE  # noqa: E402
from flotilla.core import Api  # noqa: E402
from flotilla.environments import EnvironmentRoutes, create_body, wait_for_build  # noqa: E402

ENVIRONMENT = "bench40"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds of both modes at each size first")
    parser.add_argument("--uv", default=shutil.which("uv") or os.path.join(os.path.dirname(sys.executable), "uv"))
    parser.add_argument("--python", default=sys.executable, help="FLOTILLA_LOCAL_PYTHON of the appliance")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--appliance-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra appliance setting, e.g. FLOTILLA_LOCAL_RUN_AS=root where the interpreter lives "
                             "under a directory other users cannot search (as /root/.pyenv here)")
    parser.add_argument("--out")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = tempfile.mkdtemp(prefix="flotilla-bench-envstart-")
    appliance = Appliance(REPO, os.path.join(workdir, "appliance"), args.python,
                          {"FLOTILLA_ENVIRONMENTS_LOCAL_UV": os.path.abspath(args.uv),
                           **dict(item.split("=", 1) for item in args.appliance_env)})
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = os.getloadavg()
    ok = False
    try:
        print(f"Work directory: {workdir}\nStarting the appliance ...", flush=True)
        appliance.start()
        api = Api(url=appliance.url, token=appliance.admin_token, timeout=(5.0, 120.0))
        routes = EnvironmentRoutes(api, WORKSPACE)
        print("Building the 40-package environment once (untimed) ...", flush=True)
        wait_for_build(routes, routes.create(create_body(ENVIRONMENT, pip=SPEC)), timeout=1800)
        plan = [(n, -1 - w) for w in range(args.warmup) for n in sizes] + [(n, r) for n in sizes for r in range(args.repeat)]
        runs, warmups, failures = [], [], []
        for index, (n, repeat) in enumerate(plan):
            modes = ("default", "software") if index % 2 == 0 else ("software", "default")
            for mode in modes:
                body = {"software": ENVIRONMENT} if mode == "software" else {}
                record = {"n": n, "mode": mode, "repeat": repeat + 1}
                try:
                    times = time_appliance(api, f"b-{mode[0]}{n}-{index}", n, args.timeout, appliance.process.pid,
                                           appliance.database_dir, extra_body=body)
                except Exception as error:
                    print(f"  N={n} {mode:<8} FAILED: {error}", flush=True)
                    failures.append(dict(record, error=str(error), details=getattr(error, "details", {})))
                    continue
                label = "warm-up" if repeat < 0 else f"#{repeat + 1}"
                print(f"  N={n} {label:<7} {mode:<8} running {times['ready']:5.2f}s  workers {times['workers']:5.2f}s",
                      flush=True)
                (runs if repeat >= 0 else warmups).append(dict(times, **record))
        summary = []
        for n in sizes:
            row = {"n": n}
            for mode in ("default", "software"):
                mine = [r for r in runs if r["n"] == n and r["mode"] == mode]
                row[f"{mode}_repeats"] = len(mine)
                for phase in ("ready", "workers"):
                    row[f"{mode}_{phase}_s"] = round(statistics.median(r[phase] for r in mine), 3) if mine else None
            if row["default_workers_s"] and row["software_workers_s"]:
                row["ratio"] = round(row["software_workers_s"] / row["default_workers_s"], 3)
            summary.append(row)
            print(f"N={n}: default {row['default_workers_s']}s, software {row['software_workers_s']}s to {n} workers;"
                  f" ratio {row.get('ratio')}x (goal <= 1.1x)")
        if args.out:
            with open(args.out, "w") as f:
                json.dump({"date": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                           "load_average_at_start": load_start, "load_average_at_end": os.getloadavg(),
                           "settings": {"sizes": sizes, "repeat": args.repeat, "warmup": args.warmup,
                                        "appliance_env": appliance.environment_summary()},
                           "runs": runs, "warmups": warmups, "failures": failures, "summary": summary}, f, indent=2)
            print(f"Wrote {args.out}")
        ok = True
        return 0
    finally:
        appliance.close()
        if args.keep or not ok:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
