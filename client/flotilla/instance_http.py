"""JSON POSTs from a cluster instance to the appliance (the agent's bootstrap, the plugin's heartbeat).

urllib3 directly rather than the user-facing REST client: instances start many interpreters and only need
this one call, so they do not import ``requests``.
"""

from __future__ import annotations

import json

import urllib3
from urllib3.util.retry import Retry

from flotilla.errors import FlotillaError, root_cause


class InstanceHttp:
    """POSTs JSON with a bearer token; answers become dicts, errors :class:`FlotillaError` with the server's
    message. ``retries`` is urllib3's ``Retry`` (or ``False``: none)."""

    def __init__(self, token: str, timeout: urllib3.Timeout, retries: Retry | bool = False):
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                        "Accept": "application/json"}
        self.pool = urllib3.PoolManager(retries=retries, timeout=timeout)

    def post(self, url: str, body: dict | None = None) -> dict:
        """POST ``body`` to ``url``; the decoded answer, or FlotillaError (also when the appliance is unreachable)."""
        try:
            response = self.pool.request("POST", url, body=json.dumps(body or {}).encode(), headers=self.headers)
        except urllib3.exceptions.HTTPError as e:
            raise FlotillaError(f"Cannot reach the Flotilla appliance at {url}: {root_cause(e)}") from e
        answer = _json_or_none(response.data)
        if response.status >= 400:
            raise FlotillaError.from_body(response.status, answer, f"HTTP {response.status} {response.reason}")
        if not isinstance(answer, dict):
            raise FlotillaError(f"{url} answered {response.status} without a JSON object (is it a Flotilla appliance?)",
                                response.status)
        return answer

    def close(self) -> None:
        self.pool.clear()


def _json_or_none(data: bytes):
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None
