"""The ``flotilla`` command: login, config, cluster list / stop / dashboard / logs / events / address, usage, limits,
setup aws / gcp and shell completion."""

from __future__ import annotations

import functools
import re
import socket
from pathlib import Path

import click

from flotilla import awscreate, awssetup, config, gcpsetup
from flotilla.account_cli import account
from flotilla.audit_cli import audit
from flotilla.cluster_cli import address_command, events_command, logs_command
from flotilla.config_cli import completion_command, config_group
from flotilla.env_cli import env
from flotilla.usage_cli import limits, usage
from flotilla.core import Api, FlotillaError
from flotilla.rest import ClusterRoutes, resolve_workspace


def _errors_as_messages(command):
    """Show appliance errors as ``Error: <server message>`` with exit code 1, not as a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (FlotillaError, ValueError) as e:
            raise click.ClickException(str(e)) from e
    return wrapper


@click.group()
@click.version_option(package_name="flotilla")
def main() -> None:
    """Flotilla: Dask clusters on your appliance."""


main.add_command(account)
main.add_command(audit)
main.add_command(env)
main.add_command(usage)
main.add_command(limits)
main.add_command(config_group)
main.add_command(completion_command)


def _token_name() -> str:
    host = re.sub(r"[^a-z0-9-]", "-", socket.gethostname().lower()).strip("-") or "host"
    return f"cli-{host}"[:63]


def _password_login(url: str, username: str, password: str) -> str:
    """A new API token for a username and password; asks for a new password when the appliance requires one."""
    api = Api(url=url)
    body = {"username": username, "password": password, "tokenName": _token_name()}
    try:
        return api.post("/api/v1/auth/token", body)["token"]
    except FlotillaError as e:
        if e.code != "password_change_required":
            raise
        min_length = e.details.get("minLength", 12)
    click.echo(f"This password must be changed before it can be used. Choose a new one (at least {min_length}"
               " characters, not the username, not the current password).")
    new_password = click.prompt("New password", hide_input=True, confirmation_prompt="Repeat the new password")
    return api.post("/api/v1/auth/password", {**body, "newPassword": new_password})["token"]


@main.command()
@click.option("--url", help="Appliance URL, e.g. https://flotilla.example.com (default: the stored one).")
@click.option("--token", help="An API token to store (create one in the console).")
@click.option("--username", help="Sign in with a username and password instead (the password is prompted).")
@click.option("--workspace", help="Default workspace (default: your only workspace, if you have one).")
@_errors_as_messages
def login(url: str | None, token: str | None, username: str | None, workspace: str | None) -> None:
    """Store the appliance URL and an API token in the config file (mode 0600)."""
    if token and username:
        raise click.UsageError("Give --token or --username, not both.")
    stored = config.read_file()
    url = (url or stored.url or "").rstrip("/")
    if not url:
        url = click.prompt("Appliance URL").rstrip("/")
    if username:
        token = _password_login(url, username, click.prompt("Password", hide_input=True))
    if not token:
        token = click.prompt("API token", hide_input=True)
    api = Api(url=url, token=token)
    me = api.get("/api/v1/me")
    if not workspace:
        names = [w["name"] for w in api.get("/api/v1/workspaces") or []]
        workspace = names[0] if len(names) == 1 else stored.workspace
    path = config.write_file(config.Settings(url=url, token=token, workspace=workspace))
    click.echo(f"Logged in to {url} as {me.get('username')}"
               + (f" (workspace {workspace})" if workspace else "") + f"; settings saved in {path}")


@main.group()
def cluster() -> None:
    """List and stop clusters, read their logs and events, find their address."""


for _command in (logs_command, events_command, address_command):
    _command.callback = _errors_as_messages(_command.callback)
    cluster.add_command(_command)


def _routes(workspace: str | None) -> ClusterRoutes:
    api = Api()
    return ClusterRoutes(api, resolve_workspace(api, workspace))


workspace_option = click.option("--workspace", "-w", help="Workspace (default: FLOTILLA_WORKSPACE or the config file).")


@cluster.command("list")
@workspace_option
@click.option("--all", "show_all", is_flag=True, help="Include stopped and failed clusters.")
@_errors_as_messages
def list_command(workspace: str | None, show_all: bool) -> None:
    """List the clusters of a workspace (active ones unless --all)."""
    routes = _routes(workspace)
    rows = list(routes.list(finished=None if show_all else False))
    if not rows:
        click.echo(f"No {'' if show_all else 'active '}clusters in workspace {routes.workspace}.")
        return
    table = [("NAME", "STATE", "WORKERS", "OWNER", "CREATED", "REASON")]
    for c in rows:
        workers = c.get("workers") or {}
        table.append((c["name"], c["state"], f"{workers.get('connected', 0)}/{c.get('desiredWorkers', 0)}",
                      c.get("owner", ""), (c.get("createdAt") or "")[:19], c.get("reason") or ""))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(table[0]))]
    for row in table:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


@cluster.command("stop")
@click.argument("name")
@workspace_option
@_errors_as_messages
def stop_command(name: str, workspace: str | None) -> None:
    """Stop a cluster (its workers and scheduler)."""
    info = _routes(workspace).stop(name, "user request")
    click.echo(f"Cluster {info['name']} is {info['state']}.")


@cluster.command("dashboard")
@click.argument("name")
@workspace_option
@click.option("--ca-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the cluster CA's certificate (PEM) here, to import into your browser.")
@_errors_as_messages
def dashboard_command(name: str, workspace: str | None, ca_file: Path | None) -> None:
    """Print the link that opens a running cluster's dashboard (it holds the cluster's dashboard token)."""
    credentials = _routes(workspace).credentials(name)
    if not credentials.get("dashboardUrl"):
        raise click.ClickException(f"Cluster {name}'s scheduler has not reported a dashboard.")
    if ca_file:
        ca_file.write_text(credentials["caCertPem"])
    click.echo(credentials["dashboardUrl"])


@main.group()
def setup() -> None:
    """Permissions the appliance needs in a cloud account."""


@setup.command("aws")
@click.option("--account-id", help="The 12-digit AWS account the clusters run in (default: any; needed for the trust policy;"
                                   " with --create: checked against your credentials).")
@click.option("--region", help="The AWS region, e.g. eu-west-1 (default: any region; with --create: your profile's).")
@click.option("--worker-role", help="Name of the role cluster instances run as; must start with flotilla- "
                                    "(default: flotilla-worker).")
@click.option("--principal", "--appliance-principal", "principal",
              help="ARN of the IAM role the appliance runs as, to trust only it; needed when the appliance runs in "
                   "another AWS account (default: the account's root, i.e. whoever that account's IAM allows).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one JSON file per document into this directory instead of printing them.")
@click.option("--create", is_flag=True,
              help="Create the roles with your own AWS credentials and register the account on the appliance.")
@click.option("--dry-run", is_flag=True, help="With --create: print what would be created, change nothing.")
@click.option("--profile", help="With --create: the AWS profile to use (default: the AWS SDK's usual chain).")
@click.option("--role-name", default=awscreate.DEFAULT_ROLE, show_default=True,
              help="With --create: the role the appliance assumes.")
@click.option("--external-id", help="With --create: the external id the role requires (default: the existing role's, "
                                    "or a new random one).")
@click.option("--name", help="With --create: the cloud account's name on the appliance (default: aws-ACCOUNT-REGION).")
@_errors_as_messages
def setup_aws_command(account_id: str | None, region: str | None, worker_role: str | None, principal: str | None,
                      out_dir: Path | None, create: bool, dry_run: bool, profile: str | None, role_name: str,
                      external_id: str | None, name: str | None) -> None:
    """Print the IAM documents that let this appliance run clusters in an AWS account, or create them.

    They come from the appliance (appliance administrators only) and are generated from the one list of AWS
    actions in its code: a setup policy (network and worker role, used once), the ongoing policy (clusters,
    logs, images; deletes only of resources tagged with this appliance's id), the image builds policy
    (CodeBuild, attached to the same role), the worker role's policy (log writes, pulls of Flotilla's images)
    and the trust policies. Without --create nothing is created in AWS: give the documents to your AWS
    administrator, or apply them with the AWS CLI or Terraform.

    With --create, your own AWS credentials (--profile) create, or keep when they exist: the worker role
    and its instance profile, the role the appliance assumes (trusting --principal, only with the external id)
    with the ongoing and image builds policies; then the account is registered on the appliance as a cloud account.
    """
    if create:
        _setup_aws_create(awscreate.Options(
            region=region or "", name=name, worker_role=worker_role, role_name=role_name, principal=principal,
            external_id=external_id, account_id=account_id, dry_run=dry_run), profile)
        return
    if dry_run:
        raise click.UsageError("--dry-run goes with --create.")
    answer = awssetup.fetch(Api(), account_id, region, worker_role, principal)
    if out_dir is None:
        click.echo(awssetup.render(answer))
        return
    for path in awssetup.write(answer, out_dir):
        click.echo(f"Wrote {path}")
    click.echo(f"External id (sts:ExternalId): {answer['externalId']}")
    if answer.get("trust") is None:
        click.echo("No trust policy: pass --account-id or --principal to get one.")


def _setup_aws_create(options: awscreate.Options, profile: str | None) -> None:
    try:
        import boto3
        import botocore.exceptions
    except ImportError as e:
        raise click.ClickException("--create needs boto3: pip install 'flotilla[aws]'.") from e
    try:
        session = boto3.Session(profile_name=profile, region_name=options.region or None)
    except botocore.exceptions.BotoCoreError as e:
        raise click.ClickException(f"AWS: {e}") from e
    options.region = options.region or session.region_name or ""
    if not options.region:
        raise click.ClickException("No AWS region: pass --region (or set one in your AWS profile).")
    try:
        awscreate.create(Api(), session, options, click.echo)
    except awscreate.AwsSetupError as e:
        raise click.ClickException(str(e)) from e


@setup.command("gcp")
@click.option("--project", help="The Google Cloud project the clusters run in (default: PROJECT_ID in the commands; "
                                "with --create: your credentials' project).")
@click.option("--worker-service-account", help="Id (or email in the project) of the service account cluster VMs run as "
                                               "(default: flotilla-worker).")
@click.option("--principal", help="Email of the service account the appliance runs as; it gets the custom role and may "
                                  "act as the worker service account (needed with --create).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the two role files and the gcloud commands into this directory instead of printing them.")
@click.option("--create", is_flag=True,
              help="Create the custom role, the worker service account and the bindings with your own Google credentials.")
@_errors_as_messages
def setup_gcp_command(project: str | None, worker_service_account: str | None, principal: str | None,
                      out_dir: Path | None, create: bool) -> None:
    """Print the custom roles and gcloud commands that let this appliance run clusters in a Google Cloud project, or
    create them.

    They come from the appliance (appliance administrators only), generated from the one list of permissions in its
    code: the ongoing role the appliance's service account holds on the project (cluster VMs, their firewall rules,
    reads of networks, machine types and operations, cluster logs; no read of your data), the setup role (network,
    service accounts, bindings; used once), and the worker service account, which may only write logs. The appliance
    may act as that service account only: roles/iam.serviceAccountUser is bound on it, not on the project.

    With --create, your application-default credentials (gcloud auth application-default login) create, or update
    when they exist: the ongoing custom role, the worker service account and the three bindings.
    """
    if create:
        if out_dir is not None:
            raise click.UsageError("--out writes the files for gcloud; with --create nothing is written.")
        _setup_gcp_create(project, worker_service_account, principal)
        return
    answer = gcpsetup.fetch(Api(), project, worker_service_account, principal)
    if out_dir is None:
        click.echo(gcpsetup.render(answer))
        return
    for path in gcpsetup.write(answer, out_dir):
        click.echo(f"Wrote {path}")
    click.echo(f"Run the commands in {out_dir / gcpsetup.COMMANDS_FILE} from {out_dir} (gcloud reads the role files there).")


def _setup_gcp_create(project: str | None, worker_service_account: str | None, principal: str | None) -> None:
    try:
        from flotilla import gcpcreate
        import googleapiclient  # noqa: F401
    except ImportError as e:
        raise click.ClickException("--create needs the Google API client: pip install 'flotilla[gcp]'.") from e
    if not principal:
        raise click.UsageError("--create needs --principal: the service account the appliance runs as.")
    try:
        credentials, default_project = gcpcreate.default_credentials()
        project = project or default_project
        if not project:
            raise gcpcreate.GcpSetupError("No Google Cloud project: pass --project (or set one with gcloud config set project).")
        gcpcreate.create(Api(), credentials, gcpcreate.Options(project=project, principal=principal,
                                                              worker_service_account=worker_service_account), click.echo)
    except gcpcreate.GcpSetupError as e:
        raise click.ClickException(str(e)) from e


if __name__ == "__main__":
    main()
