"""Where the client finds the appliance: environment variables first, then the config file.

``FLOTILLA_URL``, ``FLOTILLA_TOKEN`` and ``FLOTILLA_WORKSPACE`` override, field by field, what
``flotilla login`` wrote to ``~/.config/flotilla/config.yaml`` (``FLOTILLA_CONFIG`` moves that file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

ENV_URL = "FLOTILLA_URL"
ENV_TOKEN = "FLOTILLA_TOKEN"
ENV_WORKSPACE = "FLOTILLA_WORKSPACE"
ENV_CONFIG = "FLOTILLA_CONFIG"


@dataclass(frozen=True)
class Settings:
    """The appliance address, the user's API token and the default workspace (any may be missing)."""

    url: str | None = None
    token: str | None = None
    workspace: str | None = None

    def __repr__(self) -> str:  # never show the token
        token = "set" if self.token else None
        return f"Settings(url={self.url!r}, token={token}, workspace={self.workspace!r})"


def config_path() -> Path:
    """The config file's path: ``$FLOTILLA_CONFIG`` or ``~/.config/flotilla/config.yaml``."""
    override = os.environ.get(ENV_CONFIG)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".config" / "flotilla" / "config.yaml"


def read_file(path: Path | None = None) -> Settings:
    """Settings stored in the config file; empty settings when there is no file."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a YAML mapping")
    return Settings(url=data.get("url"), token=data.get("token"), workspace=data.get("workspace"))


def load() -> Settings:
    """Environment variables over the config file, field by field."""
    stored = read_file()
    return Settings(
        url=os.environ.get(ENV_URL) or stored.url,
        token=os.environ.get(ENV_TOKEN) or stored.token,
        workspace=os.environ.get(ENV_WORKSPACE) or stored.workspace,
    )


def write_file(settings: Settings, path: Path | None = None) -> Path:
    """Write the config file readable by its owner only (mode 0600, directory 0700)."""
    path = path or config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = {k: v for k, v in vars(settings).items() if v is not None}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
    with os.fdopen(fd, "w") as f:
        yaml.safe_dump(data, f, default_flow_style=False)
    return path
