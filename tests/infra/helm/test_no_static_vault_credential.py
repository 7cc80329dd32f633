"""No static Vault credential is configured anywhere in the chart or the Terraform modules: they log in with the
pods' / instances' own identity (Kubernetes, AWS IAM, GCP auth)."""

import re
from pathlib import Path

import pytest

from chart_rendering import CHART, REPO, SCENARIOS, of_kind

# the chart and, once merged, the Terraform modules and the Packer templates (the appliance image's env file)
SCANNED = [REPO / "helm", REPO / "terraform", REPO / "packer"]
TEXT_SUFFIXES = {".yaml", ".yml", ".tpl", ".txt", ".json", ".tf", ".tfvars", ".hcl", ".md", ".env", ".example", ""}
STATIC_CREDENTIAL = [
    # a Vault token literal (service / batch / recovery token formats)
    re.compile(r"\bhv[sbr]\.[A-Za-z0-9_-]{20,}"),
    # token or AppRole ids given a quoted literal: vault_token = "...", secret_id: "...", FLOTILLA_VAULT_TOKEN: "..."
    re.compile(r"(?i)\b(flotilla_vault_token|vault_token|flotilla_vault_secret_id|vault_secret_id|secret_id|"
               r"flotilla_vault_role_id|vault_role_id|role_id)\b[\"']?\s*[:=]\s*[\"'](?!\$\{)(?!\{\{)[^\"'\s]{6,}[\"']"),
    # an env-file assignment: FLOTILLA_VAULT_TOKEN=... (not a reference to another variable)
    re.compile(r"(?m)^\s*(export\s+)?FLOTILLA_VAULT_(TOKEN|SECRET_ID|ROLE_ID)=(?![\"']?\$)\S+"),
]


def static_credentials(text: str) -> list[str]:
    return [m.group(0) for pattern in STATIC_CREDENTIAL for m in pattern.finditer(text)]


def scanned_files() -> list[Path]:
    return [p for root in SCANNED if root.exists() for p in root.rglob("*")
            if p.is_file() and (p.suffix in TEXT_SUFFIXES or p.name.endswith(".env.example"))]


def test_the_scanner_finds_static_credentials():
    assert static_credentials('vault_token = "hvs.CAESIJ1234567890abcdefghij"')
    assert static_credentials("FLOTILLA_VAULT_TOKEN=s3cr3t-token-value")
    assert static_credentials('  secret_id: "5b7c0b4e-2d7e-4b7e-9c1f-0d6a2b1f3e4d"')
    assert not static_credentials("secret_id = var.vault_secret_id")
    assert not static_credentials("role_id = aws_iam_role.appliance.id")
    assert not static_credentials('FLOTILLA_VAULT_SECRET_ID="${SECRET_ID}"')
    assert not static_credentials('FLOTILLA_VAULT_AUTH_METHOD: "kubernetes"')


def test_no_static_vault_credential_in_the_chart_or_the_modules():
    files = scanned_files()
    assert any(p.is_relative_to(CHART) for p in files)
    found = {str(p.relative_to(REPO)): hits for p in files if (hits := static_credentials(p.read_text(errors="replace")))}
    assert found == {}


def test_no_token_auth_anywhere_in_the_chart():
    for path in CHART.rglob("*"):
        if path.is_file():
            assert "FLOTILLA_VAULT_TOKEN" not in path.read_text(errors="replace"), path


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_logs_in_to_vault_with_the_pods_identity(scenario, manifests):
    configmap = of_kind(manifests[scenario], "ConfigMap")[0]["data"]
    assert configmap["FLOTILLA_VAULT_AUTH_METHOD"] in {"kubernetes", "aws"}
    env = {e["name"] for d in of_kind(manifests[scenario], "Deployment")
           for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert not env & {"FLOTILLA_VAULT_TOKEN", "FLOTILLA_VAULT_ROLE_ID", "FLOTILLA_VAULT_SECRET_ID"}
