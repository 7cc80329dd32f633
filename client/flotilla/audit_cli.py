"""``flotilla audit``: the appliance's audit log (appliance administrators; workspace administrators with --workspace).

Each line is one change: who made it (a user, or ``system`` for the engine acting on its own), the action, its
target and, for the engine's own changes in the cloud or on the machine, the cause, the cloud account and the
provider's resource ids.
"""

from __future__ import annotations

import click

from flotilla.core import Api, FlotillaError, segment

KINDS = ("api", "engine")


def audit_entries(api: Api, workspace: str | None = None, action: str | None = None, target: str | None = None,
                  kind: str | None = None, limit: int = 50) -> list[dict]:
    """The newest entries first: the whole appliance's, or one workspace's; filtered by action, target and kind."""
    path = f"/api/v1/workspaces/{segment(workspace)}/audit" if workspace else "/api/v1/audit"
    params = {"limit": limit, "action": action, "target": target, "kind": kind}
    return api.get(path, params={k: v for k, v in params.items() if v is not None}) or []


def _row(e: dict) -> tuple:
    return ((e.get("at") or "")[:19].replace("T", " "), e.get("actor") or "", e.get("action") or "",
            e.get("target") or "", e.get("cause") or "", e.get("cloudAccount") or "",
            ",".join(e.get("resources") or []), e.get("details") or "")


@click.command()
@click.option("--workspace", help="Only this workspace's log (its administrators may read it).")
@click.option("--action", help="Only this action, e.g. cluster.stop, or a prefix such as 'security_group.*'.")
@click.option("--target", help="Only entries about this cluster, user, token or cloud account.")
@click.option("--kind", type=click.Choice(KINDS), help="api: changes made through the API and console; "
                                                       "engine: the engine's changes in the cloud or on the machine.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True, help="How many entries.")
def audit(workspace: str | None, action: str | None, target: str | None, kind: str | None, limit: int) -> None:
    """Show the audit log, newest first (appliance administrators)."""
    try:
        entries = audit_entries(Api(), workspace, action, target, kind, limit)
    except FlotillaError as e:
        raise click.ClickException(str(e)) from e
    if not entries:
        click.echo("No audit entries match.")
        return
    header = ("WHEN", "WHO", "ACTION", "TARGET", "CAUSE", "ACCOUNT", "RESOURCES", "DETAILS")
    rows = [header] + [_row(e) for e in entries]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
