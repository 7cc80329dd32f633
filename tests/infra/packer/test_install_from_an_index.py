"""install.sh really installs, from a package index (the default, without a wheelhouse): in a scratch root
(unshare + overlays, as the VM player does) it reads the runtime manifest from a fake appliance (bearer token, as
GET /api/v1/agent/runtime serves it: index-url and index-auth lines, files with their SHA-256), fetches uv from a
PEP 503 simple index by its pinned version and SHA-256, builds /opt/flotilla/venv with the pinned runtime and the
flotilla wheel, creates the user and writes the unit; the venv imports the agent. The index is a private one built
from the test environment's pip cache: it answers only with HTTP Basic credentials, which install.sh takes from the
manifest and never prints."""
from __future__ import annotations

import base64
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from functools import partial

import pytest

SCRATCH_ROOT = r'''
set -euo pipefail
scratch=$1; appliance=$2; token=$3; script=$4; shim=$5
for dir in etc opt var/lib root; do
    layer=$scratch/layers/${dir//\//-}
    mkdir -p "$layer/upper" "$layer/work"
    mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layer/upper,workdir=$layer/work" "/$dir"
done
mount -t tmpfs -o mode=0755 tmpfs /run
install -d /run/flotilla-vm/bin && install -m 0755 "$shim" /run/flotilla-vm/bin/systemctl
install -d -m 0700 /run/flotilla
printf 'FLOTILLA_AGENT_URL=%s\nFLOTILLA_AGENT_TOKEN=%s\n' "$appliance" "$token" >/run/flotilla/agent.env
export PATH=/run/flotilla-vm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
env -i PATH="$PATH" HOME=/root bash "$script" --no-start
/opt/flotilla/venv/bin/python -c "import flotilla.agent, distributed, numpy, boto3, watchtower; print('IMPORTS-OK')"
id flotilla
test -f /etc/systemd/system/flotilla-agent.service && echo UNIT-OK
/opt/flotilla/bin/uv --version
'''


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


USER = "builder"
PASSWORD = f"canary-Pw-{uuid.uuid4()}"
TOKEN = f"fbt_{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def wheels(tmp_path_factory, repo):
    """The wheels of the pinned runtime, the AWS extras and uv, from the test environment's pip cache."""
    wheels = tmp_path_factory.mktemp("index") / "wheels"
    uv_version = re.search(r"^UV_VERSION=(\S+)$", (repo / "app/src/main/resources/agent/install.sh").read_text(), re.M)[1]
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(wheels),
                    "-r", str(repo / "app/src/main/resources/runtime/requirements.txt"),
                    "-r", str(repo / "app/src/main/resources/agent/requirements-aws.txt"), f"uv=={uv_version}"],
                   check=True, timeout=600)
    return wheels


def simple_index(wheels, root, without=()) -> None:
    """PEP 503 pages under root/<root name>/ for every project of wheels except those named in without."""
    projects: dict[str, list[str]] = {}
    for wheel in sorted(wheels.iterdir()):
        projects.setdefault(normalise(wheel.name.split("-")[0]), []).append(wheel.name)
    for project, files in projects.items():
        if project in without:
            continue
        page = root / project / "index.html"
        page.parent.mkdir(parents=True)
        links = "".join(f'<a href="../../wheels/{f}#sha256={hashlib.sha256((wheels / f).read_bytes()).hexdigest()}">{f}</a>\n'
                        for f in files)
        page.write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")


@pytest.fixture(scope="module")
def index(wheels):
    """Served on loopback, wanting Basic USER:PASSWORD on every request: /simple, a private index with every
    project; /partial, one without uv and numpy. Yields the server's URL."""
    simple_index(wheels, wheels.parent / "simple")
    simple_index(wheels, wheels.parent / "partial", without=("uv", "numpy"))
    with serving(partial(PrivateIndexHandler, directory=str(wheels.parent))) as url:
        yield url


@pytest.fixture(scope="module")
def public_index(wheels, index):
    """The same /simple index on another loopback server, open to all (the appliance's index-url)."""
    with serving(partial(QuietHandler, directory=str(wheels.parent))) as url:
        yield f"{url}/simple"


class serving:
    """An HTTP server on loopback in a thread, for a with block."""

    def __init__(self, handler):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class PrivateIndexHandler(QuietHandler):
    EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def send_head(self):
        if self.headers.get("Authorization") != self.EXPECTED:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="private"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()


def appliance_handler(dist, manifest: str):
    """GET /api/v1/agent/runtime (the manifest) and /api/v1/agent/runtime/<name>, for the bearer TOKEN only."""

    class Appliance(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            prefix = "/api/v1/agent/runtime"
            name = self.path[len(prefix) + 1:] if self.path.startswith(prefix + "/") else None
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                body, code = b"refused", 401
            elif self.path == prefix:
                body, code = manifest.encode(), 200
            elif name and "/" not in name and (dist / name).is_file():
                body, code = (dist / name).read_bytes(), 200
            else:
                body, code = b"not found", 404
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Appliance


def manifest_for(dist, index: str, auth: str | None, fallback: str) -> str:
    lines = ["# as GET /api/v1/agent/runtime serves it", f"index-url {index}"]
    if auth is not None:
        lines.append(f"index-auth {auth}")
    lines.append(f"fallback-index-url {fallback}")
    lines += [f"file {hashlib.sha256(f.read_bytes()).hexdigest()} {f.name}" for f in sorted(dist.iterdir())]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def dist(tmp_path_factory, repo):
    """The runtime files the appliance serves: requirements, the unit, the flotilla wheel."""
    dist = tmp_path_factory.mktemp("dist")
    resources = repo / "app/src/main/resources"
    shutil.copy(resources / "runtime/requirements.txt", dist)
    shutil.copy(resources / "agent/requirements-aws.txt", dist)
    shutil.copy(repo / "packer/files/flotilla-agent.service", dist)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
                    str(repo / "client")], check=True, timeout=300, cwd=tmp_path_factory.mktemp("wheel"))
    assert len(list(dist.glob("flotilla-*.whl"))) == 1
    return dist


AUTH = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
NOWHERE = "http://127.0.0.1:9/simple"  # a fallback index that does not answer


def install(repo, tmp_path, dist, index: str, auth: str | None, fallback: str) -> subprocess.CompletedProcess:
    if os.geteuid() != 0:
        pytest.fail("this test makes a scratch root with unshare and overlay mounts: run it as root (as CI does)")
    with serving(appliance_handler(dist, manifest_for(dist, index, auth, fallback))) as appliance:
        return subprocess.run(["unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", SCRATCH_ROOT,
                               "scratch-root", str(tmp_path / "scratch"), appliance, TOKEN,
                               str(repo / "app/src/main/resources/agent/install.sh"),
                               str(repo / "app/src/test/resources/vm/systemctl")],
                              capture_output=True, text=True, timeout=900)


def test_without_the_manifests_credentials_the_private_index_refuses(index, repo, tmp_path, dist):
    result = install(repo, tmp_path, dist, f"{index}/simple", None, NOWHERE)
    assert result.returncode != 0
    assert "IMPORTS-OK" not in result.stdout
    assert "401" in result.stderr, result.stderr


def test_install_sh_installs_the_agent_from_a_private_index_with_the_manifests_credentials(index, repo, tmp_path, dist):
    result = install(repo, tmp_path, dist, f"{index}/simple", AUTH, NOWHERE)
    assert_installed(result, tmp_path)


def test_what_the_private_index_lacks_comes_from_the_fallback_index(index, public_index, repo, tmp_path, dist):
    result = install(repo, tmp_path, dist, f"{index}/partial", AUTH, public_index)
    assert "trying" in result.stderr, result.stderr  # uv's wheel came from the fallback
    assert_installed(result, tmp_path)


def assert_installed(result, tmp_path):
    assert result.returncode == 0, result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert AUTH not in result.stdout + result.stderr
    assert "IMPORTS-OK" in result.stdout
    assert "UNIT-OK" in result.stdout
    assert "uid=" in result.stdout and "(flotilla)" in result.stdout
    assert "uv 0." in result.stdout
    assert not (tmp_path / "scratch/layers/etc/upper/systemd/system/flotilla-agent.service").is_symlink()
    assert (tmp_path / "scratch/layers/etc/upper/systemd/system/flotilla-agent.service").is_file(), \
        "the unit went to the scratch root, not to this machine's /etc"
