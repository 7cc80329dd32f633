"""``flotilla cluster logs / events / address``, ``flotilla config`` and ``flotilla completion`` against the fake appliance."""

from __future__ import annotations

import _thread
import threading
import time

import pytest
import yaml
from click.testing import CliRunner

from flotilla import cli, cluster_cli
from tests.fake.appliance import USER_TOKEN, USERNAME, WORKSPACE
from tests.fake.clusters import FakeCluster

LOGS = [("10:00:00", "c-scheduler", "scheduler", "Scheduler at: tls://x"),
        ("10:00:01", "c-worker-1", "worker", "Start worker"),
        ("10:00:02", "c-scheduler", "scheduler", "Receive client connection"),
        ("10:00:03", "c-worker-1", "worker", "Registered to scheduler"),
        ("10:00:04", "c-worker-2", "worker", "Start worker"),
        ("10:00:05", "c-worker-2", "worker", "Registered to scheduler"),
        ("10:00:06", "c-scheduler", "scheduler", "Task graph received")]


@pytest.fixture
def runner():
    return CliRunner()


def line(clock: str, instance: str, role: str, message: str) -> dict:
    return {"time": f"2026-11-27T{clock}.000Z", "instance": instance, "role": role, "message": message}


def add_cluster(appliance, name: str = "c") -> FakeCluster:
    cluster = FakeCluster(appliance, WORKSPACE, USERNAME, {"name": name, "nWorkers": 2})
    cluster.state, cluster.logs = "running", [line(*l) for l in LOGS]
    appliance.clusters.append(cluster)
    return cluster


def logs_queries(appliance) -> list[dict]:
    return [q for m, p, q in list(appliance.queries) if p.endswith("/logs")]


def test_logs_default_groups_each_instance_and_combined_is_one_stream(logged_in, runner):
    add_cluster(logged_in)
    result = runner.invoke(cli.main, ["cluster", "logs", "c"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "== c-scheduler (scheduler) ==", "2026-11-27T10:00:00.000Z Scheduler at: tls://x",
        "2026-11-27T10:00:02.000Z Receive client connection", "2026-11-27T10:00:06.000Z Task graph received",
        "== c-worker-1 (worker) ==", "2026-11-27T10:00:01.000Z Start worker",
        "2026-11-27T10:00:03.000Z Registered to scheduler",
        "== c-worker-2 (worker) ==", "2026-11-27T10:00:04.000Z Start worker",
        "2026-11-27T10:00:05.000Z Registered to scheduler"]
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--combined"])
    assert result.output.splitlines() == [f"2026-11-27T{t}.000Z {i} {m}" for t, i, r, m in LOGS]


def test_logs_tail_5_prints_exactly_the_last_five_lines(logged_in, runner):
    add_cluster(logged_in)
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--tail", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"2026-11-27T{t}.000Z {i} {m}" for t, i, r, m in LOGS[-5:]]
    assert logs_queries(logged_in)[-1]["limit"] == "5", "the appliance sends only the newest five"
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--tail", "0"])
    assert result.exit_code == 2 and "N must be at least 1" in result.output


def test_logs_until_and_instance_go_to_the_appliance(logged_in, runner):
    add_cluster(logged_in)
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--instance", "c-worker-1", "--until",
                                      "2026-11-27T10:00:02Z", "--combined"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["2026-11-27T10:00:01.000Z c-worker-1 Start worker"]
    asked = logs_queries(logged_in)[-1]
    assert asked["instance"] == "c-worker-1" and asked["until"] == "2026-11-27T10:00:02.000Z"
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--until", "soon"])
    assert result.exit_code == 1 and "neither a duration" in result.output
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--until", "1h", "--follow"])
    assert result.exit_code == 2 and "--until" in result.output


def test_bare_tail_follows_lines_added_after_it_started_until_ctrl_c(logged_in, runner, monkeypatch):
    cluster = add_cluster(logged_in)
    monkeypatch.setattr(cluster_cli, "FOLLOW_POLL_SECONDS", 0.05)
    started = len(logs_queries(logged_in))
    late = [line("10:00:07", "c-worker-1", "worker", "late one"), line("10:00:08", "c-worker-2", "worker", "late two")]

    def wait_for_queries(count: int) -> None:
        deadline = time.monotonic() + 30
        while len(logs_queries(logged_in)) < count:
            assert time.monotonic() < deadline, "the CLI stopped asking for logs"
            time.sleep(0.01)

    def appliance_side() -> None:
        wait_for_queries(started + 1)  # the command started and printed what there was
        cluster.logs.extend(late)
        added = len(logs_queries(logged_in))
        wait_for_queries(added + 2)  # a poll answered with the new lines, and a later one: they were printed
        _thread.interrupt_main()  # Ctrl-C

    helper = threading.Thread(target=appliance_side)
    helper.start()
    result = runner.invoke(cli.main, ["cluster", "logs", "c", "--tail"])
    helper.join()
    assert result.exit_code == 0, result.output
    printed = [l.split(" ", 2)[2] for l in result.output.splitlines()]
    assert printed == [m for t, i, r, m in LOGS] + ["late one", "late two"], "each line once, the late ones too"
    later = logs_queries(logged_in)[started + 1:]
    assert later and all(q["since"] >= "2026-11-27T10:00:06.000Z" for q in later), "polls ask only for newer lines"


def test_events_and_errors(logged_in, runner):
    cluster = add_cluster(logged_in)
    result = runner.invoke(cli.main, ["cluster", "events", "c"])
    assert result.exit_code == 0 and "No events for cluster c." in result.output
    cluster.events = [{"time": "2026-11-27T10:00:00Z", "kind": "created", "message": "2 workers"},
                      {"time": "2026-11-27T10:05:00Z", "kind": "scaled", "message": "to 4 workers"}]
    result = runner.invoke(cli.main, ["cluster", "events", "c"])
    assert result.output.splitlines() == ["2026-11-27T10:00:00Z  created  2 workers",
                                          "2026-11-27T10:05:00Z  scaled   to 4 workers"]
    result = runner.invoke(cli.main, ["cluster", "events", "nope"])
    assert result.exit_code == 1 and "There is no cluster named nope" in result.output


def test_address_and_dashboard_link(logged_in, runner):
    cluster = add_cluster(logged_in)
    result = runner.invoke(cli.main, ["cluster", "address", "c"])
    assert result.exit_code == 1 and "has no scheduler address yet" in result.output
    cluster.ready_at, cluster.dashboard_url = "2026-11-27T10:00:00Z", "https://127.0.0.1:8787/status"
    result = runner.invoke(cli.main, ["cluster", "address", "c"])
    assert result.exit_code == 0 and result.output.strip() == cluster.address
    result = runner.invoke(cli.main, ["cluster", "address", "c", "--dashboard"])
    assert result.output.strip() == f"https://127.0.0.1:8787/status?token={cluster.dashboard_token}"


def test_config_shows_where_settings_come_from_never_the_token(appliance, runner, isolated_config, monkeypatch):
    isolated_config.parent.mkdir(parents=True, exist_ok=True)
    isolated_config.write_text(yaml.safe_dump({"url": appliance.url, "token": USER_TOKEN}))
    monkeypatch.setenv("FLOTILLA_WORKSPACE", "from-env")
    result = runner.invoke(cli.main, ["config"])
    assert result.exit_code == 0, result.output
    assert USER_TOKEN not in result.output
    assert f"url:         {appliance.url} (from {isolated_config})" in result.output
    assert "workspace:   from-env (from $FLOTILLA_WORKSPACE)" in result.output
    assert f"token:       set (from {isolated_config})" in result.output

    result = runner.invoke(cli.main, ["config", "set", "workspace", "team"])
    assert result.exit_code == 0 and "$FLOTILLA_WORKSPACE is set and overrides it" in result.output
    result = runner.invoke(cli.main, ["config", "set", "url", "https://flotilla.example.com/"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(isolated_config.read_text()) == {"url": "https://flotilla.example.com", "token": USER_TOKEN,
                                                           "workspace": "team"}
    assert runner.invoke(cli.main, ["config", "set", "url", "flotilla.example.com"]).exit_code == 2
    assert runner.invoke(cli.main, ["config", "set", "token", "x"]).exit_code == 2


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef flotilla"),
                                           ("fish", "complete --no-files --command flotilla")])
def test_completion_scripts_complete_the_command_tree(runner, monkeypatch, shell, marker):
    result = runner.invoke(cli.main, ["completion", shell])
    assert result.exit_code == 0 and marker in result.output and "_FLOTILLA_COMPLETE" in result.output
    # what the script asks the command: the completions of "flotilla cluster l"
    monkeypatch.setenv("COMP_WORDS", "flotilla cluster l")
    monkeypatch.setenv("COMP_CWORD", "2")
    completed = runner.invoke(cli.main, [], prog_name="flotilla", env={"_FLOTILLA_COMPLETE": "bash_complete"})
    assert "plain,list" in completed.output and "plain,logs" in completed.output
