"""The fake appliance's ``GET /api/v1/providers/aws/policies``: documents shaped like the real ones."""

from __future__ import annotations

import re

APPLIANCE_ID = "5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11"


def _document(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def aws_policies(query: dict) -> dict:
    """Fills the account and region into the ARNs; a bad account id raises ValueError (the appliance's 400)."""
    account, region = query.get("accountId") or "*", query.get("region") or "*"
    role = query.get("workerRole") or "flotilla-worker"
    if account != "*" and not re.fullmatch(r"\d{12}", account):
        raise ValueError("An AWS account id is 12 digits.")
    owned = {"StringEquals": {"aws:ResourceTag/flotilla:appliance": [APPLIANCE_ID]}}
    body = {
        "setup": _document({"Sid": "Ec2CreateVpcWithOwnerTag", "Effect": "Allow", "Action": ["ec2:CreateVpc"],
                            "Resource": [f"arn:aws:ec2:{region}:{account}:vpc/*"],
                            "Condition": {"StringEquals": {"aws:RequestTag/flotilla:appliance": [APPLIANCE_ID]}}}),
        "ongoing": _document({"Sid": "Ec2TerminateInstancesOnOwnedResources", "Effect": "Allow",
                              "Action": ["ec2:TerminateInstances"],
                              "Resource": [f"arn:aws:ec2:{region}:{account}:instance/*"], "Condition": owned}),
        "imageBuilds": _document({"Sid": "CodebuildStartBuildOnOwnedResources", "Effect": "Allow",
                                  "Action": ["codebuild:StartBuild"],
                                  "Resource": [f"arn:aws:codebuild:{region}:{account}:project/flotilla-*"],
                                  "Condition": owned}),
        "workerRole": _document({"Sid": "LogsCreateLogStream", "Effect": "Allow",
                                 "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                 "Resource": [f"arn:aws:logs:{region}:{account}:log-group:/flotilla/*"]}),
        "workerRoleTrust": _document({"Sid": "Ec2InstancesAssumeWorkerRole", "Effect": "Allow",
                                      "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole"]}),
        "applianceId": APPLIANCE_ID, "externalId": APPLIANCE_ID, "workerRoleName": role,
    }
    principal = query.get("principal") or (f"arn:aws:iam::{account}:root" if account != "*" else None)
    if principal:
        body["trust"] = _document({"Sid": "FlotillaApplianceAssumesRole", "Effect": "Allow",
                                   "Principal": {"AWS": principal}, "Action": ["sts:AssumeRole"],
                                   "Condition": {"StringEquals": {"sts:ExternalId": [APPLIANCE_ID]}}})
    return body

