"""Shared fixtures: an isolated config, and a fake appliance that runs real Dask processes."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.fake.appliance import USER_TOKEN, WORKSPACE, FakeAppliance


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """Never read or write the real ~/.config/flotilla; no FLOTILLA_* or AWS settings leak in from outside."""
    for var in ("FLOTILLA_URL", "FLOTILLA_TOKEN", "FLOTILLA_WORKSPACE", "FLOTILLA_AGENT_URL", "FLOTILLA_AGENT_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    for var in [v for v in os.environ if v.startswith("AWS_")]:
        monkeypatch.delenv(var)  # no AWS session of the machine running the tests
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    path = tmp_path / "flotilla-config" / "config.yaml"
    monkeypatch.setenv("FLOTILLA_CONFIG", str(path))
    return path


@pytest.fixture(scope="module")
def appliance(tmp_path_factory):
    fake = FakeAppliance(str(tmp_path_factory.mktemp("appliance"))).start()
    yield fake
    fake.shutdown()


@pytest.fixture
def logged_in(appliance, monkeypatch):
    """The environment of a user who ran `flotilla login` against the fake appliance."""
    monkeypatch.setenv("FLOTILLA_URL", appliance.url)
    monkeypatch.setenv("FLOTILLA_TOKEN", USER_TOKEN)
    monkeypatch.setenv("FLOTILLA_WORKSPACE", WORKSPACE)
    return appliance


@pytest.fixture(scope="module")
def moto_url():
    """A real AWS API server (moto) on a free local port for the module's tests; its URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def wait_until(predicate, timeout: float = 60, message: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt("SIGTERM")  # let pytest run fixture teardown, which kills the Dask processes


signal.signal(signal.SIGTERM, _stop_on_sigterm)
