"""The user's own Google credentials, short-lived: an OAuth access token from their local application-default
credentials (ADC: ``gcloud auth application-default login``, a service account's key file named by
``GOOGLE_APPLICATION_CREDENTIALS``, or a VM's service account), and how the cluster uses them.

The client takes a fresh token (``google.auth.default()`` and a refresh) and sends it to the cluster's scheduler
and workers over the cluster's TLS connection (``credential_forwarding``), never to the appliance; it re-sends a
new one at half of the token's remaining lifetime (typically an hour). Only the token travels: no refresh token,
no key.

On the cluster, :func:`install` makes the token what the Google libraries find:

- ``google.auth.default()`` — used by google-cloud-storage, google-cloud-bigquery, gcsfs (``token="google_default"``,
  its default), pandas-gbq and the other ``google-cloud-*`` clients — returns one process-wide
  :class:`ForwardedCredentials` whose token each re-send replaces in place, so clients made earlier keep working.
  google-auth reads no environment variable holding a raw access token (googleapis/google-cloud-python#15199), so
  this is done by replacing ``google.auth.default`` in the process (only when google-auth is installed there).
- ``CLOUDSDK_AUTH_ACCESS_TOKEN`` (gcloud, gsutil) and ``GOOGLE_OAUTH_ACCESS_TOKEN`` (Terraform's Google provider and
  tools following it) hold the token, ``GOOGLE_CLOUD_PROJECT``/``CLOUDSDK_CORE_PROJECT`` the ADC's project when
  known.

google-auth is optional on the client (``pip install 'flotilla[gcp]'``).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flotilla.data_credentials import DataCredentialsError

logger = logging.getLogger(__name__)

SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
TOKEN_ENVIRON_NAMES = ("CLOUDSDK_AUTH_ACCESS_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN")
PROJECT_ENVIRON_NAMES = ("GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT")
ENVIRON_NAMES = TOKEN_ENVIRON_NAMES + PROJECT_ENVIRON_NAMES
# a token with less left than this is refreshed before it is sent (google-auth refreshes at 3m45s before expiry)
MIN_LIFETIME = timedelta(minutes=10)


class GoogleCredentialsError(DataCredentialsError):
    """No Google data credentials could be obtained (google-auth missing, no ADC, the refresh refused)."""


@dataclass(frozen=True)
class GoogleCredentials:
    """An OAuth access token of the user's ADC; ``repr`` never shows the token."""

    token: str = field(repr=False)
    expiry: datetime | None = None  # aware, UTC
    project: str | None = None

    def environ(self) -> dict[str, str]:
        """The environment variables gcloud/gsutil and Terraform-style tools read the token and project from."""
        values = {name: self.token for name in TOKEN_ENVIRON_NAMES}
        if self.project:
            values.update({name: self.project for name in PROJECT_ENVIRON_NAMES})
        return values

    def seconds_left(self, now: datetime | None = None) -> float | None:
        if self.expiry is None:
            return None
        return (self.expiry - (now or datetime.now(timezone.utc))).total_seconds()

    def __repr__(self) -> str:
        return f"GoogleCredentials(token=<hidden>, expiry={self.expiry!r}, project={self.project!r})"

    __str__ = __repr__


def google_auth_available() -> bool:
    return importlib.util.find_spec("google.auth") is not None


def from_local_adc(scopes: tuple[str, ...] = SCOPES) -> GoogleCredentials:
    """A fresh access token of the user's application-default credentials (refreshed when it has less than
    ``MIN_LIFETIME`` left, or none yet)."""
    if not google_auth_available():
        raise GoogleCredentialsError("Sending Google credentials needs google-auth: pip install 'flotilla[gcp]'.")
    import google.auth
    import google.auth.exceptions
    import google.auth.transport.requests

    try:
        credentials, project = google.auth.default(scopes=list(scopes))
        expiry = _utc(getattr(credentials, "expiry", None))
        if not credentials.token or expiry is None or expiry - datetime.now(timezone.utc) < MIN_LIFETIME:
            credentials.refresh(google.auth.transport.requests.Request())
            expiry = _utc(getattr(credentials, "expiry", None))
    except google.auth.exceptions.DefaultCredentialsError as e:
        raise GoogleCredentialsError("No Google application-default credentials here "
                                     "(gcloud auth application-default login).") from e
    except google.auth.exceptions.GoogleAuthError as e:
        raise GoogleCredentialsError(f"Could not refresh the Google application-default credentials: "
                                     f"{type(e).__name__}") from e
    if not credentials.token:
        raise GoogleCredentialsError("The Google application-default credentials gave no access token.")
    return GoogleCredentials(credentials.token, expiry, project or getattr(credentials, "quota_project_id", None))


def _utc(value: datetime | None) -> datetime | None:
    """google-auth's expiry is a naive UTC datetime."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


# ----- on the cluster --------------------------------------------------------------------------------------------

_lock = threading.Lock()
_forwarded = None  # the process's ForwardedCredentials, once google-auth is there
_original_default = None


def install(token: str, expiry: str | None, project: str | None) -> None:
    """Make the forwarded token this process's Google credentials (scheduler and workers; see the module's text).

    ``expiry`` is ISO 8601 (UTC) or None. Replaces earlier forwarded values.
    """
    values = GoogleCredentials(token, datetime.fromisoformat(expiry) if expiry else None, project)
    for name in ENVIRON_NAMES:
        os.environ.pop(name, None)
    os.environ.update(values.environ())
    try:
        import google.auth  # noqa: F401
    except ImportError:
        logger.warning("google-auth is not installed on this cluster: the forwarded Google token is only in "
                       "CLOUDSDK_AUTH_ACCESS_TOKEN/GOOGLE_OAUTH_ACCESS_TOKEN")
        return
    with _lock:
        _install_default(values)


def _install_default(values: GoogleCredentials) -> None:
    global _forwarded, _original_default
    import google.auth
    import google.auth._default

    if _forwarded is None:
        _forwarded = _forwarded_credentials_class()()
        _original_default = google.auth._default.default
        google.auth.default = google.auth._default.default = forwarded_default
    _forwarded.update(values)


def forwarded_default(scopes=None, request=None, quota_project_id=None, default_scopes=None):  # noqa: ARG001
    """``google.auth.default`` on a cluster that received the user's token: the forwarded credentials and project."""
    return _forwarded, _forwarded.project


def forwarded_credentials():
    """The process's forwarded credentials (None before any arrived)."""
    return _forwarded


def _forwarded_credentials_class():
    import google.auth.credentials
    import google.auth.exceptions

    class ForwardedCredentials(google.auth.credentials.Credentials):
        """The user's access token, replaced in place by each re-send; it cannot refresh itself (the client
        holds the user's credentials), so an expired token fails with a clear error."""

        def __init__(self):
            super().__init__()
            self.project = None

        def update(self, values: GoogleCredentials) -> None:
            self.token = values.token
            self.expiry = values.expiry.astimezone(timezone.utc).replace(tzinfo=None) if values.expiry else None
            self.project = values.project

        def refresh(self, request) -> None:  # noqa: ARG002
            if self.token and (self.expiry is None or self.expiry > datetime.now(timezone.utc).replace(tzinfo=None)):
                return  # re-sent meanwhile
            raise google.auth.exceptions.RefreshError(
                "The Google token forwarded by the Flotilla client has expired and none newer arrived "
                "(is the client still connected? cluster.send_credentials() sends a new one).")

        def __repr__(self) -> str:
            return f"ForwardedCredentials(expiry={self.expiry!r}, project={self.project!r})"

    return ForwardedCredentials
