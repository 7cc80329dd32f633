"""The user's own AWS credentials, short-lived, taken from the local boto3 session.

They are sent to the cluster's scheduler and workers over the cluster's TLS connection
(see ``credential_forwarding``) and never to the appliance. boto3 is optional (``pip install 'flotilla[aws]'``).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from datetime import datetime, timezone

SESSION_SECONDS = 3600  # lifetime asked of STS; the client re-sends at half of what is left
ENVIRON_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION")


class DataCredentialsError(RuntimeError):
    """No data credentials could be obtained (boto3 missing, no local AWS session, STS refused)."""


@dataclass(frozen=True)
class AwsCredentials:
    """Temporary AWS credentials; ``repr`` shows the access key id's last characters only, never the secrets."""

    access_key_id: str = field(repr=False)
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)
    expiration: datetime | None = None
    region: str | None = None

    def environ(self) -> dict[str, str]:
        """The environment variables boto3, s3fs and pyarrow read credentials from."""
        values = {"AWS_ACCESS_KEY_ID": self.access_key_id, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}
        if self.session_token:
            values["AWS_SESSION_TOKEN"] = self.session_token
        if self.region:
            values["AWS_DEFAULT_REGION"] = self.region
        return values

    def seconds_left(self, now: datetime | None = None) -> float | None:
        if self.expiration is None:
            return None
        return (self.expiration - (now or datetime.now(timezone.utc))).total_seconds()

    def __repr__(self) -> str:
        return (f"AwsCredentials(access_key_id='...{self.access_key_id[-4:]}', expiration={self.expiration!r}, "
                f"region={self.region!r})")


def boto3_available() -> bool:
    return importlib.util.find_spec("boto3") is not None


def from_local_session(duration_seconds: int = SESSION_SECONDS) -> AwsCredentials:
    """Short-lived credentials derived from the user's local boto3 session.

    Long-lived keys are exchanged for an STS session token; a session that is already temporary
    (it has a session token, e.g. an assumed role or SSO) is passed on as it is, with its expiry when known.
    """
    if not boto3_available():
        raise DataCredentialsError("Sending AWS credentials needs boto3: pip install 'flotilla[aws]'.")
    import boto3
    import botocore.exceptions

    session = boto3.Session()
    try:
        credentials = session.get_credentials()
        if credentials is None:
            raise DataCredentialsError("The local AWS session has no credentials (see `aws configure`).")
        frozen = credentials.get_frozen_credentials()
        if frozen.token:
            return AwsCredentials(frozen.access_key, frozen.secret_key, frozen.token,
                                  _utc(getattr(credentials, "_expiry_time", None)), session.region_name)
        answer = session.client("sts").get_session_token(DurationSeconds=duration_seconds)["Credentials"]
    except botocore.exceptions.BotoCoreError as e:
        raise DataCredentialsError(f"Could not obtain AWS credentials: {e}") from e
    except botocore.exceptions.ClientError as e:
        raise DataCredentialsError(f"AWS STS refused a session token: {e.response['Error'].get('Code')}") from e
    return AwsCredentials(answer["AccessKeyId"], answer["SecretAccessKey"], answer["SessionToken"],
                          _utc(answer.get("Expiration")), session.region_name)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)
