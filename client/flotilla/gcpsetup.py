"""The roles and commands behind ``flotilla setup gcp``: fetched from the appliance, printed or written as files."""

from __future__ import annotations

from pathlib import Path

from flotilla.core import Api

SETUP_PATH = "/api/v1/providers/gcp/setup"
ONGOING_FILE = "flotilla-ongoing-role.yaml"
SETUP_FILE = "flotilla-setup-role.yaml"
COMMANDS_FILE = "gcloud-commands.sh"


def fetch(api: Api, project: str | None, worker_service_account: str | None, principal: str | None) -> dict:
    """The appliance's setup for a project (placeholders where not given); appliance admins only."""
    params = {"project": project, "workerServiceAccount": worker_service_account, "principal": principal}
    return api.get(SETUP_PATH, params={k: v for k, v in params.items() if v})


def render(answer: dict) -> str:
    """Everything as one text: the two role files (YAML) with a title each, the worker account, then the commands."""
    worker = answer["workerServiceAccount"]
    parts = [
        f"# Appliance principal: {answer['principal']}",
        f"# Worker service account: {worker['email']} (roles: {', '.join(worker['roles'])})",
        f"\n# Ongoing role {answer['ongoingRole']['roleId']} ({ONGOING_FILE}): the appliance's everyday permissions",
        answer["ongoingRoleYaml"].rstrip("\n"),
        f"\n# Setup role {answer['setupRole']['roleId']} ({SETUP_FILE}): for whoever sets the project up, once",
        answer["setupRoleYaml"].rstrip("\n"),
        "\n# Commands (gcloud)",
        *answer["commands"],
    ]
    if answer.get("notes"):
        parts += ["\n# Notes", *(f"# - {note}" for note in answer["notes"])]
    return "\n".join(parts)


def write(answer: dict, directory: Path) -> list[Path]:
    """The two role files and the commands as a script in ``directory`` (created if needed); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {ONGOING_FILE: answer["ongoingRoleYaml"], SETUP_FILE: answer["setupRoleYaml"],
             COMMANDS_FILE: "#!/bin/sh\nset -e\n" + "\n".join(answer["commands"]) + "\n"}
    written = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text if text.endswith("\n") else text + "\n")
        written.append(path)
    return written
