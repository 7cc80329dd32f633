"""packer/files/render-appliance-env, the real script, against fake clouds: an IMDSv2 server and an `aws` executable
that answers like the CLI (EC2), a GCE metadata server and a Secret Manager endpoint (GCE). The keys are the
"Appliance configuration contract" of terraform/README.md, so the script is checked against what Terraform writes."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "packer/files/render-appliance-env"
PASSWORD = "pa$$ \"w\\o`rd' #1"
BOOT_KEYS = {"FLOTILLA_DATABASE_PASSWORD_SECRET_ARN", "FLOTILLA_DATABASE_PASSWORD_SECRET", "FLOTILLA_LOG_GROUP"}
SECRET_ARN = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:rds!db-1234-AbCdEf"
GCP_SECRET = "projects/my-project/secrets/flotilla-db/versions/latest"
ACCESS_TOKEN = "ya29.fake-access-token"


def contract_keys(column: int) -> list[str]:
    """Keys of the contract table with a non-empty AWS (0) or GCP (1) cell."""
    text = (REPO / "terraform/README.md").read_text()
    section = text[text.index("## Appliance configuration contract"):]
    keys = []
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"FLOTILLA_[A-Z0-9_]+", cells[0]) and cells[1 + column]:
            keys.append(cells[0])
    assert len(keys) > 5, "the contract table was not found"
    return keys


def contract_values(column: int) -> dict[str, str]:
    values = {key: f"value of {key} with spaces" for key in contract_keys(column)}
    values.pop("FLOTILLA_DATABASE_PASSWORD_SECRET_ARN", None)
    values.pop("FLOTILLA_DATABASE_PASSWORD_SECRET", None)
    if "FLOTILLA_LOG_GROUP" in values:
        values["FLOTILLA_LOG_GROUP"] = "/flotilla/test-appliance"
    return values


def read_env_file(path) -> dict[str, str]:
    """KEY="value" lines the way systemd reads them (in double quotes, \\ escapes one of \\ " ` $)."""
    env = {}
    for line in path.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        key, quoted = line.split("=", 1)
        assert quoted.startswith('"') and quoted.endswith('"'), line
        env[key] = re.sub(r'\\([\\"`$])', r"\1", quoted[1:-1])
    return env


class FakeServer:
    """A local HTTP server answering GET/PUT from a handler function (method, path, headers) -> (status, body)."""

    def __init__(self, answer):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self):
                status, body = answer(self.command, self.path, self.headers)
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                outer.requests.append((self.command, self.path))

            do_GET = do_PUT = _reply

            def log_message(self, *args):
                pass

        self.requests: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def servers():
    started = []

    def start(answer):
        server = FakeServer(answer)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def refused_url():
    """A port that refuses connections (bound, not listening) for as long as the test runs."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def cw_config(tmp_path):
    path = tmp_path / "amazon-cloudwatch-agent.json"
    shutil.copy(REPO / "packer/files/amazon-cloudwatch-agent.json", path)
    path.chmod(0o644)
    return path


FAKE_AWS = r'''
import json, os, sys
args = sys.argv[1:]
state = json.load(open(os.environ["FAKE_AWS_STATE"]))
with open(os.environ["FAKE_AWS_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
def option(name):
    return args[args.index(name) + 1]
assert option("--output") == "text" and option("--region") == state["region"], args
if args[:2] == ["ssm", "get-parameters-by-path"]:
    assert option("--query") == "Parameters[].[Name,Value]", args
    path = option("--path")
    for name, value in state["parameters"].items():
        if name.startswith(path):
            print(name + "\t" + value)
elif args[:2] == ["secretsmanager", "get-secret-value"]:
    assert option("--query") == "SecretString", args
    if option("--secret-id") not in state["secrets"]:
        sys.stderr.write("An error occurred (AccessDeniedException) when calling the GetSecretValue operation\n")
        sys.exit(254)
    print(state["secrets"][option("--secret-id")])
else:
    sys.stderr.write("fake aws: unexpected command %r\n" % args)
    sys.exit(252)
'''


def run(tmp_path, env_vars, path_prefix=None):
    target = tmp_path / "appliance.env"
    env = dict(os.environ, **env_vars)
    if path_prefix:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
    result = subprocess.run(["bash", str(SCRIPT), str(target)], env=env, capture_output=True, text=True, timeout=120)
    return result, target


def ec2(tmp_path, servers, refused_url, cw_config, secrets):
    ssm_path = "/flotilla/test/"
    values = contract_values(0)
    parameters = {ssm_path + key: value for key, value in values.items()}
    parameters[ssm_path + "FLOTILLA_DATABASE_PASSWORD_SECRET_ARN"] = SECRET_ARN
    parameters[ssm_path + "not-a-key"] = "ignored"
    parameters["/flotilla/other/FLOTILLA_PUBLIC_URL"] = "https://not-this-one"
    tags = {"flotilla:config-ssm-path": ssm_path, "Name": "test-appliance"}

    def imds(method, path, headers):
        if method == "PUT":
            ok = path == "/latest/api/token" and headers["X-aws-ec2-metadata-token-ttl-seconds"]
            return (200, "imds-token") if ok else (403, "")
        if headers.get("X-aws-ec2-metadata-token") != "imds-token":
            return 401, ""
        if path == "/latest/meta-data/placement/region":
            return 200, "eu-west-3"
        if path == "/latest/meta-data/tags/instance":
            return 200, "\n".join(tags)
        prefix = "/latest/meta-data/tags/instance/"
        if path.startswith(prefix) and path[len(prefix):] in tags:
            return 200, tags[path[len(prefix):]]
        return 404, ""

    server = servers(imds)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(f"#!{sys.executable}\n{FAKE_AWS}")
    (bin_dir / "aws").chmod(0o755)
    (tmp_path / "aws-state.json").write_text(json.dumps(
        {"region": "eu-west-3", "parameters": parameters, "secrets": secrets}))
    result, target = run(tmp_path, {
        "FLOTILLA_RENDER_IMDS_URL": server.url,
        "FLOTILLA_RENDER_GCE_METADATA_URL": refused_url,
        "FLOTILLA_RENDER_CLOUDWATCH_AGENT_CONFIG": str(cw_config),
        "FAKE_AWS_STATE": str(tmp_path / "aws-state.json"),
        "FAKE_AWS_LOG": str(tmp_path / "aws-argv.log"),
    }, path_prefix=bin_dir)
    argv = [json.loads(line) for line in (tmp_path / "aws-argv.log").read_text().splitlines()]
    return result, target, values, argv


def test_ec2_renders_the_ssm_parameters_and_resolves_the_boot_keys(tmp_path, servers, refused_url, cw_config):
    secret = json.dumps({"username": "flotilla", "password": PASSWORD})
    result, target, values, argv = ec2(tmp_path, servers, refused_url, cw_config, {SECRET_ARN: secret})
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    env = read_env_file(target)
    expected = {key: value for key, value in values.items() if key not in BOOT_KEYS}
    assert env == {**expected, "FLOTILLA_DATABASE_PASSWORD": PASSWORD}
    assert "FLOTILLA_AWS_REGION" in env and "FLOTILLA_DATABASE_URL" in env
    assert "skipped not-a-key" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert not any(PASSWORD in arg for call in argv for arg in call)
    assert [call[:2] for call in argv] == [["ssm", "get-parameters-by-path"], ["secretsmanager", "get-secret-value"]]
    assert argv[0][argv[0].index("--path") + 1] == "/flotilla/test/"
    assert argv[1][argv[1].index("--secret-id") + 1] == SECRET_ARN
    config = json.loads(cw_config.read_text())
    collected = config["logs"]["logs_collected"]["files"]["collect_list"]
    assert [entry["log_group_name"] for entry in collected] == ["/flotilla/test-appliance"]
    assert collected[0]["file_path"] == "/var/log/flotilla/appliance.log"
    assert stat.S_IMODE(cw_config.stat().st_mode) == 0o644


def test_ec2_secret_that_cannot_be_read_fails_the_unit_but_writes_the_rest(tmp_path, servers, refused_url, cw_config):
    result, target, values, _ = ec2(tmp_path, servers, refused_url, cw_config, {})
    assert result.returncode == 1
    assert "could not read the database password" in result.stderr and "AccessDeniedException" in result.stderr
    env = read_env_file(target)
    assert "FLOTILLA_DATABASE_PASSWORD" not in env
    assert env["FLOTILLA_DATABASE_URL"] == values["FLOTILLA_DATABASE_URL"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_gce_renders_the_metadata_and_reads_the_password_from_secret_manager(tmp_path, servers, refused_url, cw_config):
    values = contract_values(1)
    attributes = {f"flotilla-config-{key}": value for key, value in values.items()}
    attributes["flotilla-config-FLOTILLA_DATABASE_PASSWORD_SECRET"] = GCP_SECRET
    attributes["flotilla-config-bad-key"] = "ignored"
    attributes["flotilla-config-keys"] = ",".join([*values, "FLOTILLA_DATABASE_PASSWORD_SECRET", "bad-key"])
    attributes["startup-script"] = "#!/bin/sh\necho FLOTILLA_NOT_A_SETTING"

    def metadata(method, path, headers):
        if method != "GET" or headers.get("Metadata-Flavor") != "Google":
            return 403, ""
        if path == "/instance/id":
            return 200, "1234567890"
        if path == "/instance/service-accounts/default/token":
            return 200, json.dumps({"access_token": ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"})
        prefix = "/instance/attributes/"
        if path.startswith(prefix) and path[len(prefix):] in attributes:
            return 200, attributes[path[len(prefix):]]
        return 404, ""

    def secret_manager(method, path, headers):
        if headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            return 401, json.dumps({"error": {"code": 401}})
        if method == "GET" and path == f"/v1/{GCP_SECRET}:access":
            data = base64.b64encode(PASSWORD.encode()).decode()
            return 200, json.dumps({"name": GCP_SECRET.replace("latest", "3"), "payload": {"data": data}})
        return 404, ""

    metadata_server, secrets_server = servers(metadata), servers(secret_manager)
    result, target = run(tmp_path, {
        "FLOTILLA_RENDER_IMDS_URL": refused_url,
        "FLOTILLA_RENDER_GCE_METADATA_URL": metadata_server.url,
        "FLOTILLA_RENDER_SECRET_MANAGER_URL": secrets_server.url + "/v1",
        "FLOTILLA_RENDER_CLOUDWATCH_AGENT_CONFIG": str(cw_config),
    })
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_env_file(target) == {**values, "FLOTILLA_DATABASE_PASSWORD": PASSWORD}
    assert "skipped bad-key" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr and ACCESS_TOKEN not in result.stdout + result.stderr
    assert ("GET", f"/v1/{GCP_SECRET}:access") in secrets_server.requests
    assert ("GET", "/instance/attributes/flotilla-config-bad-key") not in metadata_server.requests
    assert cw_config.read_text() == (REPO / "packer/files/amazon-cloudwatch-agent.json").read_text()


def test_no_metadata_server_leaves_only_the_header(tmp_path, refused_url):
    result, target = run(tmp_path, {
        "FLOTILLA_RENDER_IMDS_URL": refused_url,
        "FLOTILLA_RENDER_GCE_METADATA_URL": refused_url,
        "FLOTILLA_RENDER_CLOUDWATCH_AGENT_CONFIG": str(tmp_path / "absent.json"),
    })
    assert result.returncode == 0, result.stderr
    assert "neither EC2 nor GCE instance metadata answered" in result.stderr
    lines = target.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("# Rendered by render-appliance-env")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["appliance.env"]
