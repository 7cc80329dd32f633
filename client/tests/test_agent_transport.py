"""Key material never crosses a network in clear: the agent and the scheduler plugin talk to the appliance over HTTPS
pinned to its certificate's fingerprint, refuse a certificate that is not the pinned one, and refuse plain http://
except to loopback. Each refusal is one clear line on stderr and exit code 1."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

import pytest
from distributed import Scheduler

from flotilla.instance_http import InsecureTransport, is_loopback, normal_fingerprint
from flotilla.plugin import FlotillaSchedulerPlugin, dask_setup
from tests.conftest import wait_until
from tests.fake.appliance import USERNAME, WORKSPACE, FakeAppliance
from tests.fake.clusters import FakeCluster

WRONG_PIN = ":".join(["AB"] * 32)


@pytest.fixture(scope="module")
def tls_appliance(tmp_path_factory):
    """The fake appliance on HTTPS only, with a certificate no trust store knows (as the appliance's generated one)."""
    fake = FakeAppliance(str(tmp_path_factory.mktemp("tls-appliance")), tls=True).start()
    yield fake
    fake.shutdown()


def run_agent(url: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flotilla.agent", "--url", url, "--workdir", str(tmp_path / "agent")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FLOTILLA_AGENT_CONNECT_RETRIES": "3", **env})


def refusal_line(result: subprocess.CompletedProcess) -> str:
    """The agent's one line about the refusal."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("flotilla-agent: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def new_cluster(fake: FakeAppliance) -> FakeCluster:
    cluster = FakeCluster(fake, WORKSPACE, USERNAME, {"nWorkers": 1})
    fake.clusters.append(cluster)
    return cluster


def test_cluster_bootstraps_and_heartbeats_over_pinned_https(tls_appliance):
    fake = tls_appliance
    cluster = new_cluster(fake)
    cluster.start()
    try:
        wait_until(lambda: cluster.state == "running" and len(cluster.connected) == 1, timeout=120,
                   message="cluster running over https")
        wait_until(lambda: cluster.heartbeats, message="a heartbeat over https")
        assert fake.url.startswith("https://")
        bootstraps = [r for r in fake.requests if r[1] == "/api/v1/agent/bootstrap"]
        assert len(bootstraps) >= 2  # scheduler and worker
        # the heartbeats above could only pass the certificate no trust store knows with the agent's pin
    finally:
        cluster.stop("test over")
        wait_until(lambda: cluster.state == "stopped", message="cluster stopped")


def test_wrong_fingerprint_refuses_to_bootstrap_and_keeps_the_token(tls_appliance, tmp_path):
    cluster = new_cluster(tls_appliance)
    token = tls_appliance.issue_bootstrap(cluster, "scheduler", "scheduler")
    result = run_agent(tls_appliance.url, tmp_path, FLOTILLA_AGENT_TOKEN=token, FLOTILLA_AGENT_FINGERPRINT=WRONG_PIN)
    assert result.returncode == 1, result.stderr
    line = refusal_line(result)
    assert "refused" in line and "fingerprint is not the pinned one" in line and tls_appliance.url in line
    assert token not in result.stderr + result.stdout
    assert token in tls_appliance.bootstrap_tokens, "the token never reached the wrong server"
    assert not (tmp_path / "agent" / "key.pem").exists()


def test_https_without_a_pin_needs_a_certificate_the_trust_store_verifies(tls_appliance, tmp_path):
    result = run_agent(tls_appliance.url, tmp_path, FLOTILLA_AGENT_TOKEN="boot_x")
    assert result.returncode == 1
    assert "not trusted by this machine's trust store and no fingerprint to pin" in refusal_line(result)


@pytest.mark.parametrize("url", ["http://192.0.2.10:8080", "http://appliance.example", "http://10.0.0.5:8080/base"])
def test_plain_http_to_another_machine_is_refused_before_connecting(url, tmp_path):
    # 192.0.2.0/24 and .example never answer: a refusal that is not immediate would show as a connect error
    result = run_agent(url, tmp_path, FLOTILLA_AGENT_TOKEN="boot_x", FLOTILLA_AGENT_CONNECT_RETRIES="0")
    assert result.returncode == 1
    line = refusal_line(result)
    assert "Refusing plain HTTP to " + url in line and "would cross the network in clear" in line
    assert "Cannot reach" not in result.stderr


def test_a_malformed_fingerprint_is_refused(tls_appliance, tmp_path):
    result = run_agent(tls_appliance.url, tmp_path, FLOTILLA_AGENT_TOKEN="boot_x", FLOTILLA_AGENT_FINGERPRINT="sha256:nope")
    assert result.returncode == 1
    assert "is not a SHA-256 certificate fingerprint" in refusal_line(result)


def test_loopback_is_only_this_machine():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.64.1.9", "::1", "[::1]", "localhost", "LOCALHOST"))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "192.0.2.2", "127.example", "localhost.example", "", None))
    assert normal_fingerprint(WRONG_PIN) == "ab" * 32 and normal_fingerprint(None) is None
    with pytest.raises(InsecureTransport):
        normal_fingerprint("AB:CD")


def test_plugin_heartbeats_only_to_the_pinned_certificate(tls_appliance, caplog):
    pinned, wrong = [], []
    tls_appliance.scripted_heartbeats["hb-pinned"] = lambda body: pinned.append(body) or {"desiredWorkers": 0}
    tls_appliance.scripted_heartbeats["hb-wrong"] = lambda body: wrong.append(body) or {"desiredWorkers": 0}
    url = f"{tls_appliance.url}/api/v1/agent/heartbeat"

    async def scenario():
        s = Scheduler(port=0, dashboard_address=":0")
        s.add_plugin(FlotillaSchedulerPlugin(url, "hb-pinned", 0.2, tls_appliance.fingerprint))
        s.add_plugin(FlotillaSchedulerPlugin(url, "hb-wrong", 0.2, WRONG_PIN), name="flotilla-wrong-pin")
        async with s:
            deadline = asyncio.get_running_loop().time() + 30
            while not pinned and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1)

    with caplog.at_level(logging.WARNING, logger="flotilla.plugin"):
        asyncio.run(asyncio.wait_for(scenario(), 60))
    assert pinned and not wrong
    assert "fingerprint is not the pinned one" in caplog.text


def test_plugin_sends_no_heartbeat_over_plain_http_to_another_machine(monkeypatch, caplog):
    monkeypatch.setenv("FLOTILLA_HEARTBEAT_URL", "http://192.0.2.10:8080/api/v1/agent/heartbeat")
    monkeypatch.setenv("FLOTILLA_HEARTBEAT_TOKEN", "fct_x")

    class NoScheduler:
        plugins: list = []

        def add_plugin(self, plugin):
            self.plugins.append(plugin)

    scheduler = NoScheduler()
    with caplog.at_level(logging.ERROR, logger="flotilla.plugin"):
        dask_setup(scheduler)
    assert scheduler.plugins == []
    assert "no heartbeats: Refusing plain HTTP to http://192.0.2.10:8080" in caplog.text
