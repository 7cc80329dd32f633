"""Data credentials go from the user's AWS session straight to the cluster, never through the appliance.

moto plays the user's AWS (STS and S3); the fake appliance starts real TLS Dask processes whose
environment has no AWS settings, so a worker can read from S3 only with what the client forwarded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import cloudpickle
import distributed
import pytest
import requests

import flotilla
from flotilla import data_credentials
from flotilla.credential_forwarding import AwsCredentialsPlugin, refresh_delay
from flotilla.data_credentials import ENVIRON_NAMES, AwsCredentials, DataCredentialsError
from tests.conftest import wait_until
from tests.fake.clusters import free_port

boto3 = pytest.importorskip("boto3")
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the Dask processes need not import this module

USER_KEY_ID, USER_SECRET = "AKIAUSERCANARY7Q2X", "user-secret-canary-9d41e0b7"
BUCKET, KEY, CONTENT = "flotilla-data", "input/hello.txt", "hello from the user's bucket"


@pytest.fixture(scope="module")
def moto_url():
    server = os.path.join(os.path.dirname(sys.executable), "moto_server")
    if not os.path.exists(server):
        pytest.skip("moto[server] is not installed")
    port = free_port()
    process = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), timeout=30, message="moto_server")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/moto-api/", timeout=1).status_code < 500
    except requests.ConnectionError:
        return False


@pytest.fixture
def aws_user(moto_url, logged_in, monkeypatch):
    """The user's local AWS session (this process only) with a bucket holding one object."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", USER_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", USER_SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=KEY, Body=CONTENT.encode())
    return moto_url


def aws_environ(dask_worker=None, dask_scheduler=None) -> dict:
    return {name: os.environ[name] for name in ENVIRON_NAMES if name in os.environ}


def read_object(endpoint: str) -> str:
    s3 = boto3.client("s3", endpoint_url=endpoint)  # credentials and region from the environment only
    return s3.get_object(Bucket=BUCKET, Key=KEY)["Body"].read().decode()


def assert_appliance_never_saw(appliance, *secrets: str) -> None:
    """Canary: no request body, cluster log line or file of the appliance contains a secret."""
    recorded = repr(appliance.requests) + repr([c.logs for c in appliance.clusters])
    for root, _, files in os.walk(appliance.workdir):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                recorded += f.read().decode(errors="replace")
    for secret in secrets:
        assert secret not in recorded


def test_credentials_none_sends_nothing_and_send_credentials_forwards(aws_user, logged_in):
    with flotilla.Cluster(n_workers=1, timeout=120, credentials=None) as cluster, \
            distributed.Client(cluster) as client:
        assert all(not env for env in client.run(aws_environ).values()), "workers start without AWS variables"
        assert client.run_on_scheduler(aws_environ) == {}
        with pytest.raises(Exception):
            client.submit(read_object, aws_user, pure=False).result(timeout=60)

        cluster.send_credentials()
        [worker_env] = client.run(aws_environ).values()
        assert worker_env["AWS_SESSION_TOKEN"] and worker_env["AWS_DEFAULT_REGION"] == "us-east-1"
        assert worker_env["AWS_ACCESS_KEY_ID"] != USER_KEY_ID, "an STS session token, not the user's own keys"
        assert client.run_on_scheduler(aws_environ) == worker_env
        assert client.submit(read_object, aws_user, pure=False).result(timeout=60) == CONTENT
        assert cluster._refresher.scheduled

        fresh = AwsCredentials("AKIAREFRESHED0001", "refreshed-secret", "refreshed-token",
                               datetime.now(timezone.utc) + timedelta(hours=1), "eu-west-1")
        cluster.sync(cluster._forward_data_credentials, fresh)
        assert list(client.run(aws_environ).values()) == [fresh.environ()]
        assert client.run_on_scheduler(aws_environ) == fresh.environ()

        cluster.loop.add_callback(cluster._refresher.schedule, 0.1)  # the timer re-reads the local session
        wait_until(lambda: list(client.run(aws_environ).values()) == [worker_env], timeout=30,
                   message="the timer re-sent the session's credentials")
        assert cluster._refresher.scheduled
        refresher = cluster._refresher
    assert not refresher.scheduled, "the refresh timer stops on close"
    assert_appliance_never_saw(logged_in, USER_KEY_ID, USER_SECRET, worker_env["AWS_ACCESS_KEY_ID"],
                               worker_env["AWS_SECRET_ACCESS_KEY"], worker_env["AWS_SESSION_TOKEN"],
                               "refreshed-secret")


def test_default_forwards_the_users_session_and_workers_read_s3(aws_user, logged_in):
    with flotilla.Cluster(n_workers=1, timeout=120) as cluster, distributed.Client(cluster) as client:
        assert client.submit(read_object, aws_user, pure=False).result(timeout=60) == CONTENT
        [worker_env] = client.run(aws_environ).values()
    assert_appliance_never_saw(logged_in, USER_KEY_ID, USER_SECRET, worker_env["AWS_SECRET_ACCESS_KEY"])


def test_temporary_session_is_passed_on_as_it_is(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ASIATEMPORARY01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "temporary-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "temporary-token")
    credentials = data_credentials.from_local_session()
    assert (credentials.access_key_id, credentials.session_token) == ("ASIATEMPORARY01", "temporary-token")


def test_without_boto3_send_fails_clearly_and_auto_stays_quiet(aws_user, logged_in, monkeypatch):
    monkeypatch.setattr(data_credentials, "boto3_available", lambda: False)
    monkeypatch.setattr("flotilla.cluster.boto3_available", lambda: False)
    with pytest.raises(DataCredentialsError, match="flotilla\\[aws\\]"):
        data_credentials.from_local_session()
    with flotilla.Cluster(n_workers=1, timeout=120) as cluster, distributed.Client(cluster) as client:
        assert all(not env for env in client.run(aws_environ).values())
        with pytest.raises(DataCredentialsError):
            cluster.send_credentials()


def test_credentials_is_auto_or_none():
    with pytest.raises(ValueError):
        flotilla.Cluster(credentials="always")


def test_reprs_hide_the_secrets():
    credentials = AwsCredentials("AKIAVISIBLEEND1", "the-secret-value", "the-session-token",
                                 datetime.now(timezone.utc) + timedelta(hours=1))
    for text in (repr(credentials), str(credentials), repr(AwsCredentialsPlugin(credentials))):
        assert "the-secret-value" not in text and "the-session-token" not in text
        assert "AKIAVISIBLEEND1" not in text and "END1" in text


def test_refresh_at_half_the_remaining_lifetime():
    now = datetime.now(timezone.utc)
    assert refresh_delay(AwsCredentials("a", "s", "t", now + timedelta(hours=1))) == pytest.approx(1800, abs=5)
    assert refresh_delay(AwsCredentials("a", "s", "t", now + timedelta(seconds=10))) == 30
    assert refresh_delay(AwsCredentials("a", "s", "t")) == 15 * 60
