"""The IAM documents behind ``flotilla setup aws``: fetched from the appliance, printed or written as files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flotilla.core import Api

POLICIES_PATH = "/api/v1/providers/aws/policies"


@dataclass(frozen=True)
class Document:
    key: str       # field of the appliance's answer
    filename: str  # file written by --out
    title: str     # what it is and where it goes


DOCUMENTS = (
    Document("setup", "setup-policy.json",
             "Setup policy: for whoever creates the network and the worker role, once"),
    Document("ongoing", "ongoing-policy.json",
             "Ongoing policy: attach to the role the appliance assumes"),
    Document("imageBuilds", "image-builds-policy.json",
             "Image builds policy: attach to the same role too (software environment images built with CodeBuild)"),
    Document("trust", "trust-policy.json",
             "Trust policy of that role: the appliance may assume it only with the external id"),
    Document("workerRole", "worker-role-policy.json",
             "Worker role inline policy: log writes and pulls of Flotilla's images"),
    Document("workerRoleTrust", "worker-role-trust-policy.json",
             "Worker role trust policy: EC2 instances assume it through its instance profile"),
)


def fetch(api: Api, account_id: str | None, region: str | None, worker_role: str | None,
          principal: str | None) -> dict:
    """The appliance's documents for an account and region (any when not given); appliance admins only."""
    params = {"accountId": account_id, "region": region, "workerRole": worker_role, "principal": principal}
    return api.get(POLICIES_PATH, params={k: v for k, v in params.items() if v})


def render(answer: dict) -> str:
    """All documents as one text: a comment line naming each, then its JSON."""
    parts = [f"# External id (sts:ExternalId): {answer['externalId']}",
             f"# Worker role: {answer['workerRoleName']}"]
    for doc in DOCUMENTS:
        if answer.get(doc.key) is None:
            parts.append(f"\n# {doc.title}: not generated; pass --account-id or --principal")
            continue
        parts.append(f"\n# {doc.title}\n{json.dumps(answer[doc.key], indent=2)}")
    return "\n".join(parts)


def write(answer: dict, directory: Path) -> list[Path]:
    """One JSON file per document in ``directory`` (created if needed); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in DOCUMENTS:
        if answer.get(doc.key) is None:
            continue
        path = directory / doc.filename
        path.write_text(json.dumps(answer[doc.key], indent=2) + "\n")
        written.append(path)
    return written
