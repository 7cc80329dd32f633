"""A fake cluster of the fake appliance: real Dask processes started through ``python -m flotilla.agent``."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

from tests.fake.ca import TestCA

CREATE_FIELDS = {"name", "nWorkers", "workerCpu", "workerMemory", "workerThreads", "software", "idleTimeoutSeconds",
                 "noClientTimeoutSeconds", "maxLifetimeSeconds", "environ", "tags", "spotPolicy",
                 "workerGpu", "arm"}
# the appliance's rule (io.flotilla.cluster.ClusterState), restated by this fake appliance
ACTIVE_STATES = ("pending", "starting", "running")
FINISHED_STATES = ("stopped", "failed")
HEARTBEAT_FIELDS = {"schedulerAddress", "dashboardUrl", "workers", "nThreads", "memory", "tasksProcessing",
                    "idleSince", "nClients", "lastClientLeftAt", "adaptiveTarget", "versions"}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """One agent process (scheduler or worker); its output becomes the cluster's log lines."""

    def __init__(self, cluster: "FakeCluster", role: str, name: str, token: str, token_in_argv: bool):
        self.role, self.name = role, name
        workdir = os.path.join(cluster.appliance.workdir, cluster.name, name)
        argv = [sys.executable, "-m", "flotilla.agent", "--url", cluster.appliance.url, "--workdir", workdir]
        # a cluster machine never has the user's environment: no AWS_* settings reach the Dask processes
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["PYTHONUNBUFFERED"] = "1"
        env.update(cluster.appliance.instance_env)
        if cluster.appliance.fingerprint:
            env["FLOTILLA_AGENT_FINGERPRINT"] = cluster.appliance.fingerprint  # as the start data carries it
        if token_in_argv:
            argv += ["--token", token]
        else:
            env["FLOTILLA_AGENT_TOKEN"] = token
        self.workdir = workdir
        self.process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.reader = threading.Thread(target=self._read, args=(cluster,), daemon=True)
        self.reader.start()

    def _read(self, cluster: "FakeCluster") -> None:
        for line in self.process.stdout:
            cluster.logs.append({"time": now_iso(), "instance": self.name, "role": self.role,
                                 "message": line.rstrip("\n")})

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)


class FakeCluster:
    """Cluster state as the appliance keeps it, plus the command channel answers for the plugin."""

    def __init__(self, appliance, workspace: str, owner: str, body: dict):
        self.appliance, self.workspace, self.owner = appliance, workspace, owner
        self.id = str(uuid.uuid4())
        self.name = body.get("name") or f"{owner}-{secrets.token_hex(3)}"
        self.options = body
        self.state, self.reason = "starting", None
        self.desired = body.get("nWorkers", 4)
        self.adaptive: dict | None = None
        self.ca = TestCA()
        self.client_cert, self.client_key = self.ca.issue("client")
        self.heartbeat_token = secrets.token_urlsafe(16)
        self.dashboard_token = "fdt_" + secrets.token_urlsafe(32)
        self.dashboard_url: str | None = None  # as the scheduler reported it (without the token)
        self.port, self.dashboard_port = free_port(), free_port()
        self.created_at, self.ready_at, self.stopped_at = now_iso(), None, None
        self.heartbeats: list[dict] = []
        self.logs: list[dict] = []
        self.events: list[dict] = []  # {"time", "kind", "message"}, as GET .../events answers
        self.logs_removed = False  # past the appliance's log retention: GET .../logs answers 410
        self.scheduler: Instance | None = None
        self.workers: dict[str, Instance] = {}
        self.connected: set[str] = set()
        self.retiring: set[str] = set()
        self.versions: dict = {}
        self.worker_counter = 0
        self.scheduler_closed_itself: bool | None = None
        self.stop_requests = 0
        self.lock = threading.RLock()

    # ----- REST views --------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    def to_json(self) -> dict:
        """As the appliance answers: empty strings and lists are sent, null properties are left out."""
        view = {"id": self.id, "name": self.name, "workspace": self.workspace, "owner": self.owner,
                "state": self.state, "active": self.state in ACTIVE_STATES, "finished": self.finished,
                "reason": self.reason, "provider": "local", "desiredWorkers": self.desired,
                "adaptive": self.adaptive, "workers": {"running": len(self.workers), "connected": len(self.connected)},
                "schedulerAddress": self.address if self.ready_at else None, "dashboardUrl": self.dashboard_url,
                "createdAt": self.created_at, "readyAt": self.ready_at, "stoppedAt": self.stopped_at,
                "options": self.options}
        return {k: v for k, v in view.items() if v is not None}

    @property
    def address(self) -> str:
        return f"tls://127.0.0.1:{self.port}"

    def credentials(self) -> dict:
        link = f"{self.dashboard_url}?token={self.dashboard_token}" if self.dashboard_url else None
        return {"schedulerAddress": self.address, "dashboardUrl": link, "caCertPem": self.ca.cert_pem,
                "clientCertPem": self.client_cert, "clientKeyPem": self.client_key, "versions": self.versions}

    def bootstrap_body(self, role: str, instance: str) -> dict:
        cert, key = self.ca.issue(f"{role}-{instance}")
        worker = {"nthreads": self.options.get("workerThreads") or 1, "memoryLimit": "auto", "name": instance}
        return {"clusterId": self.id, "instance": instance, "role": role,
                "tls": {"caCertPem": self.ca.cert_pem, "certPem": cert, "keyPem": key},
                "scheduler": {"address": self.address, "port": self.port, "dashboardPort": self.dashboard_port,
                              "host": "127.0.0.1"},
                "worker": worker if role == "worker" else None,
                "heartbeat": {"url": f"{self.appliance.url}/api/v1/agent/heartbeat", "token": self.heartbeat_token,
                              "intervalSeconds": self.appliance.heartbeat_interval} if role == "scheduler" else None,
                "dashboard": {"token": self.dashboard_token} if role == "scheduler" else None,
                "environ": self.options.get("environ") or {},
                "software": {"image": self.appliance.software_image} if self.appliance.software_image else None}

    # ----- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self.name.startswith("broken-"):
            self.state, self.reason = "failed", "failed: the test asked for a broken cluster"
            return
        self.scheduler = self._launch("scheduler", f"{self.name}-scheduler")

    def _launch(self, role: str, instance: str) -> Instance:
        token = self.appliance.issue_bootstrap(self, role, instance)
        return Instance(self, role, instance, token, token_in_argv=self.appliance.token_in_argv)

    def scale(self, n: int) -> None:
        with self.lock:
            self.desired, self.adaptive = n, None

    def adapt(self, minimum: int, maximum: int, interval: float | None = None, target: float | None = None,
              wait_count: int | None = None) -> None:
        with self.lock:  # like the appliance: the timing given, else the one the cluster had (here short defaults)
            old = self.adaptive or {"interval": "500ms", "targetDuration": "1s", "waitCount": 3}
            self.adaptive = {"minimum": minimum, "maximum": maximum,
                             "interval": f"{int(interval * 1000)}ms" if interval is not None else old["interval"],
                             "targetDuration": f"{int(target * 1000)}ms" if target is not None else old["targetDuration"],
                             "waitCount": wait_count if wait_count is not None else old["waitCount"]}
            self.desired = max(minimum, min(self.desired, maximum))

    def stop(self, reason: str | None) -> None:
        with self.lock:
            self.stop_requests += 1
            if self.state in ("stopping", "stopped", "failed"):
                return
            self.state, self.reason = "stopping", reason or "user request"
        threading.Thread(target=self._finish_stop, daemon=True).start()

    def _finish_stop(self) -> None:
        """Let the scheduler close itself after the shutdown answer, then remove every process."""
        if self.scheduler and self.ready_at:
            try:
                self.scheduler.process.wait(timeout=20)
                self.scheduler_closed_itself = True
            except subprocess.TimeoutExpired:
                self.scheduler_closed_itself = False
        for instance in [self.scheduler, *self.workers.values()]:
            if instance:
                instance.kill()
        with self.lock:
            self.workers.clear()
            self.connected.clear()
            self.state, self.stopped_at = "stopped", now_iso()

    def kill_all(self) -> None:
        for instance in [self.scheduler, *self.workers.values()]:
            if instance:
                instance.kill()

    # ----- heartbeat ---------------------------------------------------------------------------
    def heartbeat(self, body: dict) -> dict:
        with self.lock:
            self.heartbeats.append({"receivedAt": time.time(), **body})
            self.versions = body.get("versions") or {}
            self.dashboard_url = body.get("dashboardUrl")
            self.connected = {w["name"] for w in body.get("workers", [])}
            if self.state == "starting":
                self.state, self.ready_at = "running", now_iso()
            if self.adaptive and body.get("adaptiveTarget") is not None:
                self.desired = max(self.adaptive["minimum"], min(body["adaptiveTarget"], self.adaptive["maximum"]))
            if self.state == "running":
                self._converge()
            return {"desiredWorkers": self.desired, "adaptive": self.adaptive,
                    "retireWorkers": sorted(self.retiring & self.connected),
                    "shutdown": self.state == "stopping", "reason": self.reason if self.state == "stopping" else None}

    def _converge(self) -> None:
        for name in list(self.retiring):  # retired workers that left the scheduler are removed
            if name not in self.connected:
                self.workers.pop(name).kill()
                self.retiring.discard(name)
        active = [n for n in self.workers if n not in self.retiring]
        while len(active) < self.desired and not self.name.startswith("noworkers-"):
            self.worker_counter += 1
            name = f"{self.name}-worker-{self.worker_counter}"
            self.workers[name] = self._launch("worker", name)
            active.append(name)
        for name in sorted(active, reverse=True)[: max(0, len(active) - self.desired)]:
            self.retiring.add(name)
