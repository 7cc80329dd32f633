"""The client's TLS material for one cluster, written to a private temporary directory."""

from __future__ import annotations

import os
import shutil
import tempfile

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the agent imports this module before Dask may be imported
    from distributed.security import Security


def write_private(path: str, text: str) -> None:
    """Write ``text`` to a new file readable by its owner only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


class ClusterCredentials:
    """CA, client certificate and key of a cluster as files (dir 0700, files 0600) and a Dask ``Security``."""

    def __init__(self, body: dict):
        self.directory = tempfile.mkdtemp(prefix="flotilla-")  # mkdtemp creates it 0700
        self.ca_file = os.path.join(self.directory, "ca.pem")
        self.cert_file = os.path.join(self.directory, "client-cert.pem")
        self.key_file = os.path.join(self.directory, "client-key.pem")
        write_private(self.ca_file, body["caCertPem"])
        write_private(self.cert_file, body["clientCertPem"])
        write_private(self.key_file, body["clientKeyPem"])
        self.scheduler_address: str = body["schedulerAddress"]
        self.dashboard_url: str | None = body.get("dashboardUrl")
        self.versions: dict = body.get("versions") or {}

    def security(self) -> "Security":
        from distributed.security import Security

        return Security(tls_ca_file=self.ca_file, tls_client_cert=self.cert_file,
                        tls_client_key=self.key_file, require_encryption=True)

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
