"""A small REST client for the appliance's JSON API.

Every call has a timeout; idempotent GETs are retried by urllib3's ``Retry``; an error answer
becomes a :class:`FlotillaError` carrying the status, the error code and the server's message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from flotilla import config
from flotilla.errors import FlotillaError, root_cause

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds


def _retrying_adapter() -> HTTPAdapter:
    retry = Retry(
        total=3, connect=3, read=2, status=3, backoff_factor=0.3,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=(502, 503, 504),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    return HTTPAdapter(max_retries=retry)


class Api:
    """Calls to one appliance.

    Without ``url``, the URL and token come from :func:`flotilla.config.load`. With an explicit ``url``
    only an explicit ``token`` is sent: a stored token never goes to another server. ``retry=False``
    turns off urllib3's retries, for callers that retry on their own schedule (the heartbeat).
    """

    def __init__(self, url: str | None = None, token: str | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT, retry: bool = True):
        if url is None:
            settings = config.load()
            url, token = settings.url, token or settings.token
        self.url = (url or "").rstrip("/")
        if not self.url:
            raise FlotillaError(
                "No appliance URL: run `flotilla login --url URL` or set FLOTILLA_URL.")
        self.timeout = timeout
        self.session = requests.Session()
        if retry:
            self.session.mount("http://", _retrying_adapter())
            self.session.mount("https://", _retrying_adapter())
        self.session.headers["Accept"] = "application/json"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, params: dict | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, json=body if body is not None else {})

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request; return the decoded JSON body (None when empty)."""
        target = self.url + path
        try:
            response = self.session.request(method, target, timeout=self.timeout, **kwargs)
        except requests.ConnectionError as e:
            raise FlotillaError(f"Cannot reach the Flotilla appliance at {self.url}: {root_cause(e)}") from e
        except requests.Timeout as e:
            raise FlotillaError(f"The Flotilla appliance at {self.url} did not answer in time ({method} {path})") from e
        if response.status_code >= 400:
            raise error_from(response)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as e:
            raise FlotillaError(f"{method} {path} answered {response.status_code} with a body that is not JSON"
                                f" (is {self.url} a Flotilla appliance?)", status=response.status_code) from e

    def close(self) -> None:
        self.session.close()


def error_from(response: requests.Response) -> FlotillaError:
    """Turn an error response into a FlotillaError, using the JSON error body when there is one."""
    try:
        body = response.json()
    except ValueError:
        body = None
    reason = response.reason or "error"
    return FlotillaError.from_body(response.status_code, body, f"{response.request.method} {response.url} failed: "
                                                               f"HTTP {response.status_code} {reason}")


def segment(value: str) -> str:
    """Quote one path segment (a workspace or cluster name)."""
    return quote(value, safe="")


def clusters_path(workspace: str, name: str | None = None, action: str | None = None) -> str:
    """``/api/v1/workspaces/{workspace}/clusters[/{name}[/{action}]]``."""
    path = f"/api/v1/workspaces/{segment(workspace)}/clusters"
    if name:
        path += f"/{segment(name)}"
    if action:
        path += f"/{action}"
    return path
