"""Google data credentials go from the user's application-default credentials straight to the cluster, never
through the appliance: a fake ADC (google-auth credentials made here, in this process only) issues canary tokens;
the fake appliance's real TLS Dask processes have no Google settings of their own."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone

import cloudpickle
import distributed
import pytest

google_auth = pytest.importorskip("google.auth")
import google.auth.exceptions  # noqa: E402
import google.oauth2.credentials  # noqa: E402

import flotilla  # noqa: E402
from flotilla import gcp_credentials  # noqa: E402
from flotilla.credential_forwarding import GoogleCredentialsPlugin, refresh_delay  # noqa: E402
from flotilla.gcp_credentials import ENVIRON_NAMES, GoogleCredentials, GoogleCredentialsError  # noqa: E402
from tests.conftest import wait_until  # noqa: E402
from tests.fake.clusters import FakeCluster  # noqa: E402
from tests.test_data_credentials import assert_appliance_never_saw  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the Dask processes need not import this module

PROJECT = "user-project"


def utcnow_naive() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # google-auth's expiry is naive UTC


class FakeAdc(google.oauth2.credentials.Credentials):
    """The user's ADC: each refresh issues a new canary token valid for an hour."""

    issued: list[str] = []

    def refresh(self, request):  # noqa: ARG002
        self.token = f"ya29.canary-{len(FakeAdc.issued) + 1}-5f0e1c"
        self.expiry = utcnow_naive() + timedelta(hours=1)
        FakeAdc.issued.append(self.token)


@pytest.fixture
def adc(monkeypatch):
    """The user's local ADC (this process only): a token valid for an hour, refreshable."""
    FakeAdc.issued = []
    for name in ENVIRON_NAMES + ("GOOGLE_APPLICATION_CREDENTIALS",):
        monkeypatch.delenv(name, raising=False)
    state = {"credentials": FakeAdc(token=None)}

    def default(scopes=None, request=None, quota_project_id=None, default_scopes=None):
        assert scopes == list(gcp_credentials.SCOPES)
        return state["credentials"], PROJECT

    monkeypatch.setattr(google.auth, "default", default)
    return state


@pytest.fixture
def gcp_provider(monkeypatch):
    """The fake appliance's clusters report provider gcp."""
    to_json = FakeCluster.to_json
    monkeypatch.setattr(FakeCluster, "to_json", lambda self: {**to_json(self), "provider": "gcp"})


def google_view(dask_worker=None, dask_scheduler=None) -> dict:
    """What a task would see: google.auth.default(), a google-cloud client's credentials, gcloud's variables."""
    import google.auth
    import google.cloud.logging

    credentials, project = google.auth.default()
    client = google.cloud.logging.Client()  # google-cloud-* clients find credentials and project themselves
    server = dask_worker or dask_scheduler
    if not hasattr(server, "flotilla_test_client"):
        server.flotilla_test_client = client  # made before a refresh
    return {"token": credentials.token, "project": project, "client_token": client._credentials.token,
            "client_project": client.project, "earlier_client_token": server.flotilla_test_client._credentials.token,
            "env": {name: os.environ.get(name) for name in ENVIRON_NAMES}}


def google_environ(dask_worker=None, dask_scheduler=None) -> dict:
    return {name: os.environ[name] for name in ENVIRON_NAMES if name in os.environ}


def test_gcp_cluster_gets_the_users_token_and_a_fresh_one_before_expiry(adc, gcp_provider, logged_in):
    with flotilla.Cluster(n_workers=1, timeout=120) as cluster, distributed.Client(cluster) as client:
        [first] = FakeAdc.issued
        [worker] = client.run(google_view).values()
        assert worker == {"token": first, "project": PROJECT, "client_token": first, "client_project": PROJECT,
                          "earlier_client_token": first,
                          "env": {"CLOUDSDK_AUTH_ACCESS_TOKEN": first, "GOOGLE_OAUTH_ACCESS_TOKEN": first,
                                  "GOOGLE_CLOUD_PROJECT": PROJECT, "CLOUDSDK_CORE_PROJECT": PROJECT}}
        assert client.run_on_scheduler(google_view) == worker
        assert cluster._refresher.scheduled

        # the timer re-reads the ADC: the user's token nears its end, so a new one is issued and sent
        adc["credentials"].expiry = utcnow_naive() + timedelta(minutes=2)
        cluster.loop.add_callback(cluster._refresher.schedule, 0.1)
        wait_until(lambda: len(FakeAdc.issued) == 2, timeout=30, message="the ADC refreshed")
        second = FakeAdc.issued[1]
        wait_until(lambda: list(client.run(google_environ).values())[0]["CLOUDSDK_AUTH_ACCESS_TOKEN"] == second,
                   timeout=30, message="the new token reached the worker")
        [worker] = client.run(google_view).values()
        assert worker["token"] == worker["client_token"] == second
        assert worker["earlier_client_token"] == second, "a client made before the refresh uses the new token"
        assert client.run_on_scheduler(google_view)["token"] == second
        assert cluster._refresher.scheduled
        refresher = cluster._refresher
    assert not refresher.scheduled, "the refresh timer stops on close"
    assert_appliance_never_saw(logged_in, first, second, "canary")


def test_without_adc_a_gcp_cluster_warns_and_works(gcp_provider, logged_in, monkeypatch):
    def no_adc(**kwargs):
        raise google.auth.exceptions.DefaultCredentialsError("Your default credentials were not found.")

    monkeypatch.setattr(google.auth, "default", no_adc)
    with pytest.warns(RuntimeWarning, match="Not sending Google credentials to cluster .*application-default login"):
        cluster = flotilla.Cluster(n_workers=1, timeout=120)
    with cluster, distributed.Client(cluster) as client:
        assert client.submit(lambda x: x + 1, 1).result(timeout=60) == 2
        assert all(not env for env in client.run(google_environ).values())
        with pytest.raises(GoogleCredentialsError):
            cluster.send_credentials()


def test_credentials_gcp_sends_google_even_where_the_provider_is_not_gcp(adc, logged_in):
    with flotilla.Cluster(n_workers=1, timeout=120, credentials="gcp") as cluster, \
            distributed.Client(cluster) as client:
        assert [env["CLOUDSDK_AUTH_ACCESS_TOKEN"] for env in client.run(google_environ).values()] == FakeAdc.issued
    with flotilla.Cluster(n_workers=1, timeout=120, credentials=None) as cluster, \
            distributed.Client(cluster) as client:
        assert all(not env for env in client.run(google_environ).values())
    assert_appliance_never_saw(logged_in, *FakeAdc.issued)


def test_a_token_with_time_left_is_passed_on_and_one_near_its_end_refreshed(adc):
    expiry = utcnow_naive() + timedelta(minutes=50)
    adc["credentials"] = google.oauth2.credentials.Credentials(token="ya29.still-valid", expiry=expiry)
    credentials = gcp_credentials.from_local_adc()
    assert (credentials.token, credentials.project) == ("ya29.still-valid", PROJECT)
    assert credentials.expiry == expiry.replace(tzinfo=timezone.utc)
    assert refresh_delay(credentials) == pytest.approx(25 * 60, abs=5)

    adc["credentials"] = FakeAdc(token="ya29.nearly-expired", expiry=utcnow_naive() + timedelta(minutes=5))
    assert gcp_credentials.from_local_adc().token == FakeAdc.issued[-1] != "ya29.nearly-expired"

    adc["credentials"] = google.oauth2.credentials.Credentials(token=None)  # no refresh token: cannot refresh
    with pytest.raises(GoogleCredentialsError, match="Could not refresh"):
        gcp_credentials.from_local_adc()


def test_without_google_auth_sending_fails_clearly(monkeypatch):
    monkeypatch.setattr(gcp_credentials, "google_auth_available", lambda: False)
    with pytest.raises(GoogleCredentialsError, match="flotilla\\[gcp\\]"):
        gcp_credentials.from_local_adc()
    assert issubclass(GoogleCredentialsError, flotilla.DataCredentialsError)


def test_forwarded_credentials_refuse_to_pretend_once_expired(monkeypatch):
    """On a cluster process (here: this one, restored afterwards)."""
    import google.auth._default

    monkeypatch.setattr(google.auth, "default", google.auth.default)
    monkeypatch.setattr(google.auth._default, "default", google.auth._default.default)
    monkeypatch.setattr(gcp_credentials, "_forwarded", None)
    for name in ENVIRON_NAMES:
        monkeypatch.delenv(name, raising=False)
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()
    gcp_credentials.install("ya29.expired", past, None)
    credentials, project = google.auth.default()
    assert (credentials.token, project, credentials.expired) == ("ya29.expired", None, True)
    with pytest.raises(google.auth.exceptions.RefreshError, match="send_credentials"):
        credentials.refresh(None)
    gcp_credentials.install("ya29.fresh", (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat(), "p2")
    assert google.auth.default() == (credentials, "p2"), "one object, updated in place"
    assert credentials.valid and credentials.token == "ya29.fresh"
    assert os.environ["CLOUDSDK_AUTH_ACCESS_TOKEN"] == "ya29.fresh" and os.environ["GOOGLE_CLOUD_PROJECT"] == "p2"
    gcp_credentials.install("ya29.third", None, None)
    assert "GOOGLE_CLOUD_PROJECT" not in os.environ, "an earlier project does not linger"


def test_reprs_hide_the_token():
    credentials = GoogleCredentials("ya29.secret-token-value", datetime.now(timezone.utc), PROJECT)
    for text in (repr(credentials), str(credentials), repr(GoogleCredentialsPlugin(credentials))):
        assert "secret-token-value" not in text and PROJECT in text


def test_credentials_choices():
    with pytest.raises(ValueError, match=r"'local' \(or 'auto'\), 'aws', 'gcp' or None"):
        flotilla.Cluster(credentials="google")
