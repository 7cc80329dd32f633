"""The appliance role's permissions are the app's generated ongoing policy and nothing more than a read of its own
configuration; the worker role writes logs only; no static Vault or database credential exists in the modules.

terraform/aws/policies/*.json are generated from the app's AwsPermissionManifest and compared with it by the
app's CommittedOngoingPolicyTest; here the module is shown to use exactly those files, with every placeholder
filled in, and no other permission for the appliance or the workers."""
from __future__ import annotations

import json
import re
import string

import hclcheck
from tfmodules import MODULES, TERRAFORM, module_blocks, tf_files

POLICIES = MODULES["aws"] / "policies"
SAMPLE = {"partition": "aws", "region": "eu-west-1", "account_id": "123456789012",
          "appliance_id": "5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11", "worker_role": "flotilla-worker"}
BOOT_ACTIONS = {"ssm:GetParametersByPath", "ssm:GetParameter", "secretsmanager:GetSecretValue",
                "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"}


def resources(kind: str = "resource") -> dict[str, hclcheck.TfBlock]:
    return {b.address: b for b in module_blocks("aws", kind)}


def policy_vars() -> dict[str, str]:
    locals_ = {}
    for path in sorted(MODULES["aws"].glob("*.tf")):
        for entry in hclcheck.load(path).get("locals", []):
            locals_.update(entry)
    return locals_["policy_vars"]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\$\{(\w+)}", text))


def role_policies(role: str) -> list[hclcheck.TfBlock]:
    return [b for b in resources().values() if b.labels[0] in ("aws_iam_role_policy", "aws_iam_role_policy_attachment",
                                                                 "aws_iam_policy_attachment", "aws_iam_role_policies_exclusive")
            and f"aws_iam_role.{role}." in str(b.body.get("role", "")) + str(b.body.get("roles", "")) + str(b.body.get("role_name", ""))]


def test_appliance_role_has_the_committed_ongoing_and_image_build_policies_and_the_boot_policy_only():
    """Besides them, only the optional Session Manager attachment (an administrator's shell, no permission the
    appliance's code uses)."""
    attached = {b.address: b.body for b in role_policies("appliance")}
    assert set(attached) == {"aws_iam_role_policy.appliance_ongoing", "aws_iam_role_policy.appliance_boot",
                             "aws_iam_role_policy.appliance_image_builds",
                             "aws_iam_role_policy_attachment.appliance_session_manager"}
    builds = attached["aws_iam_role_policy.appliance_image_builds"]
    assert builds["policy"] == '${templatefile("${path.module}/policies/flotilla-image-builds.json", local.policy_vars)}'
    assert builds["count"] == "${var.create_codebuild_role ? 1 : 0}"
    # the one managed policy: AWS's own for Session Manager shells, and only when asked for
    session = attached["aws_iam_role_policy_attachment.appliance_session_manager"]
    assert hclcheck.unquote(session["policy_arn"]) == "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
    assert session["count"] == "${var.enable_session_manager ? 1 : 0}"
    ongoing = attached["aws_iam_role_policy.appliance_ongoing"]["policy"]
    assert ongoing == '${templatefile("${path.module}/policies/flotilla-ongoing.json", local.policy_vars)}'


def test_worker_role_has_the_committed_worker_policy_only():
    attached = {b.address: b.body for b in role_policies("worker")}
    assert set(attached) == {"aws_iam_role_policy.worker"}
    assert attached["aws_iam_role_policy.worker"]["policy"] == \
        '${templatefile("${path.module}/policies/flotilla-worker-role.json", local.policy_vars)}'
    filled = json.loads(string.Template((POLICIES / "flotilla-worker-role.json").read_text()).substitute(SAMPLE))
    # log writes, and pulls of the cluster's software environment image (ECR repositories under flotilla/ only)
    allowed = {"logs:CreateLogStream", "logs:PutLogEvents", "ecr:GetAuthorizationToken", "ecr:BatchGetImage",
               "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"}
    actions = {a for s in filled["Statement"] for a in s["Action"]}
    assert actions and actions <= allowed, actions - allowed
    for statement in filled["Statement"]:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if any(a.startswith("ecr:") and a != "ecr:GetAuthorizationToken" for a in statement["Action"]):
            assert all(":repository/flotilla/" in r for r in resources), statement
        if any(a.startswith("logs:") for a in statement["Action"]):
            assert all(":log-group:/flotilla/" in r for r in resources), statement


def test_every_placeholder_of_the_committed_policies_is_filled_in():
    supplied = set(policy_vars())
    for path in sorted(POLICIES.glob("*.json")):
        text = path.read_text()
        assert placeholders(text) and placeholders(text) <= supplied, path.name
        filled = json.loads(string.Template(text).substitute(SAMPLE))
        assert filled["Version"] == "2012-10-17" and filled["Statement"], path.name
        assert "${" not in json.dumps(filled)


def test_ongoing_policy_is_conditioned_on_this_installations_id():
    filled = json.loads(string.Template((POLICIES / "flotilla-ongoing.json").read_text()).substitute(SAMPLE))
    terminate = next(s for s in filled["Statement"] if "ec2:TerminateInstances" in s["Action"])
    assert terminate["Condition"] == {"StringEquals": {"aws:ResourceTag/flotilla:appliance": [SAMPLE["appliance_id"]]}}
    assert policy_vars()["appliance_id"] == "${local.appliance_id}"


def test_boot_policy_only_reads_the_installations_configuration():
    document = resources("data")["data.aws_iam_policy_document.appliance_boot"].body
    statements = list(document.get("statement", []))
    for entry in document.get("dynamic", []):
        statements += [spec["content"][0] for key, spec in entry.items() if key != "__is_block__"]
    actions = {hclcheck.unquote(a) for s in statements for a in s["actions"]}
    assert actions == BOOT_ACTIONS
    assert all("*" not in str(s["resources"]).replace("${local.config_path}*", "").replace(":*", "") for s in statements)


def test_no_static_vault_or_database_credential_anywhere():
    forbidden = re.compile(r"FLOTILLA_VAULT_(TOKEN|SECRET_ID|ROLE_ID)\b|FLOTILLA_DATABASE_PASSWORD\b|random_password"
                           r"|FLOTILLA_ADMIN_TOKEN")
    for path in tf_files(TERRAFORM):
        assert not forbidden.search(path.read_text()), path
    for module in MODULES:
        for variable in module_blocks(module, "variable"):
            # a variable about a secret only names where it is kept (a secret's id or ARN) or its version
            name = variable.labels[0]
            if re.search(r"password|token|secret_id|role_id|private_key", name):
                assert re.search(r"_secret(_arn)?$|_version$", name), name
        for output in module_blocks(module, "output"):
            assert not re.search(r"\.password|master_password|private_key", str(output.body["value"])), output.labels[0]
            assert "sensitive" not in output.body, output.labels[0]
