"""``flotilla setup aws --create``: with your own AWS credentials, create the worker role and instance profile and
the role the appliance assumes (trust with an external id), then register the account on the appliance.

Every step looks first and creates only what is missing, so running it again changes nothing but the policies
(rewritten from the appliance's current documents). The documents come from the appliance
(``GET /api/v1/providers/aws/policies``), generated from its permission manifest; nothing here writes policy text.
"""

from __future__ import annotations

import copy
import json
import secrets
from dataclasses import dataclass, field
from typing import Callable

from flotilla import awssetup
from flotilla.core import Api, FlotillaError

CLOUD_ACCOUNTS_PATH = "/api/v1/cloud-accounts"
OWNER_TAG = "flotilla:appliance"
DEFAULT_ROLE = "flotilla-appliance"
WORKER_POLICY = "flotilla-worker-logs"
ONGOING_POLICY = "flotilla-ongoing"
IMAGE_BUILDS_POLICY = "flotilla-image-builds"
EXTERNAL_ID_KEY = "sts:ExternalId"


class AwsSetupError(Exception):
    """AWS or the appliance refused a step; the message is one line for the user."""


@dataclass
class Options:
    region: str
    name: str | None = None
    worker_role: str | None = None
    role_name: str = DEFAULT_ROLE
    principal: str | None = None
    external_id: str | None = None
    account_id: str | None = None
    dry_run: bool = False


@dataclass
class Outcome:
    """What was (or would be) done, and the cloud account registered."""
    steps: list[str] = field(default_factory=list)
    registration: dict | None = None


def create(api: Api, session, options: Options, echo: Callable[[str], None] = print) -> Outcome:
    """Create (idempotently) the roles, the instance profile and their policies, then register the account."""
    try:
        return _Creator(api, session, options, echo).run()
    except _boto_errors() as e:
        raise AwsSetupError(_describe(e)) from e


class _Creator:
    def __init__(self, api: Api, session, options: Options, echo: Callable[[str], None]):
        self.api, self.options, self.echo = api, options, echo
        self.sts = session.client("sts", region_name=options.region)
        self.iam = session.client("iam", region_name=options.region)
        self.outcome = Outcome()
        self.verb = "Would create" if options.dry_run else "Created"

    def step(self, line: str) -> None:
        self.outcome.steps.append(line)
        self.echo(line)

    def run(self) -> Outcome:
        account = self.sts.get_caller_identity()["Account"]
        if self.options.account_id and self.options.account_id != account:
            raise AwsSetupError(f"Your AWS credentials belong to account {account}, not {self.options.account_id}.")
        existing = self._get("get_role", "Role", RoleName=self.options.role_name)
        principal = self.options.principal or existing_principal(existing and existing.get("AssumeRolePolicyDocument"))
        docs = awssetup.fetch(self.api, account, self.options.region, self.options.worker_role, principal)
        tags = [{"Key": OWNER_TAG, "Value": docs["applianceId"]}]
        self.step(f"AWS account {account}, region {self.options.region}"
                  + (" (dry run: nothing is changed)" if self.options.dry_run else ""))
        profile_arn = self.worker(docs, tags)
        role_arn, external_id = self.appliance_role(docs, tags, existing)
        body = {"name": self.options.name or f"aws-{account}-{self.options.region}", "provider": "aws",
                "region": self.options.region,
                "credentials": {"mode": "assume_role", "roleArn": role_arn, "externalId": external_id},
                "instanceProfileArn": profile_arn}
        self.register(body)
        return self.outcome

    def worker(self, docs: dict, tags: list[dict]) -> str:
        name = docs["workerRoleName"]
        role = self._get("get_role", "Role", RoleName=name)
        if role is None:
            self._change("create_role", RoleName=name, AssumeRolePolicyDocument=_json(docs["workerRoleTrust"]),
                         Description="Flotilla cluster instances: log writes, image pulls", Tags=tags)
            self.step(f"{self.verb} role {name} (EC2 instances assume it)")
        else:
            self.step(f"Role {name} exists: kept")
        self._change("put_role_policy", RoleName=name, PolicyName=WORKER_POLICY, PolicyDocument=_json(docs["workerRole"]))
        self.step(f"{'Would write' if self.options.dry_run else 'Wrote'} inline policy {WORKER_POLICY} of {name}"
                  " (log writes to /flotilla/* only)")
        profile = self._get("get_instance_profile", "InstanceProfile", InstanceProfileName=name)
        if profile is None:
            profile = self._change("create_instance_profile", InstanceProfileName=name, Tags=tags)
            profile = (profile or {}).get("InstanceProfile") or {"Roles": [], "Arn": _arn(self, "instance-profile", name)}
            self.step(f"{self.verb} instance profile {name}")
        else:
            self.step(f"Instance profile {name} exists: kept")
        if name not in [r["RoleName"] for r in profile.get("Roles", [])]:
            self._change("add_role_to_instance_profile", InstanceProfileName=name, RoleName=name)
            self.step(f"{'Would put' if self.options.dry_run else 'Put'} role {name} into instance profile {name}")
        return profile["Arn"]

    def appliance_role(self, docs: dict, tags: list[dict], role: dict | None) -> tuple[str, str]:
        name = self.options.role_name
        if docs.get("trust") is None:
            raise AwsSetupError("The appliance returned no trust policy; pass --principal.")
        external_id = (self.options.external_id or (role and existing_external_id(role.get("AssumeRolePolicyDocument")))
                       or "flotilla-" + secrets.token_hex(16))
        trust = _json(with_external_id(docs["trust"], external_id))
        if role is None:
            role = (self._change("create_role", RoleName=name, AssumeRolePolicyDocument=trust, Tags=tags,
                                 Description="Assumed by the Flotilla appliance with an external id") or {}).get("Role")
            self.step(f"{self.verb} role {name}, assumable by {_principal(docs['trust'])} with the external id")
        else:
            self._change("update_assume_role_policy", RoleName=name, PolicyDocument=trust)
            self.step(f"Role {name} exists: {'would rewrite' if self.options.dry_run else 'rewrote'} its trust policy"
                      f" ({_principal(docs['trust'])}, external id)")
        self._change("put_role_policy", RoleName=name, PolicyName=ONGOING_POLICY, PolicyDocument=_json(docs["ongoing"]))
        self.step(f"{'Would write' if self.options.dry_run else 'Wrote'} inline policy {ONGOING_POLICY} of {name}"
                  " (the appliance's ongoing policy)")
        if docs.get("imageBuilds"):
            self._change("put_role_policy", RoleName=name, PolicyName=IMAGE_BUILDS_POLICY,
                         PolicyDocument=_json(docs["imageBuilds"]))
            self.step(f"{'Would write' if self.options.dry_run else 'Wrote'} inline policy {IMAGE_BUILDS_POLICY} of {name}"
                      " (software environment image builds)")
        return (role or {}).get("Arn") or _arn(self, "role", name), external_id

    def register(self, body: dict) -> None:
        self.outcome.registration = body
        if self.options.dry_run:
            self.step(f"Would register cloud account {body['name']} on the appliance: POST {CLOUD_ACCOUNTS_PATH}")
            return
        try:
            self.api.post(CLOUD_ACCOUNTS_PATH, body)
            self.step(f"Registered cloud account {body['name']} (role {body['credentials']['roleArn']})")
        except FlotillaError as e:
            if e.status == 409:
                self.step(f"Cloud account {body['name']} is already registered: kept ({e.message})")
                return
            raise

    def _get(self, method: str, key: str, **kwargs) -> dict | None:
        try:
            return getattr(self.iam, method)(**kwargs)[key]
        except self.iam.exceptions.NoSuchEntityException:
            return None

    def _change(self, method: str, **kwargs) -> dict | None:
        if self.options.dry_run:
            return None
        return getattr(self.iam, method)(**kwargs)


def with_external_id(trust: dict, external_id: str) -> dict:
    """The trust policy with ``sts:ExternalId`` set to ``external_id`` in every statement."""
    document = copy.deepcopy(trust)
    for statement in document["Statement"]:
        statement.setdefault("Condition", {}).setdefault("StringEquals", {})[EXTERNAL_ID_KEY] = [external_id]
    return document


def existing_external_id(trust: dict | str | None) -> str | None:
    """The external id an existing trust policy requires, if any (IAM returns the document decoded)."""
    for statement in _statements(trust):
        value = statement.get("Condition", {}).get("StringEquals", {}).get(EXTERNAL_ID_KEY)
        if value:
            return value[0] if isinstance(value, list) else value
    return None


def existing_principal(trust: dict | str | None) -> str | None:
    """The one AWS principal an existing trust policy names, if any: kept when --principal is not given again."""
    for statement in _statements(trust):
        value = statement.get("Principal", {}).get("AWS")
        if isinstance(value, str):
            return value
    return None


def _statements(trust: dict | str | None) -> list[dict]:
    if isinstance(trust, str):
        trust = json.loads(trust)
    statements = (trust or {}).get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def _principal(trust: dict) -> str:
    return ", ".join(str(s.get("Principal", {}).get("AWS")) for s in trust["Statement"])


def _arn(creator: _Creator, kind: str, name: str) -> str:
    """The ARN a resource not created yet (dry run) would get."""
    account = creator.sts.get_caller_identity()["Account"]
    return f"arn:aws:iam::{account}:{kind}/{name}"


def _json(document: dict) -> str:
    return json.dumps(document, separators=(",", ":"))


def _boto_errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import BotoCoreError, ClientError
    return BotoCoreError, ClientError


def _describe(error: BaseException) -> str:
    """One line: which call AWS refused and why, or what is wrong with the local AWS settings."""
    from botocore.exceptions import ClientError, NoCredentialsError, NoRegionError
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        return f"AWS refused {error.operation_name}: {info.get('Code', 'error')}: {info.get('Message', '')}".strip()
    if isinstance(error, NoCredentialsError):
        return "No AWS credentials found: pass --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID."
    if isinstance(error, NoRegionError):
        return "No AWS region: pass --region."
    return f"AWS: {error}"
