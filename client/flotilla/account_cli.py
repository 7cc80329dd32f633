"""``flotilla account``: cloud accounts clusters run in (appliance administrators).

The secret access key of an access-keys account is read from ``FLOTILLA_AWS_SECRET_ACCESS_KEY`` or a hidden
prompt, never from an option: options end up in shell history and in ``ps`` output.
"""

from __future__ import annotations

import os

import click

from flotilla.accounts import AccountRoutes, credentials, registration
from flotilla.core import Api, FlotillaError

SECRET_ENV = "FLOTILLA_AWS_SECRET_ACCESS_KEY"


class _MessagesGroup(click.Group):
    """Shows appliance errors (and bad combinations of options) as ``Error: <message>`` with exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (FlotillaError, ValueError) as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=_MessagesGroup)
def account() -> None:
    """Register, check and list cloud accounts; bind workspaces to them (appliance administrators)."""


def _routes() -> AccountRoutes:
    return AccountRoutes(Api())


def _mode(a: dict) -> str:
    creds = a.get("credentials") or {}
    return creds.get("mode", "?") + (" (discouraged)" if creds.get("discouraged") else "")


def _validation(a: dict) -> str:
    v = a.get("validation")
    if not v:
        return "never"
    return ("ok " if v.get("ok") else "failed ") + (v.get("checkedAt") or "")[:16]


def _table(rows: list[tuple]) -> None:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


@account.command("list")
def list_command() -> None:
    """List the cloud accounts."""
    accounts = _routes().list()
    if not accounts:
        click.echo("No cloud accounts registered.")
        return
    rows = [("NAME", "PROVIDER", "REGION", "CREDENTIALS", "SUBNETS", "WORKSPACES", "VALIDATED")]
    for a in accounts:
        rows.append((a["name"], a.get("provider", ""), a.get("region", ""), _mode(a),
                     ",".join(a.get("subnetIds") or []) or "default VPC", ",".join(a.get("workspaces") or []) or "-",
                     _validation(a)))
    _table(rows)


@account.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Show one cloud account."""
    a = _routes().get(name)
    creds = a.get("credentials") or {}
    v = a.get("validation") or {}
    fields = [("Name", a["name"]), ("Provider", a.get("provider")), ("Region", a.get("region")),
              ("Credentials", _mode(a)), ("Role ARN", creds.get("roleArn")), ("External id", creds.get("externalId")),
              ("Access key id", creds.get("accessKeyIdHint")), ("Subnets", ", ".join(a.get("subnetIds") or []) or "default VPC"),
              ("Allowed CIDRs", ", ".join(a.get("allowedCidrs") or []) or "the subnets' network"),
              ("Instance profile", a.get("instanceProfileArn")), ("Log retention", f"{a.get('logRetentionDays')} days"),
              ("Workspaces", ", ".join(a.get("workspaces") or []) or "none"),
              ("Created", f"{(a.get('createdAt') or '')[:19]} by {a.get('createdBy')}"),
              ("Last validation", _validation(a) + (f": {v['summary']}" if v.get("summary") else ""))]
    for label, value in fields:
        if value is not None:
            click.echo(f"{label + ':':<18}{value}")


@account.command("register")
@click.argument("name")
@click.option("--region", required=True, help="Default AWS region, e.g. eu-central-1.")
@click.option("--instance-role", is_flag=True, help="Use the appliance's own role (it runs in this account).")
@click.option("--role-arn", help="Assume this role of another account (with --external-id).")
@click.option("--external-id", help="The sts:ExternalId the role's trust policy requires "
                                    "(`flotilla setup aws` prints the one its trust policy uses).")
@click.option("--access-key-id", help=f"Use access keys (discouraged); the secret is read from {SECRET_ENV} or prompted.")
@click.option("--subnet", "subnets", multiple=True, help="A subnet clusters start in (repeatable; default: the default VPC).")
@click.option("--allowed-cidr", "cidrs", multiple=True, help="Addresses allowed to reach schedulers (repeatable).")
@click.option("--instance-profile-arn", help="Instance profile of the worker role (lets workers write logs).")
@click.option("--log-retention-days", type=int, help="Days CloudWatch keeps cluster logs (default 30).")
def register_command(name: str, region: str, instance_role: bool, role_arn: str | None, external_id: str | None,
                     access_key_id: str | None, subnets: tuple[str, ...], cidrs: tuple[str, ...],
                     instance_profile_arn: str | None, log_retention_days: int | None) -> None:
    """Register an AWS account: --instance-role, --role-arn ARN --external-id ID, or --access-key-id ID."""
    secret = None
    if access_key_id is not None and not instance_role and role_arn is None:
        secret = os.environ.get(SECRET_ENV) or click.prompt("Secret access key", hide_input=True)
    creds = credentials(instance_role, role_arn, external_id, access_key_id, secret)
    a = _routes().register(registration(name, region, creds, list(subnets), list(cidrs), instance_profile_arn,
                                        log_retention_days))
    click.echo(f"Registered cloud account {a['name']} ({a.get('provider')}, {a.get('region')}, {_mode(a)}).")
    if creds["mode"] == "access_keys":
        click.echo("Warning: access keys do not expire; prefer --instance-role or --role-arn.", err=True)
    click.echo(f"Check its permissions with: flotilla account validate {a['name']}")


@account.command("validate")
@click.argument("name")
def validate_command(name: str) -> None:
    """Check that the account's credentials work and have every permission the appliance needs (exit 1 if not)."""
    report = _routes().validate(name)
    if report.get("identityArn"):
        click.echo(f"Identity: {report['identityArn']} (account {report.get('accountId')})")
    for check in report.get("checks") or []:
        if not check.get("ok"):
            detail = f": {check['detail']}" if check.get("detail") else ""
            click.echo(f"FAILED {check.get('action')}{detail}")
    for action in report.get("missing") or []:
        click.echo(f"missing permission: {action}")
    for action in report.get("untested") or []:
        click.echo(f"not tested: {action}")
    click.echo(report.get("message") or ("Valid." if report.get("ok") else "Not valid."))
    if not report.get("ok"):
        raise click.exceptions.Exit(1)


@account.command("network")
@click.argument("name")
def network_command(name: str) -> None:
    """Create a network (VPC and subnets) for the account's clusters and store its subnets on the account."""
    a = _routes().create_network(name)
    click.echo(f"Cloud account {a['name']} now starts clusters in subnets {', '.join(a.get('subnetIds') or [])}.")


@account.command("bind")
@click.argument("workspace")
@click.argument("name")
@click.option("--allowed-cidr", "allowed_cidrs", multiple=True,
              help="Address range (CIDR) allowed to reach this workspace's schedulers; repeatable "
                   "(default: the account's setting).")
def bind_command(workspace: str, name: str, allowed_cidrs: tuple[str, ...]) -> None:
    """Start the workspace's new clusters in cloud account NAME."""
    b = _routes().bind(workspace, name, list(allowed_cidrs))
    click.echo(f"Workspace {b.get('workspace', workspace)} now starts new clusters in cloud account "
               f"{b.get('account', name)} ({b.get('provider')}, {b.get('region')}).")
    if b.get("workspaceCidrs"):
        click.echo(f"Its schedulers accept clients from {', '.join(b.get('allowedCidrs') or [])}.")


@account.command("unbind")
@click.argument("workspace")
def unbind_command(workspace: str) -> None:
    """Run the workspace's new clusters on the appliance's own machine again."""
    _routes().unbind(workspace)
    click.echo(f"Workspace {workspace} is no longer bound to a cloud account; "
               "its new clusters run on the appliance's machine.")


@account.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Forget a cloud account and its stored keys (refused while a workspace is bound or a cluster runs)."""
    _routes().remove(name)
    click.echo(f"Removed cloud account {name}.")
