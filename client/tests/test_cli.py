"""The flotilla CLI (click's CliRunner) against the fake appliance."""

from __future__ import annotations

import os
import stat

import pytest
import yaml
from click.testing import CliRunner

from flotilla import cli
from tests.fake.appliance import PASSWORD, USER_TOKEN, USERNAME, WORKSPACE
from tests.fake.clusters import FakeCluster


@pytest.fixture
def runner():
    return CliRunner()


def add_cluster(appliance, name: str, state: str = "running", logs: list[dict] | None = None) -> FakeCluster:
    """A cluster row without processes (the CLI only reads and stops)."""
    cluster = FakeCluster(appliance, WORKSPACE, USERNAME, {"name": name, "nWorkers": 2})
    cluster.state, cluster.logs = state, logs or []
    appliance.clusters.append(cluster)
    return cluster


def test_login_with_password_writes_a_private_config(appliance, runner, isolated_config):
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"Logged in to {appliance.url} as {USERNAME} (workspace {WORKSPACE})" in result.output
    assert PASSWORD not in result.output and USER_TOKEN not in result.output
    assert stat.S_IMODE(os.stat(isolated_config).st_mode) == 0o600
    assert yaml.safe_load(isolated_config.read_text()) == {"url": appliance.url, "token": USER_TOKEN,
                                                           "workspace": WORKSPACE}
    body = next(b for m, p, b in appliance.requests if p == "/api/v1/auth/token")
    assert set(body) == {"username", "password", "tokenName"} and body["tokenName"].startswith("cli-")


def test_login_with_token_and_a_wrong_password(appliance, runner, isolated_config):
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--token", "flt_wrong"])
    assert result.exit_code == 1 and "Missing or invalid API token." in result.output
    assert not isolated_config.exists()
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input="nope\n")
    assert result.exit_code == 1 and "The username or password is wrong" in result.output
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--token", USER_TOKEN])
    assert result.exit_code == 0 and isolated_config.exists()


def test_cluster_list_and_stop(logged_in, runner):
    add_cluster(logged_in, "cli-running")
    add_cluster(logged_in, "cli-old", state="stopped")
    result = runner.invoke(cli.main, ["cluster", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["NAME", "STATE", "WORKERS", "OWNER", "CREATED", "REASON"]
    assert "cli-running" in result.output and "cli-old" not in result.output
    assert "cli-old" in runner.invoke(cli.main, ["cluster", "list", "--all"]).output

    result = runner.invoke(cli.main, ["cluster", "stop", "cli-running"])
    assert result.exit_code == 0 and "Cluster cli-running is stop" in result.output
    assert logged_in.cluster("cli-running").stop_requests == 1


def test_errors_show_the_servers_message_and_fail(logged_in, runner):
    result = runner.invoke(cli.main, ["cluster", "stop", "no-such-cluster"])
    assert result.exit_code == 1
    assert "There is no cluster named no-such-cluster in workspace ws." in result.output
    result = runner.invoke(cli.main, ["cluster", "list", "--workspace", "elsewhere"])
    assert result.exit_code == 1 and "There is no workspace named elsewhere." in result.output
    result = runner.invoke(cli.main, ["cluster", "logs", "x", "--since", "yesterday"])
    assert result.exit_code == 1 and "neither a duration" in result.output


def line(time: str, instance: str, role: str, message: str) -> dict:
    return {"time": time, "instance": instance, "role": role, "message": message}


def test_logs_filters_and_roles(logged_in, runner):
    add_cluster(logged_in, "cli-logs", logs=[
        line("2026-11-27T10:00:00.000Z", "cli-logs-scheduler", "scheduler", "Scheduler at: tls://x"),
        line("2026-11-27T10:00:01.000Z", "cli-logs-worker-1", "worker", "Start worker"),
        line("2026-11-27T10:00:02.000Z", "cli-logs-worker-1", "worker", "Registered to scheduler")])
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 3
    assert result.output.splitlines()[0] == "2026-11-27T10:00:00.000Z cli-logs-scheduler Scheduler at: tls://x"
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs", "--workers", "--filter", "Registered"])
    assert result.output.splitlines() == ["2026-11-27T10:00:02.000Z cli-logs-worker-1 Registered to scheduler"]
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs", "--scheduler", "--since", "2026-11-27T10:00:00Z"])
    assert result.output.splitlines() == ["2026-11-27T10:00:00.000Z cli-logs-scheduler Scheduler at: tls://x"]


def test_logs_tail_follows_new_lines_until_ctrl_c(logged_in, runner, monkeypatch):
    cluster = add_cluster(logged_in, "cli-tail", logs=[
        line("2026-11-27T10:00:00.000Z", "cli-tail-scheduler", "scheduler", "first")])
    polls = []

    def fake_sleep(seconds):  # each poll interval a new line arrives; the third interval is a Ctrl-C
        polls.append(seconds)
        if len(polls) == 3:
            raise KeyboardInterrupt
        cluster.logs.append(line(f"2026-11-27T10:00:0{len(polls)}.000Z", "cli-tail-scheduler", "scheduler",
                                 f"line {len(polls)}"))

    monkeypatch.setattr(cli.time, "sleep", fake_sleep)
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-tail", "--tail"])
    assert result.exit_code == 0, result.output
    assert [l.split(" ", 2)[2] for l in result.output.splitlines()] == ["first", "line 1", "line 2"]
