"""Server-side package-sync classification of a 300-package manifest: in-process, and through the REST API.

First runs bench/PackageSyncClassify.java against the built classes (validation, classification and the spec name,
timed in the JVM after a warm-up: the classification cost itself). Then starts its own appliance (embedded defaults), then POSTs the same manifest (this environment's distributions, padded
to --packages with PyPI-style releases, plus tooling, conda and platform-only entries) to
``/api/v1/workspaces/default/package-sync`` and times the round trips; the baseline is ``GET /api/v1/me`` through
the same client and connection (the fixed cost of one authenticated request). Prints the medians and the ratio.
Goal: the whole round trip, classification included, under 50 ms. An appliance without the environment engine
answers 503 after classifying (the script says so); one with it answers 200 (the first call records the environment,
the rest find it again).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import subprocess  # noqa: E402

from appliance_process import Appliance, launch_command  # noqa: E402
from flotilla import package_sync  # noqa: E402
from flotilla.core import Api  # noqa: E402
from flotilla.errors import FlotillaError  # noqa: E402

SYNC = "/api/v1/workspaces/default/package-sync"


def manifest(size: int) -> dict:
    captured = package_sync.capture()
    packages = [p for p in captured.packages if "source" not in p or p["source"] in ("pypi", "conda")]
    names = {package_sync.normalize(p["name"]) for p in packages}
    packages += [p for p in ({"name": "pip", "version": "24.0"}, {"name": "appnope", "version": "0.1.4"},
                             {"name": "libgcc-ng", "version": "13.2.0", "source": "conda"},
                             {"name": "torch", "version": "2.4.1+cpu"}) if package_sync.normalize(p["name"]) not in names]
    i = 0
    while len(packages) < size:
        name = f"bench-package-{i}"
        if name not in names:
            packages.append({"name": name, "version": f"1.{i}.0"})
        i += 1
    return {"python": captured.python, "platform": captured.platform, "architecture": captured.architecture,
            "packages": packages[:size], "problems": captured.problems}


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def in_process(size: int, rounds: int) -> tuple[float, float]:
    """Median and p95 (ms) of the classification in the JVM, from bench/PackageSyncClassify.java."""
    classpath = launch_command(REPO, build=False)[1]
    done = subprocess.run(["java", "-cp", classpath, os.path.join(HERE, "PackageSyncClassify.java"), str(size), str(rounds)],
                          capture_output=True, text=True, check=True, timeout=600)
    median, p95, _ = done.stdout.split()
    return float(median), float(p95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--python", default=sys.executable, help="the local runtime's interpreter")
    parser.add_argument("--out", help="write the numbers as JSON here")
    args = parser.parse_args()
    jvm_median, jvm_p95 = in_process(args.packages, max(args.repeat, 500))
    print(f"in-process classification of {args.packages} packages: median {jvm_median} ms, p95 {jvm_p95} ms", flush=True)
    body = {"manifest": manifest(args.packages), "failOn": "critical-only"}
    with tempfile.TemporaryDirectory(prefix="flotilla-bench-sync-") as workdir:
        appliance = Appliance(REPO, os.path.join(workdir, "appliance"), args.python, {})
        try:
            print("Starting the appliance ...", flush=True)
            appliance.start()
            api = Api(url=appliance.url, token=appliance.admin_token, timeout=(5.0, 120.0))
            outcome = {}

            def sync() -> None:
                try:
                    answer = api.post(SYNC, body)
                    outcome["status"] = f"200, environment {answer['environment']['name']}"
                except FlotillaError as e:
                    if e.status != 503:
                        raise
                    outcome["status"] = f"503 {e.code} (classified, no environment engine on this appliance)"

            timed(sync, args.warmup)
            timed(lambda: api.get("/api/v1/me"), args.warmup)
            sync_ms = timed(sync, args.repeat)
            me_ms = timed(lambda: api.get("/api/v1/me"), args.repeat)
        finally:
            appliance.close()
    result = {"packages": args.packages, "repeat": args.repeat, "answer": outcome["status"],
              "classify_in_process_median_ms": jvm_median, "classify_in_process_p95_ms": jvm_p95,
              "sync_median_ms": round(statistics.median(sync_ms), 2),
              "sync_p95_ms": round(sorted(sync_ms)[int(0.95 * len(sync_ms)) - 1], 2),
              "get_me_median_ms": round(statistics.median(me_ms), 2)}
    result["ratio_to_get_me"] = round(result["sync_median_ms"] / result["get_me_median_ms"], 2)
    print(f"server-side classification: median {jvm_median} ms (goal < 50 ms); REST round trip of {args.packages} packages: median {result['sync_median_ms']} ms, p95 {result['sync_p95_ms']} ms"
          f"; GET /api/v1/me median {result['get_me_median_ms']} ms; ratio {result['ratio_to_get_me']}x;"
          f" answer: {result['answer']}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
