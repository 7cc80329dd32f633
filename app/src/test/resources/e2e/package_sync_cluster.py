"""Driven by PackageSyncEndToEndTest: package sync of a user's own editable package to a local cluster.

Run with the test Python, it writes a small package no public index has (E2E_WORK/probe), makes a fresh client
environment with the runtime's pins, the flotilla client and that package installed EDITABLE (uv venv + uv pip
install, from uv's cache), then runs itself in that environment (``--inner``): two clusters, one after the other,
with the default package sync (no software, no container); each runs a task that calls the package's function.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROBE = "flotilla-e2e-sync-probe"
MODULE = "flotilla_e2e_sync_probe"
SOURCE = '''"""A function no public package has."""
MARK = "synced-7f3a"


def synced_answer(x):
    return f"{MARK}:{x * 7 + 3}"
'''


def on_worker(x):
    import sys as worker_sys

    import flotilla_e2e_sync_probe as probe
    return {"answer": probe.synced_answer(x), "probe_file": probe.__file__, "executable": worker_sys.executable}


def inner() -> None:
    import distributed

    import flotilla

    report = {"client_probe_file": __import__(MODULE).__file__}
    for name in ("sync-a", "sync-b"):
        with flotilla.Cluster(name=name, n_workers=1, workspace="default", timeout=900, wait_for_workers=True) as cluster, \
                distributed.Client(cluster) as client:
            report[name] = client.submit(on_worker, 5, pure=False).result(timeout=120)
            report[name]["software"] = (cluster.info.get("options") or {}).get("software")
    print("E2E-REPORT " + json.dumps(report))
    sys.stdout.flush()


def run(command: list, **kwargs) -> None:
    print("+ " + " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def outer() -> None:
    work = Path(os.environ["E2E_WORK"])
    uv = os.environ["E2E_UV"]
    probe = work / "probe"
    (probe / MODULE).mkdir(parents=True)
    (probe / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "{PROBE}"\nversion = "0.1.0"\n\n[tool.setuptools]\npackages = ["{MODULE}"]\n')
    (probe / MODULE / "__init__.py").write_text(SOURCE)
    # a copy of the client, so that building it writes nothing into the repository
    client = work / "client"
    shutil.copytree(os.environ["E2E_CLIENT"], client, ignore=shutil.ignore_patterns(
        "tests", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    venv = work / "clientenv"
    run([uv, "venv", "--python", os.environ["E2E_BASE_PYTHON"], venv])
    python = venv / "bin" / "python"
    run([uv, "pip", "install", "--python", python, "-r", os.environ["E2E_REQUIREMENTS"], client, "-e", probe])
    # uv on PATH: package sync builds the editable package's wheel with `uv build` (the fresh venv has no pip)
    env = {**os.environ, "PATH": str(Path(uv).parent) + os.pathsep + os.environ.get("PATH", ""),
           "VIRTUAL_ENV": str(venv)}
    done = subprocess.run([str(python), __file__, "--inner"], env=env, cwd=work)
    sys.exit(done.returncode)


if __name__ == "__main__":
    inner() if "--inner" in sys.argv else outer()
