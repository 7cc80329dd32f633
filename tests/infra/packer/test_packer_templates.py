"""Every Packer template passes `packer validate` (syntax-only, then full with its variables), and a typo fails it."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

TEMPLATES = ["worker", "appliance"]


def packer() -> str:
    path = shutil.which("packer")
    assert path, "packer is not installed (bin/run-tests installs it: apt-get install -y packer)"
    return path


def validate(directory, *args):
    return subprocess.run([packer(), "validate", *args, "."], cwd=directory, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_passes_packer_validate(name, template_copy):
    directory = template_copy(name)
    syntax = validate(directory, "-syntax-only")
    assert syntax.returncode == 0, syntax.stdout + syntax.stderr
    full = validate(directory)
    assert full.returncode == 0, full.stdout + full.stderr


@pytest.mark.parametrize("variables", [
    ["-var", "nvidia_driver=550", "-var", "aws_instance_type=g5.xlarge"],
    ["-var", "container_runtime=podman", "-var", "aws_architecture=arm64", "-var", "aws_instance_type=c7g.large"],
    ["-var", "index_url=none", "-var", "wheelhouse_dir=WHEELHOUSE"],
])
def test_worker_variants_validate(variables, template_copy, tmp_path):
    directory = template_copy("worker")
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    (wheelhouse / "uv-0.13.9-py3-none-manylinux_2_17_x86_64.whl").write_bytes(b"dummy")
    result = validate(directory, *[v.replace("WHEELHOUSE", str(wheelhouse)) for v in variables])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_misspelt_argument_fails_validation(name, template_copy):
    directory = template_copy(name)
    template = directory / f"{name}.pkr.hcl"
    template.write_text(template.read_text().replace("instance_type = var.aws_instance_type",
                                                     "instance_typo = var.aws_instance_type", 1))
    result = validate(directory)
    assert result.returncode != 0
    assert "instance_typo" in result.stdout + result.stderr


@pytest.mark.parametrize("name", TEMPLATES)
def test_required_plugins_live_in_their_own_file(name, repo):
    directory = repo / "packer" / name
    plugins = (directory / "plugins.pkr.hcl").read_text()
    assert 'source  = "github.com/hashicorp/amazon"' in plugins
    assert 'source  = "github.com/hashicorp/googlecompute"' in plugins
    for other in directory.glob("*.pkr.hcl"):
        if other.name != "plugins.pkr.hcl":
            assert "required_plugins" not in other.read_text(), other
    template = (directory / f"{name}.pkr.hcl").read_text()
    assert 'source "amazon-ebs"' in template and 'source "googlecompute"' in template


def test_every_variable_has_a_type_and_a_description(repo):
    for variables in (repo / "packer").glob("*/variables.pkr.hcl"):
        blocks = re.findall(r'variable "([^"]+)" \{(.*?)\n\}', variables.read_text(), re.S)
        assert blocks, variables
        for name, body in blocks:
            assert re.search(r"^\s+type\s+=", body, re.M), f"{variables}: {name} has no type"
            assert re.search(r'^\s+description\s+=\s+"\S', body, re.M), f"{variables}: {name} has no description"


def test_the_worker_image_runs_the_same_install_script_as_a_stock_boot(repo):
    template = (repo / "packer/worker/worker.pkr.hcl").read_text()
    assert '"${local.resource}/agent/install.sh"' in template
    assert "install.sh --from /tmp/flotilla/files --no-start" in template
    assert "--container-runtime ${var.container_runtime} --nvidia-driver ${var.nvidia_driver}" in template
    assert '"${path.root}/../files/flotilla-agent.service"' in template


def test_the_agent_unit_is_one_file_served_and_baked(repo):
    baked = repo / "packer/files/flotilla-agent.service"
    served = repo / "app/src/main/resources/agent/flotilla-agent.service"
    assert baked.resolve() == served.resolve()
    unit = served.read_text()
    assert "EnvironmentFile=/run/flotilla/agent.env" in unit
    assert "ExecStart=/opt/flotilla/venv/bin/python -m flotilla.agent" in unit
    assert "User=flotilla" in unit
