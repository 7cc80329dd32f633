"""install.sh really installs, from a package index (the default, without a wheelhouse): in a scratch root
(unshare + overlays, as the VM player does) it fetches uv from a PEP 503 simple index by its pinned version and
SHA-256, builds /opt/flotilla/venv with the pinned runtime and the flotilla wheel, creates the user and writes the
unit; the venv imports the agent. The index is a local one built from the test environment's pip cache."""
from __future__ import annotations

import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial

import pytest

SCRATCH_ROOT = r'''
set -euo pipefail
scratch=$1; dist=$2; index=$3; script=$4; shim=$5
for dir in etc opt var/lib root; do
    layer=$scratch/layers/${dir//\//-}
    mkdir -p "$layer/upper" "$layer/work"
    mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layer/upper,workdir=$layer/work" "/$dir"
done
mount -t tmpfs -o mode=0755 tmpfs /run
install -d /run/flotilla-vm/bin && install -m 0755 "$shim" /run/flotilla-vm/bin/systemctl
export PATH=/run/flotilla-vm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
env -i PATH="$PATH" HOME=/root bash "$script" --from "$dist" --no-start --index-url "$index"
/opt/flotilla/venv/bin/python -c "import flotilla.agent, distributed, numpy, boto3, watchtower; print('IMPORTS-OK')"
id flotilla
test -f /etc/systemd/system/flotilla-agent.service && echo UNIT-OK
/opt/flotilla/bin/uv --version
'''


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def index(tmp_path_factory, repo):
    """A simple index of the pinned runtime, the AWS extras and uv, served over HTTP on loopback."""
    root = tmp_path_factory.mktemp("index")
    wheels = root / "wheels"
    uv_version = re.search(r"^UV_VERSION=(\S+)$", (repo / "app/src/main/resources/agent/install.sh").read_text(), re.M)[1]
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(wheels),
                    "-r", str(repo / "app/src/main/resources/runtime/requirements.txt"),
                    "-r", str(repo / "app/src/main/resources/agent/requirements-aws.txt"), f"uv=={uv_version}"],
                   check=True, timeout=600)
    projects: dict[str, list[str]] = {}
    for wheel in sorted(wheels.iterdir()):
        projects.setdefault(normalise(wheel.name.split("-")[0]), []).append(wheel.name)
    for project, files in projects.items():
        page = root / "simple" / project / "index.html"
        page.parent.mkdir(parents=True)
        links = "".join(f'<a href="../../wheels/{f}#sha256={hashlib.sha256((wheels / f).read_bytes()).hexdigest()}">{f}</a>\n'
                        for f in files)
        page.write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/simple"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_install_sh_installs_the_agent_from_an_index(index, repo, tmp_path):
    if os.geteuid() != 0:
        pytest.fail("this test makes a scratch root with unshare and overlay mounts: run it as root (as CI does)")
    dist = tmp_path / "dist"
    dist.mkdir()
    resources = repo / "app/src/main/resources"
    shutil.copy(resources / "runtime/requirements.txt", dist)
    shutil.copy(resources / "agent/requirements-aws.txt", dist)
    shutil.copy(repo / "packer/files/flotilla-agent.service", dist)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
                    str(repo / "client")], check=True, timeout=300, cwd=tmp_path)
    assert len(list(dist.glob("flotilla-*.whl"))) == 1
    result = subprocess.run(["unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", SCRATCH_ROOT,
                             "scratch-root", str(tmp_path / "scratch"), str(dist), index,
                             str(resources / "agent/install.sh"), str(repo / "app/src/test/resources/vm/systemctl")],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "IMPORTS-OK" in result.stdout
    assert "UNIT-OK" in result.stdout
    assert "uid=" in result.stdout and "(flotilla)" in result.stdout
    assert "uv 0." in result.stdout
    assert not (tmp_path / "scratch/layers/etc/upper/systemd/system/flotilla-agent.service").is_symlink()
    assert (tmp_path / "scratch/layers/etc/upper/systemd/system/flotilla-agent.service").is_file(), \
        "the unit went to the scratch root, not to this machine's /etc"
