"""``flotilla account``: cloud accounts clusters run in (appliance administrators).

The secret access key of an access-keys account is read from ``FLOTILLA_AWS_SECRET_ACCESS_KEY`` or a hidden
prompt, and a GCP service-account key from the file ``--key-file`` names, never from an option value: options end
up in shell history and in ``ps`` output.
"""

from __future__ import annotations

import os

import click

from flotilla.accounts import AccountRoutes, credentials, gcp_credentials, gcp_registration, registration
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
                     ",".join(a.get("subnetIds") or []) or ("default" if a.get("provider") == "gcp" else "default VPC"), ",".join(a.get("workspaces") or []) or "-",
                     _validation(a)))
    _table(rows)


@account.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Show one cloud account."""
    a = _routes().get(name)
    creds = a.get("credentials") or {}
    v = a.get("validation") or {}
    common = [("Name", a["name"]), ("Provider", a.get("provider")), ("Region", a.get("region")),
              ("Credentials", _mode(a))]
    if a.get("provider") == "gcp":
        specific = [("Project", a.get("project")), ("Service account", creds.get("serviceAccount")),
                    ("Key id", creds.get("keyIdHint")),
                    ("Zones", ", ".join(a.get("zones") or []) or "every zone of the region"),
                    ("Network", a.get("network") or "default"),
                    ("Subnetworks", ", ".join(a.get("subnetIds") or []) or "the network's subnetwork in the region"),
                    ("Allowed CIDRs", ", ".join(a.get("allowedCidrs") or []) or "the network's"),
                    ("Worker account", a.get("workerServiceAccount")), ("Log retention", "the Cloud Logging bucket's")]
    else:
        specific = [("Role ARN", creds.get("roleArn")), ("External id", creds.get("externalId")),
                    ("Access key id", creds.get("accessKeyIdHint")),
                    ("Subnets", ", ".join(a.get("subnetIds") or []) or "default VPC"),
                    ("Allowed CIDRs", ", ".join(a.get("allowedCidrs") or []) or "the subnets' network"),
                    ("Instance profile", a.get("instanceProfileArn")),
                    ("Log retention", f"{a.get('logRetentionDays')} days")]
    rest = [("Workspaces", ", ".join(a.get("workspaces") or []) or "none"),
            ("Created", f"{(a.get('createdAt') or '')[:19]} by {a.get('createdBy')}"),
            ("Last validation", _validation(a) + (f": {v['summary']}" if v.get("summary") else ""))]
    for label, value in common + specific + rest:
        if value is not None:
            click.echo(f"{label + ':':<18}{value}")


AWS_ONLY = {"instance_role": "--instance-role", "role_arn": "--role-arn", "external_id": "--external-id",
            "access_key_id": "--access-key-id", "subnets": "--subnet", "instance_profile_arn": "--instance-profile-arn",
            "log_retention_days": "--log-retention-days"}
GCP_ONLY = {"project": "--project", "zones": "--zone", "network": "--network", "subnetworks": "--subnetwork",
            "worker_service_account": "--worker-service-account", "impersonate": "--impersonate", "key_file": "--key-file"}


def _refuse_other_providers_options(provider: str, given: dict) -> None:
    """ValueError naming each option of the other provider that was given (never silently ignored)."""
    other = AWS_ONLY if provider == "gcp" else GCP_ONLY
    wrong = [flag for key, flag in other.items() if given.get(key) not in (None, False, ())]
    if wrong:
        raise ValueError(f"{', '.join(wrong)} {'does' if len(wrong) == 1 else 'do'} not apply to {provider} accounts"
                         f" ({'AWS' if provider == 'gcp' else 'GCP'} options; see flotilla account register --help).")


@account.command("register")
@click.argument("name")
@click.option("--provider", type=click.Choice(["aws", "gcp"]), default="aws", show_default=True,
              help="The cloud the account is in.")
@click.option("--region", required=True, help="Default region, e.g. eu-central-1 (aws) or europe-west4 (gcp).")
@click.option("--instance-role", is_flag=True, help="aws: use the appliance's own role (it runs in this account).")
@click.option("--role-arn", help="aws: assume this role of another account (with --external-id).")
@click.option("--external-id", help="aws: the sts:ExternalId the role's trust policy requires "
                                    "(`flotilla setup aws` prints the one its trust policy uses).")
@click.option("--access-key-id", help=f"aws: use access keys (discouraged); the secret is read from {SECRET_ENV} or prompted.")
@click.option("--subnet", "subnets", multiple=True, help="aws: a subnet clusters start in (repeatable; default: the default VPC).")
@click.option("--allowed-cidr", "cidrs", multiple=True, help="Addresses allowed to reach schedulers (repeatable).")
@click.option("--instance-profile-arn", help="aws: instance profile of the worker role (lets workers write logs).")
@click.option("--log-retention-days", type=int, help="aws: days CloudWatch keeps cluster logs (default 30).")
@click.option("--project", help="gcp: the project clusters run in, e.g. acme-analytics (required for gcp).")
@click.option("--zone", "zones", multiple=True, help="gcp: a zone of the region to use, in order of preference "
                                                    "(repeatable; default: every zone of the region).")
@click.option("--network", help="gcp: the VPC network clusters use (default: 'default', or `flotilla account network`).")
@click.option("--subnetwork", "subnetworks", multiple=True,
              help="gcp: a subnetwork of the region clusters start in (repeatable; default: the network's in the region).")
@click.option("--worker-service-account", help="gcp: the service account cluster VMs run as (log writes only).")
@click.option("--impersonate", metavar="SERVICE_ACCOUNT",
              help="gcp: impersonate this service account (short-lived tokens) instead of using the appliance's own.")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False, readable=True),
              help="gcp: a service-account key file (discouraged; kept in the appliance's secret store).")
def register_command(name: str, provider: str, region: str, instance_role: bool, role_arn: str | None,
                     external_id: str | None, access_key_id: str | None, subnets: tuple[str, ...],
                     cidrs: tuple[str, ...], instance_profile_arn: str | None, log_retention_days: int | None,
                     project: str | None, zones: tuple[str, ...], network: str | None, subnetworks: tuple[str, ...],
                     worker_service_account: str | None, impersonate: str | None, key_file: str | None) -> None:
    """Register a cloud account.

    AWS: --instance-role, --role-arn ARN --external-id ID, or --access-key-id ID.
    GCP (--provider gcp --project P): the appliance's own service account by default, --impersonate SA, or
    --key-file PATH (discouraged; the key is read from the file, never from an option).
    """
    _refuse_other_providers_options(provider, dict(locals()))
    if provider == "gcp":
        _register_gcp(name, region, project, zones, network, subnetworks, worker_service_account, impersonate,
                      key_file, cidrs)
        return
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


def _register_gcp(name: str, region: str, project: str | None, zones: tuple[str, ...], network: str | None,
                  subnetworks: tuple[str, ...], worker_service_account: str | None, impersonate: str | None,
                  key_file: str | None, cidrs: tuple[str, ...]) -> None:
    if not project:
        raise ValueError("--project is required for gcp accounts: the project id clusters run in, e.g. acme-analytics.")
    key_json = None
    if key_file is not None:
        with open(key_file, encoding="utf-8") as f:
            key_json = f.read()
    creds = gcp_credentials(impersonate, key_json)
    a = _routes().register(gcp_registration(name, region, creds, project, list(zones), network, list(subnetworks),
                                            worker_service_account, list(cidrs)))
    click.echo(f"Registered cloud account {a['name']} ({a.get('provider')}, {a.get('region')}, project "
               f"{a.get('project')}, {_mode(a)}).")
    if creds["mode"] == "service_account_key":
        click.echo("Warning: service-account keys do not expire; prefer the appliance's own service account or "
                   "--impersonate.", err=True)
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
