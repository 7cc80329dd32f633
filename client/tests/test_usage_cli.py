"""``flotilla usage`` and ``flotilla limits`` (click's CliRunner) against the fake appliance."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flotilla import cli
from tests.fake.appliance import ADMIN_TOKEN
from tests.fake.usage import COST_LABEL, CSV_HEADER, NO_LIMITS


def run(*args):
    return CliRunner().invoke(cli.main, list(args))


@pytest.fixture
def admin(logged_in, monkeypatch):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    yield logged_in
    logged_in.usage.limits = dict(NO_LIMITS)


def test_a_table_by_day_with_totals_and_the_cost_label(logged_in):
    result = run("usage", "--since", "2026-11-01", "--until", "2026-12-03")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["DAY", "VCPU-HOURS", "GPU-HOURS", "INSTANCE-HOURS", "EST.", "COST", "(USD)"]
    assert lines[1].split() == ["2026-11-30", "1.50", "0.00", "0.50", "0.07"]
    assert lines[2].split() == ["2026-12-01", "24.00", "2.00", "4.00", "6.52"]
    assert lines[4].split() == ["TOTAL", "29.50", "2.00", "5.50", "6.79"]
    assert lines[5] == f"Workspace ws, 2026-11-01 00:00:00 to 2026-12-03 00:00:00 UTC. Cost: {COST_LABEL}."


def test_by_cluster_shows_the_owner_and_filters_reach_the_route(logged_in):
    logged_in.queries.clear()
    result = run("usage", "--by", "cluster", "--user", "bob")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["CLUSTER", "USER", "VCPU-HOURS"]
    assert [line.split()[:2] for line in lines[1:3]] == [["bob/adhoc", "bob"], ["bob/train", "bob"]]
    query = [q for m, p, q in logged_in.queries if p.endswith("/usage")][0]
    assert query["by"] == "cluster" and query["user"] == "bob"


def test_a_duration_since_becomes_an_instant(logged_in):
    logged_in.queries.clear()
    result = run("usage", "--since", "30d")
    assert result.exit_code == 0, result.output
    query = [q for m, p, q in logged_in.queries if p.endswith("/usage")][0]
    assert query["since"].endswith("Z") and "T" in query["since"]


def test_csv_prints_the_appliances_csv_with_every_row(logged_in, monkeypatch):
    many = [("alice", f"c{i:03d}", "2026-12-01", 1.0, 0.0, 1.0, 0.05) for i in range(150)]
    monkeypatch.setattr(logged_in.usage, "metered", many)
    logged_in.queries.clear()
    result = run("usage", "--by", "cluster", "--csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == CSV_HEADER and len(lines) == 151
    assert lines[1] == "alice/c000,alice,c000,,,1.0,0.0,1.0,0.05"
    queries = [q for m, p, q in logged_in.queries if p.endswith("/usage")]
    assert queries == [{"by": "cluster", "format": "csv"}]


def test_nothing_to_show_says_so(logged_in):
    result = run("usage", "--user", "nobody")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No usage in workspace ws from 2026-11-01 00:00:00 to")


def test_bad_input_is_refused_with_a_sentence(logged_in):
    assert run("usage", "--by", "week").exit_code == 2
    result = run("usage", "--since", "last tuesday")
    assert result.exit_code == 1 and "is neither a duration like 10m / 2h / 1d nor an ISO-8601 time" in result.output
    assert "Traceback" not in result.output


def test_limits_show_the_months_use(logged_in):
    result = run("limits")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Limits of workspace ws, month 2026-12:"
    assert lines[2].split() == ["CPU-hours", "per", "month", "none", "28"]
    assert lines[4].split() == ["Max", "concurrent", "cores", "none", "12"]
    assert lines[6] == "Stop clusters at budget: no"


def test_an_admin_sets_some_limits_and_keeps_the_others(admin):
    admin.usage.limits["maxClustersPerUser"] = 3
    result = run("limits", "--set-cpu-hours", "30", "--set-max-cores", "64", "--stop-at-budget")
    assert result.exit_code == 0, result.output
    assert admin.usage.limits == {"cpuHoursPerMonth": 30.0, "gpuHoursPerMonth": None, "maxConcurrentCores": 64,
                                  "maxClustersPerUser": 3, "stopAtBudget": True}
    assert "Updated the limits of workspace ws." in result.output
    assert "28 (93 %)" in result.output and "Stop clusters at budget: yes" in result.output
    assert "WARNING: Workspace ws used 28 of its 30 CPU-hours this month." in result.output

    result = run("limits", "--set-cpu-hours", "none", "--no-stop-at-budget")
    assert result.exit_code == 0, result.output
    assert admin.usage.limits["cpuHoursPerMonth"] is None and admin.usage.limits["stopAtBudget"] is False
    assert admin.usage.limits["maxConcurrentCores"] == 64


def test_bad_limit_values_are_refused_before_any_request(admin):
    admin.requests.clear()
    result = run("limits", "--set-max-cores", "2.5")
    assert result.exit_code == 2 and "must be a whole number of at least 0" in result.output
    assert run("limits", "--set-cpu-hours", "lots").exit_code == 2
    assert admin.requests == []


def test_the_appliances_refusals_are_shown(logged_in, admin):
    result = run("limits", "--set-max-cores", "0")
    assert result.exit_code == 1 and "maxConcurrentCores must be at least 1." in result.output


def test_a_member_may_not_change_limits(logged_in):
    result = run("limits", "--set-cpu-hours", "10")
    assert result.exit_code == 1
    assert "Only admins of workspace ws can change its limits." in result.output
    assert logged_in.usage.limits["cpuHoursPerMonth"] is None
