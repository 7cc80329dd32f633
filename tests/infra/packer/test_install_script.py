"""install.sh (one script, two uses): bash -n, shellcheck, and its OS branches against fake os-release files."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

OS_RELEASES = {
    "al2023": 'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\n',
    "debian12": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
    "ubuntu2404": 'PRETTY_NAME="Ubuntu 24.04 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n',
}


@pytest.fixture
def script(repo):
    return repo / "app/src/main/resources/agent/install.sh"


def plan(script, tmp_path, os_release: str, *options):
    path = tmp_path / "os-release"
    path.write_text(os_release)
    env = dict(os.environ, FLOTILLA_OS_RELEASE=str(path))
    return subprocess.run(["bash", str(script), "--print-plan", *options], env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("path", ["app/src/main/resources/agent/install.sh", "packer/files/render-appliance-env"])
def test_scripts_parse_and_pass_shellcheck(repo, path):
    assert subprocess.run(["bash", "-n", str(repo / path)], capture_output=True).returncode == 0
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is not installed (bin/run-tests installs it: apt-get install -y shellcheck)"
    result = subprocess.run([shellcheck, str(repo / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("os_id,manager,python,base,docker", [
    ("al2023", "dnf", "python3.11", "python3.11 curl-minimal tar shadow-utils", "docker"),
    ("debian12", "apt", "python3", "python3 curl ca-certificates passwd", "docker.io"),
    ("ubuntu2404", "apt", "python3", "python3 curl ca-certificates passwd", "docker.io"),
])
def test_each_supported_os_gets_its_own_packages(script, tmp_path, os_id, manager, python, base, docker):
    result = plan(script, tmp_path, OS_RELEASES[os_id], "--container-runtime", "docker")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"os {os_id}" in lines
    assert f"python {python}" in lines
    assert f"{manager} install {base}" in lines
    assert f"{manager} install {docker}" in lines
    assert "run systemctl enable docker.service" in lines
    assert not any("nvidia" in line or "cuda" in line for line in lines)


@pytest.mark.parametrize("os_id,expected", [
    ("al2023", "run dnf module install -y -q nvidia-driver:550-dkms"),
    ("debian12", "repos/debian12/x86_64/cuda-keyring_1.1-1_all.deb"),
    ("ubuntu2404", "repos/ubuntu2404/x86_64/cuda-keyring_1.1-1_all.deb"),
])
def test_the_gpu_variant_installs_the_nvidia_driver_from_nvidias_repository(script, tmp_path, os_id, expected):
    result = plan(script, tmp_path, OS_RELEASES[os_id], "--nvidia-driver", "550", "--container-runtime", "podman")
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert "install podman" in result.stdout
    if os_id != "al2023":
        assert "cuda-drivers-550" in result.stdout


def test_an_unsupported_os_is_refused_by_name(script, tmp_path):
    result = plan(script, tmp_path, 'ID=fedora\nVERSION_ID=40\n')
    assert result.returncode == 1
    assert "unsupported operating system 'fedora 40'" in result.stderr
    assert "Amazon Linux 2023, Debian 12, Ubuntu 24.04" in result.stderr


@pytest.mark.parametrize("options,message", [
    (["--container-runtime", "lxc"], "--container-runtime is none, docker or podman"),
    (["--nvidia-driver", "latest; reboot"], "--nvidia-driver is none or a driver branch"),
    (["--frobnicate"], "unknown option --frobnicate"),
])
def test_bad_options_are_refused(script, tmp_path, options, message):
    result = plan(script, tmp_path, OS_RELEASES["debian12"], *options)
    assert result.returncode != 0
    assert message in result.stderr


def test_missing_runtime_files_are_refused_before_anything_is_installed(script, tmp_path):
    if os.geteuid() != 0:
        pytest.fail("the install tests run as root (as CI does)")
    # --from a directory lacking the runtime files: refused before anything is installed
    empty = tmp_path / "empty"
    empty.mkdir()
    env = dict(os.environ, FLOTILLA_OS_RELEASE="/etc/os-release")
    result = subprocess.run(["bash", str(script), "--from", str(empty), "--no-start"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "the runtime files lack requirements.txt" in result.stderr
