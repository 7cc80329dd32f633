"""``flotilla audit`` against the fake appliance: filters reach the route, engine entries show cause, account, ids."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flotilla import cli
from tests.fake.appliance import ADMIN_TOKEN


@pytest.fixture
def admin(logged_in, monkeypatch):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    logged_in.requests.clear()
    return logged_in


def run(*args):
    return CliRunner().invoke(cli.main, ["audit", *args])


def test_engine_entries_show_cause_account_and_resources(admin):
    result = run("--kind", "engine", "--limit", "10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["WHEN", "WHO", "ACTION", "TARGET", "CAUSE", "ACCOUNT", "RESOURCES", "DETAILS"]
    assert len(lines) == 3
    assert "instance.terminate" in lines[1] and "system" in lines[1] and "idle" in lines[1]
    assert "prod" in lines[1] and "i-0abc,i-0def" in lines[1]
    assert "security_group.create" in lines[2] and "cluster created" in lines[2] and "sg-0123" in lines[2]
    assert "cluster.create" not in result.output


def test_filters_and_workspace_reach_the_route(admin):
    result = run("--workspace", "ws", "--action", "cluster.create", "--target", "nightly")
    assert result.exit_code == 0, result.output
    assert [r[:2] for r in admin.requests] == [("GET", "/api/v1/workspaces/ws/audit")]
    assert "cluster.create" in result.output and "workers=2" in result.output
    assert "instance.terminate" not in result.output


def test_an_action_prefix_selects_the_family(admin):
    result = run("--action", "security_group.*")
    assert result.exit_code == 0, result.output
    assert "security_group.create" in result.output and "instance.terminate" not in result.output


def test_nothing_matching_says_so(admin):
    result = run("--target", "no-such-cluster")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No audit entries match."


def test_a_member_is_refused_with_the_appliance_sentence(logged_in):
    result = run()
    assert result.exit_code == 1
    assert "Only appliance administrators can read the appliance-wide audit log." in result.output


def test_bad_options_are_refused_before_any_request(admin):
    assert run("--kind", "cloud").exit_code == 2
    assert run("--limit", "0").exit_code == 2
    assert admin.requests == []
