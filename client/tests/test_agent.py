"""The bootstrap agent: failures, key files, and no secrets in the started process's argv."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
import yaml

from flotilla import agent
from tests.conftest import wait_until


def run_agent(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flotilla.agent", *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


def test_rejected_token_exits_non_zero_with_the_servers_message(appliance, tmp_path):
    result = run_agent("--url", appliance.url, "--token", "boot_not-a-real-token", "--workdir", str(tmp_path))
    assert result.returncode == 1
    assert "Bootstrap with" in result.stderr and "bootstrap token is unknown, used or expired" in result.stderr
    assert "boot_not-a-real-token" not in result.stderr + result.stdout
    assert not (tmp_path / "key.pem").exists()


def test_unreachable_appliance_exits_non_zero(tmp_path):
    result = run_agent("--url", "http://127.0.0.1:9", "--workdir", str(tmp_path),
                       env={"FLOTILLA_AGENT_TOKEN": "boot_x", "FLOTILLA_AGENT_CONNECT_RETRIES": "1"})
    assert result.returncode == 1
    assert "Cannot reach the Flotilla appliance at http://127.0.0.1:9" in result.stderr


def test_work_directory_comes_from_the_environment(tmp_path):
    # the local provider gives each instance its own directory (instances share the machine there)
    workdir = tmp_path / "instance-1" / "agent"
    result = run_agent("--url", "http://127.0.0.1:9", env={"FLOTILLA_AGENT_TOKEN": "boot_x",
                                                          "FLOTILLA_AGENT_CONNECT_RETRIES": "0",
                                                          "FLOTILLA_AGENT_WORKDIR": str(workdir)})
    assert result.returncode == 1
    assert stat.S_IMODE(os.stat(workdir).st_mode) == 0o700


def test_missing_arguments_are_a_usage_error(tmp_path):
    result = run_agent("--workdir", str(tmp_path))
    assert result.returncode == 2 and "--url and --token" in result.stderr


def test_started_scheduler_has_private_keys_and_no_token_in_argv(logged_in):
    fake = logged_in
    fake.token_in_argv = True  # the hardest case: the agent itself got the token on its command line
    try:
        import requests
        body = requests.post(f"{fake.url}/api/v1/workspaces/ws/clusters", json={"nWorkers": 1},
                             headers={"Authorization": "Bearer flt_test_user_token"}, timeout=10).json()
        cluster = fake.cluster(body["name"])
        wait_until(lambda: cluster.state == "running" and len(cluster.connected) == 1, message="cluster running")
    finally:
        fake.token_in_argv = False
    for instance in (cluster.scheduler, *cluster.workers.values()):
        for name in ("ca.pem", "cert.pem", "key.pem"):
            assert stat.S_IMODE(os.stat(os.path.join(instance.workdir, name)).st_mode) == 0o600
        with open(f"/proc/{instance.process.pid}/cmdline", "rb") as f:
            argv = f.read().decode().split("\0")
        assert "--token" not in argv, argv
        assert not any(cluster.heartbeat_token in a or "boot_" in a or cluster.dashboard_token in a for a in argv), argv
        assert ("scheduler" if instance.role == "scheduler" else "worker") in argv
        with open(f"/proc/{instance.process.pid}/environ", "rb") as f:
            assert b"FLOTILLA_AGENT_TOKEN" not in f.read()
        config = yaml.safe_load(open(os.path.join(instance.workdir, "dask-config", "flotilla.yaml")))
        tls = config["distributed"]["comm"]["tls"]
        assert config["distributed"]["comm"]["require-encryption"] is True
        assert tls[instance.role]["key"] == os.path.join(instance.workdir, "key.pem")
    scheduler_argv = open(f"/proc/{cluster.scheduler.process.pid}/cmdline", "rb").read().decode().split("\0")
    assert scheduler_argv[scheduler_argv.index("--preload") + 1] == "flotilla.plugin"
    assert "flotilla.dashboard_preload" in scheduler_argv
    config = yaml.safe_load(open(os.path.join(cluster.scheduler.workdir, "dask-config", "flotilla.yaml")))
    assert config["distributed"]["scheduler"]["dashboard"]["tls"] == {
        "ca-file": os.path.join(cluster.scheduler.workdir, "ca.pem"),
        "cert": os.path.join(cluster.scheduler.workdir, "cert.pem"), "key": os.path.join(cluster.scheduler.workdir, "key.pem")}
    cluster.stop("test over")
    wait_until(lambda: cluster.state == "stopped", message="cluster stopped")


def test_worker_command_line():
    boot = {"role": "worker", "instance": "w-1", "scheduler": {"address": "tls://10.0.0.1:8786"},
            "worker": {"nthreads": 4, "memoryLimit": "8GiB", "name": "c-worker-1"}}
    assert agent.command(boot)[1:] == ["-m", "dask", "worker", "tls://10.0.0.1:8786", "--nthreads", "4",
                                       "--memory-limit", "8GiB", "--name", "c-worker-1",
                                       "--dashboard-address", "127.0.0.1:0"]


def scheduler_command_line(client) -> list[str]:
    pid = client.run_on_scheduler(os.getpid)
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().decode().split("\0")


def test_cluster_environ_reaches_tasks_when_dask_runs_in_the_agents_interpreter(logged_in):
    # The agent imported Dask while it waited for its bootstrap answer; the worker's tasks run in the process
    # the nanny starts afterwards, with the cluster's whole environment.
    import distributed
    import flotilla

    environ = {"FLOTILLA_TEST_MARK": "marked", "OMP_NUM_THREADS": "3"}
    with flotilla.Cluster(n_workers=1, timeout=120, environ=environ) as cluster, distributed.Client(cluster) as client:
        assert "flotilla.agent" in scheduler_command_line(client), "no second interpreter was started"
        seen = client.run(lambda: (os.environ.get("FLOTILLA_TEST_MARK"), os.environ.get("OMP_NUM_THREADS")))
        assert list(seen.values()) == [("marked", "3")]
        bound = client.run(lambda dask_worker: dask_worker.http_server.address)
        assert list(bound.values()) == ["127.0.0.1"], "a worker's unguarded HTTP server listens on loopback only"
        assert client.run_on_scheduler(lambda: __import__("dask").config.get("distributed.comm.require-encryption"))


def test_a_dask_setting_in_the_cluster_environ_reaches_the_scheduler(logged_in):
    # Dask read its settings when the agent imported it; a DASK_ variable makes the agent start a fresh one.
    import distributed
    import flotilla

    environ = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "7"}
    with flotilla.Cluster(n_workers=1, timeout=120, environ=environ) as cluster, distributed.Client(cluster) as client:
        assert "scheduler" in scheduler_command_line(client)
        assert client.run_on_scheduler(
            lambda: __import__("dask").config.get("distributed.scheduler.allowed-failures")) == 7
        assert client.run_on_scheduler(lambda: __import__("dask").config.get("distributed.comm.require-encryption"))


def test_agent_runs_dask_in_its_own_interpreter_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.setenv("DASK_CONFIG", "/tmp/agent/dask-config")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    base = dict(os.environ)
    assert not agent.needs_fresh_interpreter({**base, "OMP_NUM_THREADS": "2", "FLOTILLA_HEARTBEAT_URL": "http://x"})
    assert not agent.needs_fresh_interpreter({**base, "DASK_CONFIG": "/tmp/agent/dask-config"})
    assert agent.needs_fresh_interpreter({**base, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"})
    assert agent.needs_fresh_interpreter({**base, "PYTHONPATH": "/opt/code"})
    assert agent.needs_fresh_interpreter({**base, "MALLOC_ARENA_MAX": "2"})


def test_dask_reads_the_config_written_after_it_was_imported(tmp_path):
    # what the early import relies on: DASK_CONFIG names the directory before Dask is imported, the agent
    # writes the file afterwards, and apply_environment makes Dask read it
    script = f"""
import os
from pathlib import Path
from flotilla import agent
os.environ["DASK_CONFIG"] = str(agent.dask_config_dir(Path({str(tmp_path)!r})))
import distributed, dask
assert dask.config.get("distributed.comm.require-encryption", None) is not True
paths = agent.write_tls(Path({str(tmp_path)!r}), {{"caCertPem": "ca", "certPem": "cert", "keyPem": "key"}})
agent.write_dask_config(Path({str(tmp_path)!r}), "worker", paths)
agent.apply_environment(dict(os.environ, FLOTILLA_TEST_MARK="x"))
assert dask.config.get("distributed.comm.require-encryption") is True
assert dask.config.get("distributed.comm.tls.worker.key").endswith("key.pem")
assert os.environ["FLOTILLA_TEST_MARK"] == "x"
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_scheduler_gets_its_dashboard_token_by_environment_and_needs_one(tmp_path):
    boot = {"role": "scheduler", "instance": "s", "scheduler": {"port": 0, "dashboardPort": 0, "host": "10.0.0.1"},
            "dashboard": {"token": "fdt_secret"}, "environ": {"FLOTILLA_DASHBOARD_TOKEN": "from-the-user"}}
    assert agent.environment(boot, tmp_path)["FLOTILLA_DASHBOARD_TOKEN"] == "fdt_secret", "the cluster's environ cannot replace it"
    assert "fdt_secret" not in " ".join(agent.command(boot))
    worker = {"role": "worker", "instance": "w", "scheduler": {"address": "tls://10.0.0.1:8786"}, "worker": {}}
    assert "FLOTILLA_DASHBOARD_TOKEN" not in agent.environment(worker, tmp_path)
    with pytest.raises((KeyError, TypeError)):  # prepare() answers either with a BootstrapError
        agent.environment({**boot, "dashboard": None}, tmp_path)
    paths = agent.write_tls(tmp_path, {"caCertPem": "ca", "certPem": "cert", "keyPem": "key"})
    worker_config = yaml.safe_load((agent.write_dask_config(tmp_path, "worker", paths) / "flotilla.yaml").read_text())
    assert "scheduler" not in worker_config["distributed"], "workers serve no dashboard of the cluster's"
