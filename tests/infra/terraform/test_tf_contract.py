"""The "Appliance configuration contract" of terraform/README.md lists exactly the keys the modules write (the boot
helper, packer/files/render-appliance-env, reads them by that table), and those keys are only names from the
README's configuration table or the ones the contract marks as resolved at boot."""
from __future__ import annotations

import re

import hclcheck
from tfmodules import MODULES, REPO, TERRAFORM

CONTRACT_HEADING = "## Appliance configuration contract"
KEY = re.compile(r"^(FLOTILLA_[A-Z0-9_]+)$")


def contract_rows() -> dict[str, list[str]]:
    """key → the row's cells, from the contract's table."""
    text = (TERRAFORM / "README.md").read_text()
    section = text[text.index(CONTRACT_HEADING):]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and KEY.match(cells[0]):
            rows[cells[0]] = cells[1:]
    return rows


def written_keys(module: str) -> set[str]:
    """Every FLOTILLA_* key of the module's configuration locals (config and vault_config)."""
    keys = set()
    for name in ("config.tf", "vault.tf"):
        for entry in hclcheck.load(MODULES[module] / name).get("locals", []):
            for local in ("config", "vault_config"):
                keys |= set(re.findall(r"\b(FLOTILLA_[A-Z0-9_]+)\b", str(entry.get(local, ""))))
    return keys


def test_contract_lists_exactly_the_keys_each_module_writes():
    rows = contract_rows()
    for module, column in (("aws", 0), ("gcp", 1)):
        documented = {key for key, cells in rows.items() if cells[column]}
        assert written_keys(module) == documented, module


def test_keys_are_configuration_settings_or_resolved_at_boot():
    readme = (REPO / "README.md").read_text()
    settings = set(re.findall(r"^\| `(FLOTILLA_[A-Z0-9_]+)` \|", readme, re.M))
    assert "FLOTILLA_DATABASE_URL" in settings
    for key, cells in contract_rows().items():
        boot = "*boot*" in cells[2]
        # the CodeBuild role of software environment builds is named here until its setting lands
        pending = key == "FLOTILLA_AWS_BUILD_SERVICE_ROLE_ARN"
        assert boot or pending or key in settings, key


def test_no_secret_is_written_as_configuration():
    for module in MODULES:
        for key in written_keys(module):
            assert not re.search(r"PASSWORD$|TOKEN$|SECRET_ID$|ROLE_ID$", key), (module, key)
