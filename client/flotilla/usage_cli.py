"""``flotilla usage`` (a workspace's metered usage, as a table or the appliance's CSV) and ``flotilla limits``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import click

from flotilla.core import Api, FlotillaError
from flotilla.rest import resolve_workspace
from flotilla.timeparse import since_to_iso
from flotilla.workspace_usage import GROUPS, UsageRoutes

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLEAR = ("none", "off", "unlimited")


class _MessagesCommand(click.Command):
    """Shows appliance errors as ``Error: <message>`` with exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (FlotillaError, ValueError) as e:
            raise click.ClickException(str(e)) from e


def _routes(workspace: str | None) -> UsageRoutes:
    api = Api()
    return UsageRoutes(api, resolve_workspace(api, workspace))


def _when(value: str | None) -> str | None:
    """A day (YYYY-MM-DD) as given; a duration back from now (7d, 12h) or an ISO time as an ISO instant."""
    if value is None or _DAY.match(value):
        return value
    return since_to_iso(value)


def _moment(instant: str | None) -> str:
    """An ISO instant of the appliance to the second, as ``2026-12-01 00:00:00``."""
    return (instant or "")[:19].replace("T", " ")


def _hours(value) -> str:
    return f"{float(value or 0):.2f}"


def _table(rows: list[tuple], left: int) -> None:
    """Columns padded to their widest cell: the first ``left`` ones (names) to the left, the numbers to the right."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [str(v).ljust(w) if i < left else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))]
        click.echo("  ".join(cells).rstrip())


@click.command("usage", cls=_MessagesCommand)
@click.option("--workspace", "-w", help="Workspace (default: FLOTILLA_WORKSPACE or the config file).")
@click.option("--by", type=click.Choice(GROUPS), default="day", show_default=True, help="How rows are grouped (UTC).")
@click.option("--since", help="From a day (2026-11-01), an ISO time, or a duration ago (7d, 12h) "
                              "(default: the first of this month, UTC).")
@click.option("--until", help="Up to a day (exclusive), an ISO time or a duration ago (default: now).")
@click.option("--user", help="Only this user's clusters.")
@click.option("--cluster", help="Only clusters with this name.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the appliance's CSV instead of a table.")
def usage(workspace, by, since, until, user, cluster, as_csv) -> None:
    """Show metered vCPU-, GPU- and instance-hours with the estimated cost (list price)."""
    routes = _routes(workspace)
    since, until = _when(since), _when(until)
    if as_csv:
        click.echo(routes.csv(by, since, until, user, cluster), nl=False)
        return
    pages = list(routes.reports(by, since, until, user, cluster))
    items = [row for page in pages for row in page.get("items") or []]
    first = pages[0]
    period = f"{_moment(first.get('since'))} to {_moment(first.get('until'))} UTC"
    if not items:
        click.echo(f"No usage in workspace {routes.workspace} from {period}.")
        return
    with_user = by == "cluster"
    header = (by.upper(),) + (("USER",) if with_user else ()) + ("VCPU-HOURS", "GPU-HOURS", "INSTANCE-HOURS",
                                                                 f"EST. COST ({first.get('currency', 'USD')})")
    rows = [header]
    for r in items:
        rows.append((r.get("key") or "",) + ((r.get("user") or "",) if with_user else ())
                    + (_hours(r.get("vcpuHours")), _hours(r.get("gpuHours")), _hours(r.get("instanceHours")),
                       _hours(r.get("estimatedCost"))))
    totals = first.get("totals") or {}
    rows.append(("TOTAL",) + (("",) if with_user else ())
                + (_hours(totals.get("vcpuHours")), _hours(totals.get("gpuHours")),
                   _hours(totals.get("instanceHours")), _hours(totals.get("estimatedCost"))))
    _table(rows, left=2 if with_user else 1)
    click.echo(f"Workspace {routes.workspace}, {period}. Cost: {first.get('costLabel', 'estimate')}.")


def _limit_value(text: str, integer: bool):
    if text.strip().lower() in _CLEAR:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number (or 'none' to remove the limit)") from None
    if number < 0 or (integer and number != number.to_integral_value()):
        raise click.BadParameter(f"{text!r} must be a {'whole ' if integer else ''}number of at least 0 "
                                 "(or 'none' to remove the limit)")
    return int(number) if integer else float(number)


def _fmt(value) -> str:
    if value is None:
        return "none"
    return f"{float(value):g}"


def _show_limits(workspace: str, answer: dict) -> None:
    use = answer.get("use") or {}

    def used(limit, amount) -> str:
        percent = f" ({100 * float(amount) / float(limit):.0f} %)" if limit else ""
        return f"{float(amount):g}{percent}"

    click.echo(f"Limits of workspace {workspace}, month {answer.get('month')}:")
    rows = [("LIMIT", "VALUE", "USED"),
            ("CPU-hours per month", _fmt(answer.get("cpuHoursPerMonth")),
             used(answer.get("cpuHoursPerMonth"), use.get("cpuHoursThisMonth", 0))),
            ("GPU-hours per month", _fmt(answer.get("gpuHoursPerMonth")),
             used(answer.get("gpuHoursPerMonth"), use.get("gpuHoursThisMonth", 0))),
            ("Max concurrent cores", _fmt(answer.get("maxConcurrentCores")),
             used(answer.get("maxConcurrentCores"), use.get("concurrentCores", 0))),
            ("Max clusters per user", _fmt(answer.get("maxClustersPerUser")),
             used(answer.get("maxClustersPerUser"), use.get("yourActiveClusters", 0)) + " (yours)")]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    click.echo(f"Stop clusters at budget: {'yes' if answer.get('stopAtBudget') else 'no'}")
    for warning in answer.get("warnings") or []:
        click.echo(f"{warning.get('level', 'warning').upper()}: {warning.get('message')}")


@click.command("limits", cls=_MessagesCommand)
@click.option("--workspace", "-w", help="Workspace (default: FLOTILLA_WORKSPACE or the config file).")
@click.option("--set-cpu-hours", help="Monthly CPU-hour (vCPU-hour) budget; 'none' removes it.")
@click.option("--set-gpu-hours", help="Monthly GPU-hour budget; 'none' removes it.")
@click.option("--set-max-cores", help="Most cores running at once in the workspace; 'none' removes it.")
@click.option("--set-max-clusters-per-user", help="Most active clusters per user; 'none' removes it.")
@click.option("--stop-at-budget/--no-stop-at-budget", default=None,
              help="Stop running clusters once a monthly budget is used up (default: unchanged).")
def limits(workspace, set_cpu_hours, set_gpu_hours, set_max_cores, set_max_clusters_per_user, stop_at_budget) -> None:
    """Show a workspace's limits and this month's use; its admins change them with the --set options."""
    changes = {"cpuHoursPerMonth": (set_cpu_hours, False), "gpuHoursPerMonth": (set_gpu_hours, False),
               "maxConcurrentCores": (set_max_cores, True), "maxClustersPerUser": (set_max_clusters_per_user, True)}
    parsed = {field: _limit_value(text, integer) for field, (text, integer) in changes.items() if text is not None}
    routes = _routes(workspace)
    answer = routes.limits()
    if parsed or stop_at_budget is not None:
        update = {field: answer.get(field) for field in changes}
        update.update(parsed)
        update["stopAtBudget"] = answer.get("stopAtBudget", False) if stop_at_budget is None else stop_at_budget
        answer = routes.set_limits(update)
        click.echo(f"Updated the limits of workspace {routes.workspace}.")
    _show_limits(routes.workspace, answer)
