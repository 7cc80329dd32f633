"""``flotilla config`` (where the client finds the appliance; never the token itself) and ``flotilla completion``."""

from __future__ import annotations

import dataclasses
import os

import click
from click.shell_completion import get_completion_class

from flotilla import config

SETTABLE = ("url", "workspace")
SHELLS = ("bash", "zsh", "fish")
_ENV = {"url": config.ENV_URL, "token": config.ENV_TOKEN, "workspace": config.ENV_WORKSPACE}


def _origin(key: str, stored: config.Settings) -> str:
    if os.environ.get(_ENV[key]):
        return f"from ${_ENV[key]}"
    return f"from {config.config_path()}" if getattr(stored, key) else "not set"


@click.group("config", invoke_without_command=True)
@click.pass_context
def config_group(ctx: click.Context) -> None:
    """Show the appliance URL, workspace and where the API token is stored (the token is never printed)."""
    if ctx.invoked_subcommand is not None:
        return
    stored, effective = config.read_file(), config.load()
    click.echo(f"config file: {config.config_path()}")
    click.echo(f"url:         {effective.url or '-'} ({_origin('url', stored)})")
    click.echo(f"workspace:   {effective.workspace or '-'} ({_origin('workspace', stored)})")
    click.echo(f"token:       {'set' if effective.token else 'not set'} ({_origin('token', stored)})")


@config_group.command("set")
@click.argument("key", type=click.Choice(SETTABLE))
@click.argument("value")
def set_command(key: str, value: str) -> None:
    """Store the appliance URL or the default workspace in the config file (the token: use flotilla login)."""
    value = value.rstrip("/") if key == "url" else value
    if key == "url" and not value.startswith(("http://", "https://")):
        raise click.BadParameter(f"{value!r} is not an http:// or https:// URL.", param_hint="VALUE")
    path = config.write_file(dataclasses.replace(config.read_file(), **{key: value}))
    click.echo(f"{key} = {value} saved in {path}")
    if os.environ.get(_ENV[key]):
        click.echo(f"${_ENV[key]} is set and overrides it in this shell.")


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion_command(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script, e.g. eval "$(flotilla completion bash)" in ~/.bashrc
    (zsh: ~/.zshrc; fish: flotilla completion fish > ~/.config/fish/completions/flotilla.fish)."""
    # click completes the installed ``flotilla`` command when the shell sets _FLOTILLA_COMPLETE (its protocol)
    completion = get_completion_class(shell)(ctx.find_root().command, {}, "flotilla", "_FLOTILLA_COMPLETE")
    click.echo(completion.source())
