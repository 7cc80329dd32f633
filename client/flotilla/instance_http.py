"""JSON POSTs from a cluster instance to the appliance (the agent's bootstrap, the plugin's heartbeat).

urllib3 directly rather than the user-facing REST client: instances start many interpreters and only need
this one call, so they do not import ``requests``.

What these calls carry (the instance's private key, the cluster's token) must not cross a network in clear, so a
plain ``http://`` URL is refused unless it points at this machine (loopback), and an ``https://`` one is either pinned
to the appliance certificate's SHA-256 fingerprint (the appliance puts it in the instance's start data) or verified
against the system trust store (a publicly trusted certificate IT configured).
"""

from __future__ import annotations

import ipaddress
import json

import urllib3
from urllib3.util import parse_url
from urllib3.util.retry import Retry

from flotilla.errors import FlotillaError, root_cause

LOOPBACK_NAMES = frozenset({"localhost"})


class InsecureTransport(FlotillaError):
    """The URL would carry secrets in clear, or the appliance's certificate is not the expected one."""


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` names this machine: ``localhost``, 127.0.0.0/8 or ::1 (literals only, no DNS)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normal_fingerprint(fingerprint: str | None) -> str | None:
    """A SHA-256 fingerprint as urllib3 wants it (64 hex digits, any case, colons allowed); None when empty.
    :class:`InsecureTransport` when it is not one."""
    if not fingerprint or not fingerprint.strip():
        return None
    digits = fingerprint.strip().replace(":", "").lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise InsecureTransport(f"{fingerprint!r} is not a SHA-256 certificate fingerprint (64 hex digits, colons allowed)")
    return digits


def require_safe(url: str) -> None:
    """Raise :class:`InsecureTransport` unless secrets may travel to ``url``: https, or plain http to loopback."""
    try:
        parsed = parse_url(url)
    except ValueError as e:
        raise InsecureTransport(f"{url!r} is not a URL: {e}") from e
    if parsed.scheme == "https":
        return
    if parsed.scheme == "http":
        if is_loopback(parsed.host):
            return
        raise InsecureTransport(
            f"Refusing plain HTTP to {url}: the instance's key and the cluster's token would cross the network in clear. "
            "Use the appliance's https URL for instances (it pins the certificate by FLOTILLA_AGENT_FINGERPRINT); "
            "plain http:// is accepted only for loopback (127.0.0.0/8, ::1, localhost).")
    raise InsecureTransport(f"{url} is not an http(s) URL")


class InstanceHttp:
    """POSTs JSON with a bearer token; answers become dicts, errors :class:`FlotillaError` with the server's
    message. ``retries`` is urllib3's ``Retry`` (or ``False``: none). With ``fingerprint`` (SHA-256 of the appliance's
    certificate) https connections are pinned to it; without, the system trust store must verify the certificate.
    Every URL must pass :func:`require_safe`."""

    def __init__(self, token: str, timeout: urllib3.Timeout, retries: Retry | bool = False, fingerprint: str | None = None):
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                        "Accept": "application/json"}
        self.fingerprint = normal_fingerprint(fingerprint)
        # A pinned certificate is checked by its fingerprint alone (it is self-signed: no CA, and its names
        # do not matter); without a pin, urllib3's default is full verification against the system trust store.
        tls = {"cert_reqs": "CERT_NONE", "assert_fingerprint": self.fingerprint} if self.fingerprint else {}
        self.pool = urllib3.PoolManager(retries=retries, timeout=timeout, **tls)

    def post(self, url: str, body: dict | None = None) -> dict:
        """POST ``body`` to ``url``; the decoded answer, or FlotillaError (also when the appliance is unreachable)."""
        require_safe(url)
        try:
            response = self.pool.request("POST", url, body=json.dumps(body or {}).encode(), headers=self.headers)
        except urllib3.exceptions.HTTPError as e:
            raise self._refusal(url, e) or FlotillaError(f"Cannot reach the Flotilla appliance at {url}: {root_cause(e)}") from e
        answer = _json_or_none(response.data)
        if response.status >= 400:
            raise FlotillaError.from_body(response.status, answer, f"HTTP {response.status} {response.reason}")
        if not isinstance(answer, dict):
            raise FlotillaError(f"{url} answered {response.status} without a JSON object (is it a Flotilla appliance?)",
                                response.status)
        return answer

    def _refusal(self, url: str, error: urllib3.exceptions.HTTPError) -> InsecureTransport | None:
        """The TLS failures that mean "not the appliance we were told of", in words; None for other errors."""
        reason = getattr(error, "reason", error)
        if not isinstance(reason, urllib3.exceptions.SSLError):
            return None
        cause = root_cause(error)
        if self.fingerprint and "Fingerprints did not match" in cause:
            return InsecureTransport(
                f"Refusing {url}: its certificate's SHA-256 fingerprint is not the pinned one (FLOTILLA_AGENT_FINGERPRINT "
                f"{self.fingerprint}). Another server answers there, or the appliance's certificate changed. ({cause})")
        if not self.fingerprint:
            return InsecureTransport(
                f"Refusing {url}: its certificate is not trusted by this machine's trust store and no fingerprint to "
                f"pin was given (FLOTILLA_AGENT_FINGERPRINT). ({cause})")
        return InsecureTransport(f"TLS with {url} failed: {cause}")

    def close(self) -> None:
        self.pool.clear()


def _json_or_none(data: bytes):
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None
