"""The "Appliance configuration contract" of terraform/README.md lists exactly the keys the modules write (the boot
helper, packer/files/render-appliance-env, reads them by that table, under the tag and metadata names the modules
write), and those keys are only names from the README's configuration table or the ones the contract marks as
resolved at boot."""
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


RENDER_SCRIPT = REPO / "packer/files/render-appliance-env"


def test_the_boot_helper_reads_the_names_the_modules_write():
    """Grep level: the tag and metadata names of the modules are the ones render-appliance-env reads (its behaviour
    against fake clouds: tests/infra/packer/test_render_appliance_env.py), and it resolves every *boot* key."""
    script = RENDER_SCRIPT.read_text()
    boot_tags = {}
    for entry in hclcheck.load(MODULES["aws"] / "config.tf").get("locals", []):
        boot_tags.update({hclcheck.unquote(key): value for key, value in entry.get("boot_tags", {}).items()})
    assert list(boot_tags) == ["flotilla:config-ssm-path"]
    assert "meta-data/tags/instance/flotilla:config-ssm-path" in script
    appliance = (MODULES["aws"] / "appliance.tf").read_text()
    assert re.search(r'instance_metadata_tags\s*=\s*"enabled"', appliance), "IMDS cannot read the instance's tags"

    metadata = next(str(entry["config_metadata"]) for entry in hclcheck.load(MODULES["gcp"] / "config.tf")["locals"]
                    if "config_metadata" in entry)
    assert '"flotilla-config-${key}" => value' in metadata and "flotilla-config-keys =" in metadata
    assert 'attributes/flotilla-config-keys' in script and '"attributes/flotilla-config-$key"' in script

    boot_keys = {key for key, cells in contract_rows().items() if "*boot*" in cells[2]}
    assert boot_keys == {"FLOTILLA_DATABASE_PASSWORD_SECRET_ARN", "FLOTILLA_DATABASE_PASSWORD_SECRET",
                         "FLOTILLA_LOG_GROUP"}
    for key in boot_keys:
        assert re.search(rf"^\s*{key}\) \w+=\$2 ;;$", script, re.M), f"render-appliance-env does not resolve {key}"
