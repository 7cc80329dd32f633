"""``flotilla env``: software environments of a workspace (create, list, inspect, logs, delete)."""

from __future__ import annotations

import click

from flotilla.core import Api, FlotillaError
from flotilla.environments import EnvironmentRoutes, create_body
from flotilla.rest import resolve_workspace


class _MessagesGroup(click.Group):
    """Shows appliance errors as ``Error: <message>`` with exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (FlotillaError, ValueError, TypeError) as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=_MessagesGroup)
def env() -> None:
    """Software environments: package specs built once and run by clusters (software=NAME)."""


def _routes(workspace: str | None) -> EnvironmentRoutes:
    api = Api()
    return EnvironmentRoutes(api, resolve_workspace(api, workspace))


_workspace = click.option("--workspace", "-w", default=None, help="Workspace (default: your configured one).")


@env.command("create")
@click.argument("name")
@click.option("--pip", "pip", multiple=True, help="A requirement line (repeat), e.g. --pip 'tabulate==0.9.0'.")
@click.option("--requirements", "-r", type=click.File("r"), help="A file of requirement lines (no options, no URLs).")
@click.option("--conda-channel", multiple=True, help="A conda channel (repeat), with --conda.")
@click.option("--conda", "conda", multiple=True, help="A conda package (repeat), e.g. --conda numpy=2.1.")
@click.option("--container", help="A container image reference.")
@click.option("--python", help="Python version, e.g. 3.11 (default: the appliance's).")
@click.option("--architecture", type=click.Choice(["x86_64", "arm64"]), default=None)
@click.option("--gpu", is_flag=True, default=False, help="Build for GPU workers.")
@click.option("--force-rebuild", is_flag=True, default=False, help="Build again even if this spec is built.")
@click.option("--follow", "-f", is_flag=True, default=False, help="Show the build log until the build is over.")
@_workspace
def create_command(name, pip, requirements, conda_channel, conda, container, python, architecture, gpu, force_rebuild,
                   follow, workspace) -> None:
    """Create a software environment version (an identical spec reuses its build)."""
    lines = list(pip)
    if requirements is not None:
        lines += [line.strip() for line in requirements if line.strip() and not line.strip().startswith("#")]
    conda_spec = {"channels": list(conda_channel) or ["conda-forge"], "dependencies": list(conda)} if conda else None
    routes = _routes(workspace)
    created = routes.create(create_body(name, lines or None, conda_spec, container, python, gpu or None, architecture,
                                        force_rebuild))
    click.echo(f"{created['name']}:{created['version']} build {created['buildId']} {created['state']}")
    if follow:
        _show_log(routes, created["name"], created["buildId"], True)


@env.command("list")
@_workspace
def list_command(workspace) -> None:
    """List the software environments (newest version of each)."""
    envs = _routes(workspace).list()
    if not envs:
        click.echo("No software environments.")
        return
    rows = [("NAME", "VERSION", "KIND", "STATE", "PYTHON", "SPEC")]
    rows += [(e["name"], e["version"], e["kind"], e["state"], e["python"], e["specHash"][:12]) for e in envs]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())


@env.command("inspect")
@click.argument("name")
@_workspace
def inspect_command(name, workspace) -> None:
    """Show an environment's versions, specs and builds; a failed build's reason first."""
    detail = _routes(workspace).get(name)
    current = detail["current"]
    if current["state"] == "failed":
        click.echo(f"FAILED: {current['failure']}")
    for v in detail["versions"]:
        spec = v["pip"] or (v["conda"] and v["conda"]["dependencies"]) or [v["container"]]
        click.echo(f"{v['name']}:{v['version']}  {v['state']}  python {v['python']} {v['architecture']}"
                   f"{' gpu' if v['gpuEnabled'] else ''}  build {v['buildId']}  by {v['createdBy']}")
        for line in spec:
            click.echo(f"    {line}")
    click.echo("builds:")
    for b in detail["builds"]:
        click.echo(f"  {b['id']}  {b['state']}  attempts {b['attempts']}  {b['createdAt']}"
                   + (f"  {b['failure'].splitlines()[0]}" if b.get("failure") else ""))


@env.command("logs")
@click.argument("name")
@click.option("--build", "build_id", default=None, help="A build id (default: the newest version's build).")
@click.option("--follow", "-f", is_flag=True, default=False, help="Wait for new lines until the build is over.")
@_workspace
def logs_command(name, build_id, follow, workspace) -> None:
    """Print a build's log (the installer's own output)."""
    routes = _routes(workspace)
    current = routes.get(name)["current"]
    _show_log(routes, name, build_id or current["buildId"], follow)


def _show_log(routes: EnvironmentRoutes, name: str, build_id: str, follow: bool) -> None:
    if follow:
        for line in routes.follow(name, build_id):
            click.echo(line)
    else:
        page = routes.logs(name, build_id)
        for line in page["lines"]:
            click.echo(line)
    state = routes.logs(name, build_id, after=0)["state"]
    if state == "failed":
        failure = next((b["failure"] for b in routes.get(name)["builds"] if b["id"] == build_id), None)
        raise click.ClickException(f"The build failed: {failure}")


@env.command("delete")
@click.argument("name")
@_workspace
def delete_command(name, workspace) -> None:
    """Delete every version of an environment (refused while a cluster uses it)."""
    _routes(workspace).delete(name)
    click.echo(f"Deleted software environment {name}.")
