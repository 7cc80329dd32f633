"""The agent's container mode: ECR login with the instance's credentials, pull, and Dask run inside the image."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from flotilla import container_runtime
from flotilla.container_runtime import ContainerError

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/flotilla/ws:" + "a" * 64
FAKE_DOCKER = Path(__file__).parent / "fake" / "docker_cli.py"


def install_fake(bin_dir: Path, name: str) -> Path:
    """The fake runtime as an executable called ``name`` (docker or podman) in ``bin_dir``."""
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text(f"#!{sys.executable}\n" + FAKE_DOCKER.read_text())
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def records(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.fixture
def ecr_instance(appliance, moto_url, tmp_path):
    """Instances of the fake appliance run in ``IMAGE``; their machine has a fake docker and an "instance role"
    (credentials of moto's ECR); yields the fake docker's log."""
    bin_dir, log = tmp_path / "bin", tmp_path / "docker.jsonl"
    install_fake(bin_dir, "docker")
    appliance.software_image = IMAGE
    appliance.instance_env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_DOCKER_LOG": str(log),
                              "AWS_ACCESS_KEY_ID": "AKIAINSTANCEROLE0001", "AWS_SECRET_ACCESS_KEY": "instance-role-secret",
                              "AWS_ENDPOINT_URL_ECR": moto_url}
    yield log
    appliance.software_image, appliance.instance_env = None, {}


def test_the_cluster_runs_inside_the_image_and_still_computes(logged_in, ecr_instance, moto_url):
    import boto3
    import distributed

    import flotilla

    with flotilla.Cluster(n_workers=1, timeout=120) as cluster, distributed.Client(cluster) as client:
        assert client.submit(lambda x: x + 1, 41).result(timeout=60) == 42
        scheduler = next(c for c in logged_in.clusters if c.name == cluster.name)
        heartbeat_token, dashboard_token = scheduler.heartbeat_token, scheduler.dashboard_token

    calls = records(ecr_instance)
    ecr = boto3.client("ecr", region_name="us-east-1", endpoint_url=moto_url, aws_access_key_id="AKIAINSTANCEROLE0001",
                       aws_secret_access_key="instance-role-secret")
    token = base64.b64decode(ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]).decode()
    logins = [c for c in calls if c["argv"][1] == "login"]
    assert len(logins) == 2, "scheduler and worker each log in"
    assert all(c["argv"][2:] == ["--username", "AWS", "--password-stdin", IMAGE.split("/")[0]] for c in logins)
    assert all(c["password"] == token.partition(":")[2] for c in logins), "ECR's password, on standard input"
    assert [c["argv"][1:] for c in calls if c["argv"][1] == "pull"] == [["pull", IMAGE]] * 2
    runs = {c["argv"][c["argv"].index(container_runtime.IMAGE_PYTHON) + 3]: c["argv"] for c in calls if c["argv"][1] == "run"}
    assert set(runs) == {"scheduler", "worker"}
    for role, argv in runs.items():
        at = argv.index(IMAGE)
        assert argv[at + 1:at + 4] == [container_runtime.IMAGE_PYTHON, "-m", "dask"]
        assert argv[argv.index("--network") + 1] == "host"
        workdir = os.path.join(logged_in.workdir, cluster.name, f"{cluster.name}-scheduler") if role == "scheduler" else None
        mount = argv[argv.index("--volume") + 1]
        assert mount.endswith(":ro") and mount.split(":")[0] == mount.split(":")[1]
        if workdir:
            assert mount == f"{workdir}:{workdir}:ro", "the TLS files and the Dask config, read-only"
            state = argv[argv.index("--volume", argv.index("--volume") + 1) + 1]
            assert state == f"{workdir}/state:{workdir}/state:rw", "the self-stop marker's directory, writable"
        passed = [argv[i + 1] for i, a in enumerate(argv) if a == "--env"]
        assert "DASK_CONFIG" in passed and "PATH" not in passed
        assert not any(heartbeat_token in a or dashboard_token in a or "instance-role-secret" in a for a in argv)
    assert "FLOTILLA_DASHBOARD_TOKEN" in runs["scheduler"] and "FLOTILLA_HEARTBEAT_TOKEN" in runs["scheduler"]
    scheduler_args = runs["scheduler"][runs["scheduler"].index(IMAGE) + 4:]
    assert scheduler_args[:3] == ["scheduler", "--protocol", "tls"] and "flotilla.plugin" in scheduler_args
    assert runs["worker"][runs["worker"].index(IMAGE) + 5].startswith("tls://"), "the worker dials the scheduler"


def test_the_native_command_line_is_the_one_run_inside_the_image(tmp_path):
    boot = {"role": "worker", "instance": "w-1", "scheduler": {"address": "tls://10.0.0.1:8786"},
            "worker": {"nthreads": 2, "name": "c-worker-1"}, "software": {"image": IMAGE}}
    from flotilla import agent

    native = agent.command(boot)
    env = {"PATH": "/usr/bin", "HOME": "/root", "DASK_CONFIG": str(tmp_path), "SECRET_THING": "s3cr3t-value"}
    argv = container_runtime.run_command("/usr/bin/docker", IMAGE, native, env, str(tmp_path), "flotilla-w-1")
    assert argv[:4] == ["/usr/bin/docker", "run", "--rm", "--name"]
    assert argv[argv.index(IMAGE) + 1:] == [container_runtime.IMAGE_PYTHON, *native[1:]]
    assert "s3cr3t-value" not in " ".join(argv) and "SECRET_THING" in argv, "names only, never values"
    assert "HOME" not in argv and "PATH" not in argv


def test_podman_is_used_when_there_is_no_docker_and_neither_is_a_clear_error(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(ContainerError, match="neither docker nor podman is installed"):
        container_runtime.find_runtime()
    podman = install_fake(tmp_path / "bin", "podman")
    monkeypatch.setenv("PATH", str(podman.parent))
    assert container_runtime.find_runtime() == str(podman)


def test_without_boto3_the_aws_cli_gives_the_password_and_without_either_it_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)  # import boto3 raises ImportError
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(ContainerError, match="needs boto3 .* or the AWS CLI"):
        container_runtime.registry_password("eu-west-1")
    cli = bin_dir / "aws"
    cli.write_text(f"#!{sys.executable}\nimport sys\nassert sys.argv[1:] == ['ecr', 'get-login-password', '--region', 'eu-west-1']\n"
                   "print('cli-password')\n")
    cli.chmod(0o755)
    assert container_runtime.registry_password("eu-west-1") == "cli-password"


def test_a_failed_pull_stops_the_agent_with_the_runtimes_message(appliance, tmp_path):
    runtime = tmp_path / "docker"
    runtime.write_text(f"#!{sys.executable}\nimport sys\nprint('manifest unknown: no such tag', file=sys.stderr)\nsys.exit(1)\n")
    runtime.chmod(0o755)
    with pytest.raises(ContainerError, match=r"docker pull .* failed: manifest unknown: no such tag"):
        container_runtime.pull(str(runtime), IMAGE)


def test_no_image_in_the_answer_means_native():
    assert container_runtime.image_of({"role": "worker"}) is None
    assert container_runtime.image_of({"role": "worker", "software": None}) is None
    assert container_runtime.image_of({"role": "worker", "software": {"image": IMAGE}}) == IMAGE
