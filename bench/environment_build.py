"""Benchmark (not a test): a software environment's build through the appliance vs. the same uv install run directly.

The spec is 40 real PyPI packages (SPEC below). Through the appliance: ``flotilla.create_software_environment`` (REST
``POST …/software-environments``), then the build log followed the way ``wait=True`` follows it (long polling
``…/builds/{id}/logs?follow=true``) until the build is ``ready``; timed from just before the create call to the
ready answer. Directly (the floor): the same commands the local builder runs, in a fresh directory: ``uv venv`` from
the same interpreter, ``uv pip install -r`` the appliance's pins (runtime/requirements.txt) plus the 40 lines, the
bundled flotilla wheel ``--no-deps --no-index``, and the same import check. Same uv binary, same uv cache for both
(``XDG_CACHE_HOME`` of this run's work directory: the builder scrubs ``UV_*`` from its children, so the cache is
chosen through XDG), warmed by one untimed direct install first: both measure a first build whose wheels are
already in uv's cache, so the network (the noisiest part on this machine) is out of the ratio. Each timed appliance
build after the first is the same spec with ``force_rebuild`` (a new build, a fresh virtual environment: the same
work as a first build). Rounds alternate which goes first. Prints medians and the ratio appliance / direct.

    .venv/bin/python bench/environment_build.py --repeat 5 --out bench/results/$(date +%F)-environment-build.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from appliance_process import Appliance  # noqa: E402
from flotilla.core import Api  # noqa: E402
from flotilla.environments import EnvironmentRoutes, create_body  # noqa: E402

# 40 real packages, pure Python or with manylinux wheels for CPython 3.11, none of them conflicting with the
# appliance's pins: `uv pip compile` of the pins + these lines resolves (72 distributions in all); pinned to what it
# chose, so that reruns install the same set.
SPEC = [
    "attrs==26.1.0", "six==1.17.0", "python-dateutil==4.0.0", "pytz==2026.6", "tzdata==2026.6", "rich==15.0.0",
    "pygments==2.21.0", "markdown-it-py==4.3.0", "mdurl==0.1.2", "typing-extensions==4.16.0", "pydantic==2.14.4",
    "annotated-types==0.8.0", "tabulate==0.10.0", "simplejson==4.3.0", "toml==0.10.2", "tomlkit==0.15.2",
    "more-itertools==11.2.1", "decorator==5.3.1", "wrapt==2.5.2", "cachetools==8.0.2", "filelock==4.3.1",
    "platformdirs==4.14.9", "colorama==0.4.6", "tqdm==4.70.1", "jmespath==1.1.0", "pyparsing==3.3.3",
    "networkx==3.6.1", "beautifulsoup4==4.15.0", "soupsieve==2.10", "docutils==0.23", "jsonschema==4.26.0",
    "humanize==4.17.0", "inflection==0.5.1", "python-slugify==9.2.0", "text-unidecode==1.3", "tenacity==9.2.1",
    "boltons==26.2.0", "pathspec==1.1.1", "iniconfig==2.3.1", "pluggy==1.7.0",
]
VERIFY = "import dask, distributed, flotilla; print(flotilla.__file__)"
RUNTIME = os.path.join(REPO, "app", "target", "classes", "runtime")
WORKSPACE = "default"


def merged_requirements() -> str:
    """What LocalImageBuilder.merged writes: the pins the spec does not name, then the spec's lines."""
    with open(os.path.join(REPO, "app", "src", "main", "resources", "runtime", "requirements.txt")) as f:
        pins = [line.strip() for line in f if line.strip() and not line.strip().startswith("#")]
    return "\n".join(pins + SPEC) + "\n"


def bundled_wheel() -> str:
    with open(os.path.join(RUNTIME, "flotilla-wheel.txt")) as f:
        return os.path.join(RUNTIME, f.read().strip())


def child_env(cache_home: str) -> dict[str, str]:
    """The builder's child environment: no FLOTILLA_*, PYTHON*, VIRTUAL_ENV, CONDA_PREFIX, UV_*; UV_NO_CONFIG=1."""
    env = {k: v for k, v in os.environ.items() if not (k.startswith(("FLOTILLA_", "PYTHON", "UV_"))
                                                      or k in ("VIRTUAL_ENV", "CONDA_PREFIX"))}
    env.update(UV_NO_CONFIG="1", XDG_CACHE_HOME=cache_home)
    return env


def time_direct(uv: str, python_for_venv: str, run_dir: str, cache_home: str) -> dict:
    """The builder's four commands, run here; seconds per step and in all."""
    env = child_env(cache_home)
    os.makedirs(run_dir)
    venv = os.path.join(run_dir, "venv")
    python = os.path.join(venv, "bin", "python")
    steps = {}
    t0 = time.perf_counter()
    with open(os.path.join(run_dir, "requirements.txt"), "w") as f:
        f.write(merged_requirements())
    wheel = shutil.copy(bundled_wheel(), run_dir)
    commands = [
        ("venv", [uv, "venv", "--no-project", "--no-python-downloads", "--python", python_for_venv, venv]),
        ("requirements", [uv, "pip", "install", "--python", python, "-r", os.path.join(run_dir, "requirements.txt")]),
        ("flotilla", [uv, "pip", "install", "--python", python, "--no-deps", "--no-index", "--reinstall-package",
                      "flotilla", wheel]),
        ("verify", [python, "-c", VERIFY]),
    ]
    with open(os.path.join(run_dir, "build.log"), "w") as log:
        for step, command in commands:
            started = time.perf_counter()
            subprocess.run(command, cwd=run_dir, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           check=True, timeout=1800)
            steps[step] = time.perf_counter() - started
    return {"total": time.perf_counter() - t0, "steps": steps}


def time_appliance(routes: EnvironmentRoutes, name: str, force: bool, timeout: float) -> dict:
    """Create (or force a rebuild of) the environment and follow its build log until it is over, as
    ``wait_for_build`` does; seconds to ready, when each log line arrived, and the build's own timestamps."""
    t0 = time.perf_counter()
    env = routes.create(create_body(name, pip=SPEC, force_rebuild=force))
    created = time.perf_counter() - t0
    arrivals, after, state = [], 0, env["state"]
    while state not in ("ready", "failed"):
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"environment {name} still {state} after {timeout:g}s")
        page = routes.logs(name, env["buildId"], after, follow=True)
        now = time.perf_counter() - t0
        arrivals += [(round(now, 3), line[:160]) for line in page["lines"]]
        after, state = page["next"], page["state"]
    detail = routes.get(name)
    total = time.perf_counter() - t0
    version = next(v for v in detail["versions"] if v["version"] == env["version"])
    if version["state"] != "ready":
        raise RuntimeError(f"environment {name} is {version['state']}: {version.get('failure')}")
    build = next((b for b in detail.get("builds", []) if b["id"] == env["buildId"]), None)
    return {"total": total, "create_answer": created, "build_id": env["buildId"], "log_arrivals": arrivals,
            "steps": steps_from_arrivals(arrivals, total), "build": build}


def steps_from_arrivals(arrivals: list, total: float) -> dict:
    """Seconds per builder step as the client saw them (when each log line arrived, so a step's end is the arrival
    of the next step's ``$`` line): the four commands in the order the builder runs them, ``verify`` until its
    output arrived, ``finish`` from there to the ``# ready`` line (opening the tree to the group, marking it
    ready) and ``answer`` from that line to the ready state in the client's hands."""
    command_lines = [i for i, (_, line) in enumerate(arrivals) if line.startswith("$ ")]
    commands = [arrivals[i][0] for i in command_lines]
    ready = next((at for at, line in arrivals if line.startswith("# ready")), None)
    if len(commands) != 4 or ready is None:
        return {}
    verify_output = arrivals[command_lines[3] + 1][0]
    return {"until_first_command": commands[0], "venv": commands[1] - commands[0],
            "requirements": commands[2] - commands[1], "flotilla": commands[3] - commands[2],
            "verify": verify_output - commands[3], "finish": ready - verify_output, "answer": total - ready}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (each: one direct, one appliance build)")
    parser.add_argument("--uv", default=shutil.which("uv") or os.path.join(os.path.dirname(sys.executable), "uv"),
                        help="the uv both modes run (default: uv on PATH, else next to this interpreter)")
    parser.add_argument("--python-for-venv", default="python3",
                        help="interpreter both modes make the venv from (the appliance's default: python3)")
    parser.add_argument("--python", default=sys.executable, help="FLOTILLA_LOCAL_PYTHON of the appliance")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    uv = os.path.abspath(args.uv)
    workdir = tempfile.mkdtemp(prefix="flotilla-bench-env-")
    cache_home = os.path.join(workdir, "cache")
    print(f"Work directory: {workdir}; uv {subprocess.run([uv, '--version'], capture_output=True, text=True).stdout.strip()}")
    appliance = Appliance(REPO, os.path.join(workdir, "appliance"), args.python,
                          {"FLOTILLA_ENVIRONMENTS_LOCAL_UV": uv, "XDG_CACHE_HOME": cache_home})
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = os.getloadavg()
    ok = False
    try:
        print("Warming uv's cache: one untimed direct install ...", flush=True)
        warm = time_direct(uv, args.python_for_venv, os.path.join(workdir, "warm"), cache_home)
        print(f"  warm-up direct {warm['total']:.2f}s {fmt(warm['steps'])}", flush=True)
        freeze = subprocess.run([uv, "pip", "freeze", "--python", os.path.join(workdir, "warm", "venv", "bin", "python")],
                                capture_output=True, text=True, env=child_env(cache_home), check=True).stdout.split()
        print("Starting the appliance ...", flush=True)
        appliance.start()
        routes = EnvironmentRoutes(Api(url=appliance.url, token=appliance.admin_token, timeout=(5.0, 120.0)), WORKSPACE)
        runs = {"direct": [], "appliance": []}
        for index in range(args.repeat):
            modes = ("direct", "appliance") if index % 2 == 0 else ("appliance", "direct")
            for mode in modes:
                if mode == "direct":
                    result = time_direct(uv, args.python_for_venv, os.path.join(workdir, f"direct-{index}"), cache_home)
                else:
                    result = time_appliance(routes, "bench40", force=index > 0, timeout=args.timeout)
                runs[mode].append(result)
                print(f"  #{index + 1} {mode:<9} {result['total']:6.2f}s  {fmt(result['steps'])}", flush=True)
        direct = statistics.median(r["total"] for r in runs["direct"])
        through = statistics.median(r["total"] for r in runs["appliance"])
        summary = {"direct_median_s": round(direct, 3), "appliance_median_s": round(through, 3),
                   "appliance_first_build_s": round(runs["appliance"][0]["total"], 3),
                   "ratio": round(through / direct, 3), "goal_ratio": 1.2,
                   "direct_step_medians_s": step_medians(runs["direct"]),
                   "appliance_step_medians_s": step_medians(runs["appliance"])}
        print(f"\nmedian of {args.repeat}: direct {direct:.2f}s, appliance {through:.2f}s, ratio {through / direct:.2f}x"
              f" (goal <= 1.2x); the first appliance build {runs['appliance'][0]['total']:.2f}s")
        print(f"  step medians direct    {fmt(summary['direct_step_medians_s'])}")
        print(f"  step medians appliance {fmt(summary['appliance_step_medians_s'])}")
        if args.out:
            result = {"date": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                      "load_average_at_start": load_start, "load_average_at_end": os.getloadavg(),
                      "settings": {"repeat": args.repeat, "uv_cache": "warm (one untimed direct install first)",
                                   "uv": uv, "python_for_venv": args.python_for_venv, "spec": SPEC,
                                   "appliance_env": appliance.environment_summary()},
                      "resolved": freeze, "warmup_direct": warm, "runs": runs, "summary": summary}
            with open(args.out, "w") as f:
                json.dump(result, f, indent=2)
            print(f"Wrote {args.out}")
        ok = True
        return 0
    finally:
        appliance.close()
        if args.keep or not ok:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def step_medians(runs: list[dict]) -> dict:
    names = {k for r in runs for k, v in r["steps"].items() if v is not None}
    return {k: round(statistics.median(r["steps"][k] for r in runs if r["steps"].get(k) is not None), 3) for k in sorted(names)}


def fmt(steps: dict) -> str:
    return " ".join(f"{k} {v:.2f}" for k, v in steps.items() if v is not None)


if __name__ == "__main__":
    sys.exit(main())
