"""The REST core and the config: errors, connection failures, settings precedence."""

from __future__ import annotations

import pytest

from flotilla import config
from flotilla.core import Api, FlotillaError
from flotilla.rest import ClusterRoutes, resolve_workspace
from tests.fake.appliance import USER_TOKEN


def test_error_body_becomes_a_flotilla_error(appliance):
    api = Api(url=appliance.url, token=USER_TOKEN)
    with pytest.raises(FlotillaError) as caught:
        ClusterRoutes(api, "ws").get("missing")
    error = caught.value
    assert (error.status, error.code) == (404, "not_found")
    assert error.message == "There is no cluster named missing in workspace ws."
    assert str(error) == "[404 not_found] There is no cluster named missing in workspace ws."


def test_unknown_fields_are_rejected_with_the_servers_message(appliance):
    api = Api(url=appliance.url, token=USER_TOKEN)
    with pytest.raises(FlotillaError, match="Unknown fields"):
        ClusterRoutes(api, "ws").create({"nWorkers": 1, "colour": "blue"})


def test_unreachable_server_is_a_clear_connection_error():
    with pytest.raises(FlotillaError, match=r"Cannot reach the Flotilla appliance at http://127.0.0.1:9"):
        Api(url="http://127.0.0.1:9", token="x").get("/api/v1/me")


def test_no_url_configured():
    with pytest.raises(FlotillaError, match="flotilla login"):
        Api()


def test_env_overrides_the_config_file_and_tokens_stay_hidden(monkeypatch, isolated_config):
    config.write_file(config.Settings(url="http://file", token="file-token", workspace="file-ws"))
    assert config.load() == config.Settings(url="http://file", token="file-token", workspace="file-ws")
    monkeypatch.setenv("FLOTILLA_WORKSPACE", "env-ws")
    monkeypatch.setenv("FLOTILLA_TOKEN", "env-token")
    assert config.load() == config.Settings(url="http://file", token="env-token", workspace="env-ws")
    assert "env-token" not in repr(config.load())


def test_explicit_url_never_receives_the_stored_token(monkeypatch):
    monkeypatch.setenv("FLOTILLA_URL", "http://stored")
    monkeypatch.setenv("FLOTILLA_TOKEN", "stored-token")
    assert Api().session.headers["Authorization"] == "Bearer stored-token"
    assert "Authorization" not in Api(url="http://other").session.headers


def test_the_only_workspace_is_the_default(appliance):
    assert resolve_workspace(Api(url=appliance.url, token=USER_TOKEN), None) == "ws"
