"""``flotilla setup gcp --create``: with your own Google credentials, create the appliance's custom role, the worker
service account (log writes only) and the bindings: the role and the log writer role on the project, and
``roles/iam.serviceAccountUser`` for the appliance on the worker service account only.

Every step is idempotent: a role that exists gets the appliance's current permissions, a service account that
exists is kept, a binding that exists is not added twice. The role comes from the appliance
(``GET /api/v1/providers/gcp/setup``), generated from its permission manifest; nothing here lists permissions.
Google's APIs are called with the Google API Python client (discovery documents shipped with it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Callable

from flotilla import gcpsetup
from flotilla.core import Api

SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]
ROLE_FIELDS = ("title", "description", "stage", "includedPermissions")
# Where each API is reached when not Google's default (tests point them at a fake server).
API_ENDPOINTS: dict[str, str] = {}
POLICY_ATTEMPTS = 3


class GcpSetupError(Exception):
    """Google or the appliance refused a step; the message is one line for the user."""


@dataclass
class Options:
    project: str
    principal: str
    worker_service_account: str | None = None


@dataclass
class Outcome:
    """What was done, one line per step."""
    steps: list[str] = field(default_factory=list)


def create(api: Api, credentials, options: Options, echo: Callable[[str], None] = print) -> Outcome:
    """Create (idempotently) the custom role, the worker service account and the bindings."""
    from googleapiclient.errors import HttpError
    try:
        return _Creator(api, credentials, options, echo).run()
    except HttpError as e:
        raise GcpSetupError(describe(e)) from e


def default_credentials():
    """Your application-default credentials and their project: ``gcloud auth application-default login``."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError
    try:
        return google.auth.default(scopes=SCOPES)
    except DefaultCredentialsError as e:
        raise GcpSetupError("No Google credentials found: run gcloud auth application-default login, or set"
                            " GOOGLE_APPLICATION_CREDENTIALS.") from e


def service(name: str, version: str, credentials):
    """A Google API client from the discovery document shipped with the library (no discovery call)."""
    from googleapiclient import discovery
    endpoint = API_ENDPOINTS.get(name)
    return discovery.build(name, version, credentials=credentials, static_discovery=True, cache_discovery=False,
                           client_options={"api_endpoint": endpoint} if endpoint else None)


class _Creator:
    def __init__(self, api: Api, credentials, options: Options, echo: Callable[[str], None]):
        self.api, self.options, self.echo = api, options, echo
        self.iam = service("iam", "v1", credentials)
        self.crm = service("cloudresourcemanager", "v3", credentials)
        self.outcome = Outcome()

    def step(self, line: str) -> None:
        self.outcome.steps.append(line)
        self.echo(line)

    def run(self) -> Outcome:
        answer = gcpsetup.fetch(self.api, self.options.project, self.options.worker_service_account, self.options.principal)
        project = answer["projectId"]
        self.step(f"Google Cloud project {project}")
        role_name = self.role(project, answer["ongoingRole"])
        worker = answer["workerServiceAccount"]
        self.worker(project, worker)
        for binding in answer["bindings"]:
            if binding["resource"] == f"projects/{project}":
                self.bind_on_project(project, binding)
            else:
                self.bind_on_service_account(binding)
        self.step(f"Done: the appliance ({answer['principal']}) holds {role_name}; cluster VMs run as {worker['email']}.")
        return self.outcome

    def role(self, project: str, role: dict) -> str:
        roles = self.iam.projects().roles()
        name = f"projects/{project}/roles/{role['roleId']}"
        body = {key: role[key] for key in ROLE_FIELDS}
        from googleapiclient.errors import HttpError
        try:
            roles.create(parent=f"projects/{project}", body={"roleId": role["roleId"], "role": body}).execute()
            self.step(f"Created custom role {name} ({len(body['includedPermissions'])} permissions)")
            return name
        except HttpError as e:
            if e.resp.status != 409:
                raise
        existing = roles.get(name=name).execute()
        if existing.get("deleted"):
            roles.undelete(name=name, body={"etag": existing.get("etag")}).execute()
            self.step(f"Custom role {name} was deleted: undeleted it")
            existing = roles.get(name=name).execute()
        if all(existing.get(key) == body[key] for key in ROLE_FIELDS):
            self.step(f"Custom role {name} exists with these permissions: kept")
            return name
        roles.patch(name=name, updateMask=",".join(ROLE_FIELDS), body={**body, "etag": existing.get("etag")}).execute()
        self.step(f"Custom role {name} exists: updated it to the appliance's {len(body['includedPermissions'])} permissions")
        return name

    def worker(self, project: str, worker: dict) -> None:
        from googleapiclient.errors import HttpError
        try:
            self.iam.projects().serviceAccounts().create(name=f"projects/{project}", body={
                "accountId": worker["accountId"],
                "serviceAccount": {"displayName": "Flotilla cluster instances",
                                   "description": "Dask schedulers and workers started by Flotilla: log writes only"}}).execute()
            self.step(f"Created service account {worker['email']}")
        except HttpError as e:
            if e.resp.status != 409:
                raise
            self.step(f"Service account {worker['email']} exists: kept")

    def bind_on_project(self, project: str, binding: dict) -> None:
        projects = self.crm.projects()
        resource = f"projects/{project}"
        self._bind(binding, lambda: projects.getIamPolicy(resource=resource, body={"options": {"requestedPolicyVersion": 3}}),
                   lambda policy: projects.setIamPolicy(resource=resource, body={"policy": policy}))

    def bind_on_service_account(self, binding: dict) -> None:
        accounts = self.iam.projects().serviceAccounts()
        resource = binding["resource"]
        self._bind(binding, lambda: accounts.getIamPolicy(resource=resource, options_requestedPolicyVersion=3),
                   lambda policy: accounts.setIamPolicy(resource=resource, body={"policy": policy}))

    def _bind(self, binding: dict, get, set_) -> None:
        """Read-modify-write of an IAM policy; Google's etag turns a concurrent change into a 409, then read again."""
        from googleapiclient.errors import HttpError
        where = binding["resource"]
        for attempt in range(1, POLICY_ATTEMPTS + 1):
            policy = get().execute()
            changed = with_member(policy, binding["role"], binding["member"])
            if changed is None:
                self.step(f"{binding['member']} already has {binding['role']} on {where}: kept")
                return
            try:
                set_(changed).execute()
                self.step(f"Granted {binding['role']} to {binding['member']} on {where}")
                return
            except HttpError as e:
                if e.resp.status != 409 or attempt == POLICY_ATTEMPTS:
                    raise


def with_member(policy: dict, role: str, member: str) -> dict | None:
    """A copy of ``policy`` where ``member`` holds ``role`` unconditionally, or None when it already does."""
    changed = copy.deepcopy(policy)
    bindings = changed.setdefault("bindings", [])
    for binding in bindings:
        if binding.get("role") == role and not binding.get("condition"):
            if member in binding.get("members", []):
                return None
            binding.setdefault("members", []).append(member)
            break
    else:
        bindings.append({"role": role, "members": [member]})
    changed["version"] = max(int(changed.get("version", 1) or 1), 1)
    if any(b.get("condition") for b in bindings):
        changed["version"] = 3
    return changed


def describe(error) -> str:
    """One line: which call Google refused and why."""
    status = getattr(error.resp, "status", "?")
    reason = getattr(error, "reason", None) or str(error)
    from urllib.parse import urlsplit
    path = urlsplit(getattr(error, "uri", "") or "").path
    if status == 403 and ("has not been used" in reason or "is disabled" in reason):
        return f"Google refused {path}: the API is not enabled in the project ({reason.strip()})"
    return f"Google refused {path}: HTTP {status}: {reason.strip()}"
