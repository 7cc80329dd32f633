"""The chart rendered with a real Helm binary for each ci/*-values.yaml scenario (helpers and fixtures; conftest.py registers the fixtures)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
CHART = REPO / "helm" / "flotilla"
SCENARIOS = sorted(p.name for p in (CHART / "ci").glob("*-values.yaml"))
KUBE_VERSION = "1.33.0"
# where bin/run-tests installs Helm (go install helm.sh/helm/v3/cmd/helm@v3.22.0) when none is on PATH
TOOLS_BIN = Path("/var/tmp/flotilla-tools/bin")


def helm_binary() -> str:
    for candidate in (os.environ.get("FLOTILLA_HELM"), shutil.which("helm"), str(TOOLS_BIN / "helm")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("no helm binary: bin/run-tests installs it (FLOTILLA_HELM, PATH or /var/tmp/flotilla-tools/bin/helm)")


def run_helm(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, HELM_CACHE_HOME=os.environ.get("TMPDIR", "/tmp") + "/helm-cache",
               HELM_CONFIG_HOME=os.environ.get("TMPDIR", "/tmp") + "/helm-config",
               HELM_DATA_HOME=os.environ.get("TMPDIR", "/tmp") + "/helm-data")
    result = subprocess.run([helm_binary(), *args], capture_output=True, text=True, env=env, timeout=300)
    if check and result.returncode != 0:
        pytest.fail(f"helm {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def render(values_file: Path | None = None, *sets: str, check: bool = True) -> subprocess.CompletedProcess:
    args = ["template", "flotilla", str(CHART), "--namespace", "flotilla", "--kube-version", KUBE_VERSION]
    if values_file is not None:
        args += ["-f", str(values_file)]
    for value in sets:
        args += ["--set", value]
    return run_helm(*args, check=check)


@pytest.fixture(scope="session")
def rendered() -> dict[str, str]:
    """Each scenario's `helm template` output."""
    return {name: render(CHART / "ci" / name).stdout for name in SCENARIOS}


@pytest.fixture(scope="session")
def manifests(rendered) -> dict[str, list[dict]]:
    """Each scenario's rendered manifests, parsed."""
    return {name: [doc for doc in yaml.safe_load_all(text) if doc] for name, text in rendered.items()}


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def deployment(docs: list[dict]) -> dict:
    (only,) = of_kind(docs, "Deployment")
    return only
