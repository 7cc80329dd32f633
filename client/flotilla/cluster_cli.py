"""``flotilla cluster logs / events / address``: what a cluster printed, what happened to it, and where it is."""

from __future__ import annotations

import time

import click

from flotilla.core import Api
from flotilla.rest import ClusterRoutes, resolve_workspace
from flotilla.timeparse import since_to_iso

FOLLOW_POLL_SECONDS = 2.0  # the logs route does not long-poll: --follow asks again this often for newer lines
FOLLOW = -1  # the value of a bare --tail: follow new lines
POLL_LIMIT = 10000  # the most lines the logs route answers at once (it keeps the newest)


def routes(workspace: str | None) -> ClusterRoutes:
    api = Api()
    return ClusterRoutes(api, resolve_workspace(api, workspace))


workspace_option = click.option("--workspace", "-w", help="Workspace (default: FLOTILLA_WORKSPACE or the config file).")


def _print_by_instance(lines: list[dict]) -> None:
    """Each instance's lines under a header, instances in the order they first logged."""
    groups: dict[str, list[dict]] = {}
    for line in lines:
        groups.setdefault(line.get("instance", ""), []).append(line)
    for instance, group in groups.items():
        click.echo(f"== {instance} ({group[0].get('role', '')}) ==")
        for line in group:
            click.echo(f"{line.get('time', '')} {line.get('message') or ''}")


class _Stream:
    """Prints lines once each, in time order with their instance, remembering the newest time for the next poll."""

    def __init__(self, since: str | None):
        self.since = since
        self._at_since: set[tuple] = set()  # lines at the newest time printed: a poll since that time repeats them

    def print(self, lines: list[dict]) -> None:
        for line in lines:
            stamp, instance, message = line.get("time", ""), line.get("instance", ""), line.get("message") or ""
            key = (stamp, instance, message)
            if key in self._at_since:
                continue
            click.echo(f"{stamp} {instance} {message}")
            if stamp != self.since:
                self._at_since.clear()
                self.since = stamp
            self._at_since.add(key)


@click.command("logs")
@click.argument("name")
@workspace_option
@click.option("--scheduler", is_flag=True, help="Only the scheduler's logs.")
@click.option("--workers", is_flag=True, help="Only the workers' logs.")
@click.option("--instance", help="Only this instance's logs (a name as printed, e.g. NAME-worker-1).")
@click.option("--since", help="From a duration ago (10m, 2h, 1d) or an ISO-8601 time.")
@click.option("--until", help="Up to a duration ago (10m, 2h, 1d) or an ISO-8601 time.")
@click.option("--filter", "text", help="Only lines containing this text.")
@click.option("--combined", is_flag=True,
              help="One time-ordered stream of all instances, each line prefixed with its instance "
                   "(default: each instance's lines under its own header).")
@click.option("--tail", type=int, is_flag=False, flag_value=FOLLOW, metavar="[N]",
              help="The last N lines (as one stream); a bare --tail (put it after NAME) follows new lines like "
                   "tail -f until Ctrl-C.")
@click.option("--follow", "-f", is_flag=True, help="Keep printing new lines until Ctrl-C (one stream).")
def logs_command(name: str, workspace: str | None, scheduler: bool, workers: bool, instance: str | None,
                 since: str | None, until: str | None, text: str | None, combined: bool, tail: int | None,
                 follow: bool) -> None:
    """Print a cluster's logs (kept after it stops)."""
    if tail is not None and tail != FOLLOW and tail < 1:
        raise click.BadParameter("N must be at least 1.", param_hint="--tail")
    follow = follow or tail == FOLLOW
    count = tail if tail is not None and tail != FOLLOW else None
    if follow and until:
        raise click.UsageError("--until ends the logs; it does not go with following new lines.")
    role = "scheduler" if scheduler and not workers else "worker" if workers and not scheduler else None
    cluster_routes = routes(workspace)
    query = {"role": role, "instance": instance, "text": text,
             "until": since_to_iso(until) if until else None}
    since_iso = since_to_iso(since) if since else None
    first = cluster_routes.logs(name, since=since_iso, **query, **({"limit": count} if count else {}))
    if not (combined or follow or count):
        _print_by_instance(first)
        return
    stream = _Stream(since_iso)
    stream.print(first)
    try:
        while follow:
            time.sleep(FOLLOW_POLL_SECONDS)
            lines = cluster_routes.logs(name, since=stream.since, limit=POLL_LIMIT, **query)
            if len(lines) >= POLL_LIMIT:
                click.echo(f"(more than {POLL_LIMIT} lines in {FOLLOW_POLL_SECONDS:g} s: older ones skipped; "
                           "read them with --since and --until)", err=True)
            stream.print(lines)
    except KeyboardInterrupt:
        return


@click.command("events")
@click.argument("name")
@workspace_option
def events_command(name: str, workspace: str | None) -> None:
    """Print what happened to a cluster (created, scaled, preempted, stopped, ...), oldest first."""
    events = routes(workspace).events(name)
    if not events:
        click.echo(f"No events for cluster {name}.")
        return
    width = max(len(e.get("kind") or "") for e in events)
    for event in events:
        click.echo(f"{event.get('time', '')}  {(event.get('kind') or '').ljust(width)}  {event.get('message') or ''}"
                   .rstrip())


@click.command("address")
@click.argument("name")
@workspace_option
@click.option("--dashboard", is_flag=True, help="Print the link that opens its dashboard instead (holds its token).")
def address_command(name: str, workspace: str | None, dashboard: bool) -> None:
    """Print a running cluster's scheduler address (tls://host:port), or its dashboard link."""
    cluster_routes = routes(workspace)
    if dashboard:
        link = cluster_routes.credentials(name).get("dashboardUrl")
        if not link:
            raise click.ClickException(f"Cluster {name}'s scheduler has not reported a dashboard.")
        click.echo(link)
        return
    address = cluster_routes.get(name).get("schedulerAddress")
    if not address:
        raise click.ClickException(f"Cluster {name} has no scheduler address yet (it is not running).")
    click.echo(address)
