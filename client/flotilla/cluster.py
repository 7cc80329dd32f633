"""``flotilla.Cluster``: a Dask cluster run by the Flotilla appliance, usable with ``distributed.Client``."""

from __future__ import annotations

import asyncio
import html
import logging
import time
import warnings
from typing import Any

from distributed.core import Status, rpc
from distributed.deploy import Cluster as DaskCluster
from distributed.utils import Log, Logs

from flotilla import coiled_compat, package_sync as package_sync_options, spec, version_check
from flotilla.credential_forwarding import Refresher, refresh_delay, send
from flotilla.core import Api, FlotillaError
from flotilla.credentials import ClusterCredentials
from flotilla.environments import EnvironmentRoutes, container_environment_name
from flotilla.environments import create_body as create_env_body
from flotilla.data_credentials import AwsCredentials, DataCredentialsError, boto3_available, from_local_session
from flotilla.gcp_credentials import GoogleCredentials, from_local_adc
from flotilla.progress import StartProgress
from flotilla.rest import ClusterRoutes, resolve_workspace
from flotilla.workspace_usage import warn_about_limits

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
LONG_POLL_SECONDS = 10  # how long one request waits for the cluster's state to change
STOP_TIMEOUT_SECONDS = 300
DATA_CREDENTIALS_CHOICES = ("auto", "aws", "gcp", None)
DEFAULT_TIMEOUT_SECONDS = 600
_BASE_KWARGS = ("loop", "quiet", "scheduler_sync_interval")


class ClusterStartError(RuntimeError):
    """The cluster did not become usable: it failed, stopped, or a wait timed out."""


class Cluster(DaskCluster):
    """A Dask cluster on the Flotilla appliance.

    Creates the cluster (or attaches to a running one with the same ``name``), waits until it runs,
    fetches its TLS client certificate and connects to the scheduler, so that
    ``distributed.Client(cluster)`` works. ``shutdown_on_close`` defaults to True for a cluster created
    here and False for one attached to. Timeouts (``idle_timeout``, ``no_client_timeout``, ``max_lifetime``)
    are seconds or strings such as ``"20 minutes"``. ``timeout`` bounds the whole start, workers included.
    ``credentials="auto"`` sends your data credentials to the scheduler and workers once connected (see
    ``send_credentials``): on a cluster of provider ``gcp`` an access token of your Google application-default
    credentials (a warning when there are none), elsewhere your AWS credentials when boto3 is installed and your
    AWS session has some; ``"aws"`` or ``"gcp"`` chooses one, ``None`` turns it off.
    ``spot_policy`` (``"on-demand"``, ``"spot"``, ``"spot_with_fallback"``) says how workers are bought on
    clouds that offer spot capacity; None keeps the appliance's default, the scheduler is always on-demand.
    ``worker_gpu`` is the number of NVIDIA GPUs each worker gets (clouds only: a workspace whose clusters run on
    the appliance's machine refuses it); ``arm=True`` runs workers on ARM (arm64, AWS Graviton) processors.
    ``software`` names a software environment of the workspace (``name`` or ``name:version``, see
    :func:`flotilla.create_software_environment`); the cluster waits while it builds. ``container`` is an image
    reference: a container environment is created for it (or reused) and the cluster runs in it.
    Coiled's keywords work too (``import flotilla as coiled``): ``n_workers`` as an int, ``[min, max]`` or
    ``[min, initial, max]`` (adaptive) or not given (adaptive between 4 and 20, as Coiled); ``worker_cpu`` /
    ``worker_memory`` as a value or a range (the low end is asked for); ``worker_gpu=True``; ``account`` (=
    ``workspace``), ``cluster_timeout`` (= ``max_lifetime``), ``compute_purchase_option`` (= ``spot_policy``),
    ``worker_options={"nthreads": n}`` (= ``worker_threads``); ``credentials="local"`` (the default, = ``"auto"``);
    ``wait_for_workers`` defaults to all workers (Coiled waits for 30 %: pass ``wait_for_workers=0.3``). Every other keyword of Coiled's signature is
    accepted with one :class:`flotilla.CoiledCompatibilityWarning` naming it (see ``flotilla.coiled_compat``).
    ``package_sync`` copies this Python environment to the cluster (the default when no ``software`` is given):
    installed packages at their versions, local and editable packages as wheels built here. ``package_sync_strict``
    allows no approximation and refuses a cluster whose dask, distributed, cloudpickle or msgpack differ from
    yours; ``package_sync_ignore`` lists packages to leave out; ``package_sync_fail_on`` (``"critical-only"``,
    ``"warning-or-higher"``, ``"any"``) says which problems stop the start.
    """

    def __init__(self, name: str | None = None, n_workers: int | list[int] | None = None, worker_cpu: Any = None,
                 worker_memory: Any = None, worker_threads: int | None = None,
                 software: str | None = None, idle_timeout: Any = None, no_client_timeout: Any = None,
                 workspace: str | None = None, environ: dict | None = None, tags: dict | None = None,
                 shutdown_on_close: bool | None = None, wait_for_workers: bool | int | float | None = None,
                 timeout: float | None = None, asynchronous: bool = False, max_lifetime: Any = None,
                 url: str | None = None, token: str | None = None, credentials: str | None = "local",
                 spot_policy: str | None = None, worker_gpu: int | bool | None = None, arm: bool | None = None,
                 container: str | None = None,
                 package_sync: bool | None = None, package_sync_strict: bool = False,
                 package_sync_ignore: list[str] | None = None, package_sync_fail_on: str | None = None,
                 **kwargs: Any):
        aliased = coiled_compat.translate(kwargs, {"workspace": workspace, "max_lifetime": max_lifetime,
                                                   "spot_policy": spot_policy, "worker_threads": worker_threads})
        unknown = sorted(set(kwargs) - set(_BASE_KWARGS))
        if unknown:
            raise TypeError(f"flotilla.Cluster does not support: {', '.join(unknown)}")
        workspace = aliased.get("workspace", workspace)
        max_lifetime = aliased.get("max_lifetime", max_lifetime)
        spot_policy = aliased.get("spot_policy", spot_policy)
        worker_threads = aliased.get("worker_threads", worker_threads)
        worker_cpu = coiled_compat.size(worker_cpu, "worker_cpu", stacklevel=2)
        worker_memory = coiled_compat.size(worker_memory, "worker_memory", stacklevel=2)
        n_workers, self._adaptive_bounds = coiled_compat.worker_range(n_workers)
        if worker_gpu is True or worker_gpu is False:
            worker_gpu = 1 if worker_gpu else None
        arm = bool(arm)
        timeout = DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
        if wait_for_workers is None:  # Flotilla waits for every worker (Coiled: 30 %, coiled_compat.COILED_WAIT_FOR_WORKERS)
            wait_for_workers = True
        if credentials == "local":  # Coiled's name for "send the credentials of this machine"
            credentials = "auto"
        if credentials not in DATA_CREDENTIALS_CHOICES:
            raise ValueError(f"credentials must be 'local' (or 'auto'), 'aws', 'gcp' or None, not {credentials!r}")
        if container is not None and software is not None:
            raise ValueError("give software or container, not both")
        self._container = container
        self._data_credentials_choice = credentials
        self._package_sync_asked = package_sync
        self._package_sync = package_sync_options.resolve(package_sync, software, container)
        self._sync_options = package_sync_options.Options.of(package_sync_strict, package_sync_ignore,
                                                             package_sync_fail_on)
        self._refresher: Refresher | None = None
        self._body = spec.create_body(
            name=name, n_workers=n_workers, worker_cpu=worker_cpu, worker_memory=worker_memory,
            worker_threads=worker_threads, software=software, idle_timeout=idle_timeout,
            no_client_timeout=no_client_timeout, max_lifetime=max_lifetime, environ=environ, tags=tags,
            spot_policy=spot_policy, worker_gpu=worker_gpu, arm=arm)
        self._wait_option = wait_for_workers
        self._wanted_workers = spec.workers_to_wait_for(wait_for_workers, n_workers)
        self._api = Api(url=url, token=token)
        self.workspace = resolve_workspace(self._api, workspace)
        self._routes = ClusterRoutes(self._api, self.workspace)
        self._environments = EnvironmentRoutes(self._api, self.workspace)
        self._shutdown_on_close = shutdown_on_close
        self._timeout = timeout
        self._info: dict = {}
        self._credentials: ClusterCredentials | None = None
        self._close_reason: str | None = None
        self.security = None
        super().__init__(asynchronous=asynchronous, name=name or "(starting)", **kwargs)
        self._asynchronous = asynchronous
        if not self.called_from_running_loop:
            self._loop_runner.start()
            try:
                self.sync(self._start)
            except BaseException:
                self._loop_runner.stop()
                raise

    # ----- start -----------------------------------------------------------------------------------

    def __await__(self):
        async def _():
            await self._start()
            return self
        return _().__await__()

    async def _start(self) -> None:
        if self.status != Status.created:
            return
        self.status = Status.starting
        deadline = time.monotonic() + self._timeout
        progress = StartProgress()
        created = False
        try:
            info, created = await asyncio.to_thread(self._create_or_attach)
            self._remember(info)
            if self._shutdown_on_close is None:
                self._shutdown_on_close = created
            if not created:  # the running cluster's size counts, not this call's n_workers
                self._wanted_workers = spec.workers_to_wait_for(self._wait_option, info["desiredWorkers"])
            await self._wait_until_running(deadline, progress)
            body = await asyncio.to_thread(self._routes.credentials, self.name)
            version_check.check(body.get("versions"), strict=self._sync_options.strict)
            self._credentials = ClusterCredentials(body)
            self.security = self._credentials.security()
            self.scheduler_comm = rpc(self._credentials.scheduler_address,
                                      connection_args=self.security.get_connection_args("client"))
            self.status = Status.created
            await super()._start()
            self._refresher = Refresher(self.loop, self._refresh_data_credentials)
            if self._data_credentials_choice is not None and self._can_send(self._data_credentials_kind()):
                await self._send_credentials_if_any()
            await self._wait_for_workers_connected(deadline, progress)
        except BaseException as error:
            await self._abandon(created, error)
            raise
        finally:
            progress.done()

    def _create_or_attach(self) -> tuple[dict, bool]:
        if self._container is not None:
            env = self._environments.create(create_env_body(container_environment_name(self._container),
                                                            container=self._container, architecture=self._architecture()))
            self._body["software"] = f"{env['name']}:{env['version']}"
        name = self._body["name"]
        if name:
            existing = self._routes.find(name)
            if existing and existing.get("active"):
                logger.info("Attaching to running cluster %s", name)
                return existing, False
        self._sync_packages()
        try:
            created = self._routes.create(self._body)
            warn_about_limits(created, stacklevel=4)  # a limit near or reached: one UsageWarning per sentence
            if self._adaptive_bounds is not None:  # n_workers as a range (or not given): adaptive from the start
                created = self._routes.adapt(created["name"], *self._adaptive_bounds)
            return created, True
        except FlotillaError as e:
            if e.status == 409 and name:  # created meanwhile by someone else: attach
                return self._routes.get(name), False
            raise

    def _sync_packages(self) -> None:
        """Package sync before a create: the synced environment becomes the cluster's software."""
        if not self._package_sync:
            return
        try:
            answer = package_sync_options.sync(self._api, self.workspace, self._sync_options)
        except FlotillaError as e:
            # an appliance without the engine, or a workspace whose builder cannot build (e.g. no CodeBuild role)
            unsupported = (e.status == 404 or (e.status == 503 and e.code == "environments_unavailable")
                           or (e.status == 409 and e.code == "not_buildable_here"))
            if self._package_sync_asked is None and unsupported and not isinstance(e, package_sync_options.PackageSyncError):
                warnings.warn(f"The appliance cannot sync packages ({e.message}); the cluster runs the appliance's "
                              "default software, and only the version check on connect compares it with yours.",
                              package_sync_options.PackageSyncWarning, stacklevel=4)
                return
            raise
        environment = answer["environment"]
        logger.info("Package sync: environment %s (%s)", environment["name"], environment["state"])
        self._body["software"] = environment["name"]

    async def _wait_until_running(self, deadline: float, progress: StartProgress) -> None:
        while True:
            state = self._info["state"]
            progress.update(self.name, await asyncio.to_thread(self._software_progress, state))
            if state == "running":
                return
            if not self._info.get("active"):
                raise ClusterStartError(f"Cluster {self.name} is {state}: {self._info.get('reason') or 'no reason given'}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise ClusterStartError(f"Cluster {self.name} was still {state} after {self._timeout:g}s")
            # the appliance answers the moment the state changes (long polling)
            asked = time.monotonic()
            wait = max(1, min(LONG_POLL_SECONDS, int(left)))
            self._remember(await asyncio.to_thread(self._routes.get, self.name, state, wait))
            if self._info["state"] == state and time.monotonic() - asked < POLL_SECONDS / 2:
                await asyncio.sleep(POLL_SECONDS)  # an appliance that answered without waiting: poll instead

    def _architecture(self) -> str:
        return "arm64" if self._body.get("arm") else "x86_64"

    def _software_progress(self, state: str) -> str:
        """``pending, software environment X:2 building`` while the cluster waits for its environment's build."""
        software = self._body.get("software")
        if state != "pending" or not software:
            return state
        name, _, version = software.partition(":")
        try:
            versions_ = self._environments.get(name)["versions"]
        except FlotillaError:
            return state
        env = next((v for v in versions_ if not version or str(v["version"]) == version), None)
        return state if env is None else f"{state}, software environment {name}:{env['version']} {env['state']}"

    async def _wait_for_workers_connected(self, deadline: float, progress: StartProgress) -> None:
        wanted = self._wanted_workers
        last_check = time.monotonic()
        while self._connected_workers() < wanted:
            progress.update(self.name, "waiting for workers", self._connected_workers(), wanted)
            if time.monotonic() > deadline:
                raise ClusterStartError(
                    f"Only {self._connected_workers()} of {wanted} workers connected to cluster {self.name} "
                    f"within {self._timeout:g}s ({self._info.get('workers', {}).get('running', 0)} running).")
            if time.monotonic() - last_check > 2 * POLL_SECONDS:
                last_check = time.monotonic()
                self._remember(await asyncio.to_thread(self._routes.get, self.name))
                if not self._info.get("active"):
                    raise ClusterStartError(f"Cluster {self.name} is {self._info['state']} while waiting for "
                                            f"workers: {self._info.get('reason') or 'no reason given'}")
            await asyncio.sleep(0.2)
        progress.update(self.name, "ready", self._connected_workers(), wanted)

    async def _abandon(self, created: bool, error: BaseException) -> None:
        """Undo a failed start: close comms, and stop the cluster if we created it (so nothing is left running)."""
        if self._refresher:
            self._refresher.stop()
        if self.status in (Status.running, Status.created) and self.scheduler_comm:
            await DaskCluster._close(self)
        self.status = Status.closed
        if created and self._shutdown_on_close and self._info:
            try:
                await asyncio.to_thread(self._routes.stop, self.name, f"client start failed: {error}"[:200])
            except Exception:  # the start error matters more than a failed clean-up
                logger.warning("Could not stop cluster %s after a failed start", self.name, exc_info=True)
        if self._credentials:
            self._credentials.remove()

    # ----- use -------------------------------------------------------------------------------------

    def _remember(self, info: dict) -> None:
        self._info = info
        self.name = info["name"]

    def _connected_workers(self) -> int:
        return len(self.scheduler_info.get("workers", {}))

    @property
    def scheduler_address(self) -> str:
        if self._credentials:
            return self._credentials.scheduler_address
        return self._info.get("schedulerAddress") or "<Not Connected>"

    @property
    def dashboard_link(self) -> str:
        """The dashboard's address with the cluster's dashboard token (from the connection credentials); the
        address without it (the cluster's view) is refused by the dashboard, so it is not offered."""
        if self._credentials and self._credentials.dashboard_url:
            return self._credentials.dashboard_url
        return ""

    @property
    def ca_file(self) -> str | None:
        """The cluster CA's certificate (PEM), which signed the scheduler's and the dashboard's certificates: what a
        browser or ``requests`` must trust to open :attr:`dashboard_link` without a warning. Gone after close."""
        return self._credentials.ca_file if self._credentials else None

    @property
    def info(self) -> dict:
        """The cluster as the appliance describes it now (the Cluster JSON of CONTRACT.md)."""
        self._remember(self._routes.get(self.name))
        return self._info

    @property
    def state(self) -> str:
        """The appliance's state: pending, starting, running, stopping, stopped or failed."""
        return self.info["state"]

    def scale(self, n: int, force_stop: bool = True) -> Any:
        """Ask the appliance for ``n`` workers (this turns adaptive scaling off). Workers beyond ``n`` are retired
        gracefully (their data moved off) and their instances stopped whatever the retirement's outcome, which is
        Coiled's ``force_stop=True``; ``force_stop=False`` (keep instances whose retirement failed) is not supported."""
        if not force_stop:
            warnings.warn("scale(force_stop=False) is not supported: instances of retired workers are always stopped",
                          coiled_compat.CoiledCompatibilityWarning, stacklevel=2)
        return self.sync(self._call, self._routes.scale, self.name, n)

    def adapt(self, minimum: int = 0, maximum: int = 20, target_duration: Any = None, wait_count: int | None = None,
              interval: Any = None, **kwargs: Any) -> Any:
        """Turn on adaptive scaling between ``minimum`` and ``maximum`` workers.

        Dask's adaptive logic runs next to the scheduler (the Flotilla scheduler plugin), not in this process, so it
        keeps working when this client goes away; ``interval`` (how often it decides), ``target_duration`` (how long
        the queued work may take: shorter asks for more workers sooner) and ``wait_count`` (decisions in a row asking
        for fewer before a worker is removed) are sent to it through the appliance. Durations are seconds or strings
        such as ``"30s"``; left out, the cluster keeps its current values (at first 1 s, 5 s and 3). Coiled's
        ``Adaptive`` class argument has no meaning here and is ignored; other keywords are warned about.
        """
        kwargs.pop("Adaptive", None)
        if kwargs:
            warnings.warn(f"adapt() ignores {sorted(kwargs)}: only interval, target_duration and wait_count reach "
                          "the scheduler", coiled_compat.CoiledCompatibilityWarning, stacklevel=2)
        timing = {"intervalSeconds": spec.duration(interval, "interval"),
                  "targetDurationSeconds": spec.duration(target_duration, "target_duration"), "waitCount": wait_count}
        timing = {key: value for key, value in timing.items() if value is not None}
        return self.sync(self._call, self._routes.adapt, self.name, minimum, maximum, timing)

    async def _call(self, route, *args: Any) -> dict:
        self._remember(await asyncio.to_thread(route, *args))
        return self._info

    def get_logs(self, scheduler: bool = True, workers: bool = True, cluster: bool = False) -> Logs:
        """Logs from the appliance (kept after the cluster stops): ``{"Scheduler": ..., "<worker>": ...}``."""
        return self.sync(self._get_logs, cluster=cluster, scheduler=scheduler, workers=workers)

    async def _get_logs(self, cluster: bool = False, scheduler: bool = True, workers: bool = True) -> Logs:
        role = None if scheduler and workers else "scheduler" if scheduler else "worker" if workers else ""
        logs = Logs()
        if role == "":
            return logs
        lines = await asyncio.to_thread(self._routes.logs, self.name, role)
        for line in lines:
            key = "Scheduler" if line.get("role") == "scheduler" else line.get("instance") or "unknown"
            logs.setdefault(key, []).append(line.get("message") or "")
        return Logs({key: Log("\n".join(messages)) for key, messages in logs.items()})

    # ----- data credentials ------------------------------------------------------------------------

    def send_credentials(self, automatic_refresh: bool = True) -> None:
        """Send your data credentials to the scheduler and workers, and (``automatic_refresh``, the default) keep them
        fresh until close; ``automatic_refresh=False`` sends them once.

        They go over the cluster's TLS connection, never through the appliance, and are re-sent at half their
        remaining lifetime. Which ones: what ``credentials`` chose, else by the cluster's provider.

        - AWS: short-lived credentials derived from your local boto3 session (an STS session token, or the
          session's own temporary credentials); they become ``AWS_*`` environment variables of the scheduler and
          worker processes, where boto3, s3fs and pyarrow find them.
        - Google (provider ``gcp``): an OAuth access token of your application-default credentials; it becomes
          what ``google.auth.default()`` returns there (google-cloud-storage, BigQuery, gcsfs) and
          ``CLOUDSDK_AUTH_ACCESS_TOKEN`` (see ``flotilla.gcp_credentials``).

        Raises ``flotilla.DataCredentialsError`` without the library (boto3, google-auth) or local credentials.
        """
        if not automatic_refresh and self._refresher:
            self._refresher.cancel()
        self.sync(self._refresh_data_credentials, automatic_refresh)

    def _data_credentials_kind(self) -> str:
        """``aws`` or ``gcp``: the one ``credentials`` named, else by the cluster's provider."""
        if self._data_credentials_choice in ("aws", "gcp"):
            return self._data_credentials_choice
        return "gcp" if self._info.get("provider") == "gcp" else "aws"

    @staticmethod
    def _can_send(kind: str) -> bool:
        # without boto3, AWS credentials are not even looked for; a Google cluster without google-auth says so
        return kind == "gcp" or boto3_available()

    async def _send_credentials_if_any(self) -> None:
        kind = self._data_credentials_kind()
        what = "Google" if kind == "gcp" else "AWS"
        try:
            await self._refresh_data_credentials()
        except DataCredentialsError as e:
            if kind == "gcp":
                warnings.warn(f"Not sending Google credentials to cluster {self.name}: {e} Its workers can read "
                              "only what their own service account may.", RuntimeWarning, stacklevel=2)
            else:
                logger.info("Not sending AWS credentials to cluster %s: %s", self.name, e)
        except Exception as e:  # the cluster is usable without them; say so rather than fail the start
            warnings.warn(f"Could not send {what} credentials to cluster {self.name} ({type(e).__name__}); "
                          "call cluster.send_credentials() to retry", RuntimeWarning, stacklevel=2)

    async def _refresh_data_credentials(self, refresh: bool = True) -> AwsCredentials | GoogleCredentials:
        read = from_local_adc if self._data_credentials_kind() == "gcp" else from_local_session
        credentials = await asyncio.to_thread(read)
        await self._forward_data_credentials(credentials, refresh)
        return credentials

    async def _forward_data_credentials(self, credentials: AwsCredentials | GoogleCredentials,
                                        refresh: bool = True) -> None:
        await send(self.scheduler_comm, credentials)
        if refresh:
            self._refresher.schedule(refresh_delay(credentials))

    # ----- close -----------------------------------------------------------------------------------

    def shutdown(self) -> Any:
        """Stop the cluster (whatever ``shutdown_on_close`` says) and wait until it has stopped."""
        return self.close(force_shutdown=True)

    def close(self, timeout: float | None = None, reason: str | None = None, force_shutdown: bool = False) -> Any:
        """Disconnect; when ``shutdown_on_close`` or ``force_shutdown``, stop the cluster (``reason`` is recorded as
        its stop reason) and wait until it has stopped."""
        if force_shutdown:
            self._shutdown_on_close = True
        self._close_reason = reason
        result = super().close(timeout)
        if not self.asynchronous:
            self._loop_runner.stop()
        return result

    async def _close(self) -> None:
        if self.status == Status.closed:
            return
        if self._refresher:
            self._refresher.stop()
        await super()._close()
        try:
            if self._shutdown_on_close and self._info:
                await asyncio.to_thread(self._stop_and_wait)
        finally:
            if self._credentials:
                self._credentials.remove()

    def _stop_and_wait(self) -> None:
        self._remember(self._routes.stop(self.name, self._close_reason or "user request"))
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while not self._info.get("finished"):
            if time.monotonic() > deadline:
                warnings.warn(f"Cluster {self.name} was still {self._info['state']} after {STOP_TIMEOUT_SECONDS}s")
                return
            time.sleep(POLL_SECONDS / 2)
            self._remember(self._routes.get(self.name))

    # ----- display ---------------------------------------------------------------------------------

    def __repr__(self) -> str:
        workers = self._info.get("workers") or {}
        return (f"flotilla.Cluster(name={self.name!r}, workspace={self.workspace!r}, "
                f"state={self._info.get('state', 'unknown')!r}, workers={self._connected_workers()}"
                f"/{self._info.get('desiredWorkers', workers.get('running', 0))}, "
                f"scheduler={self.scheduler_address!r})")

    def _repr_html_(self, cluster_status: str | None = None) -> str:
        rows = {"Workspace": self.workspace, "State": self._info.get("state", "unknown"),
                "Owner": self._info.get("owner", ""), "Desired workers": self._info.get("desiredWorkers", ""),
                "Adaptive": self._info.get("adaptive") or "off"}
        table = "".join(f'<tr><td style="text-align: left;"><strong>{html.escape(k)}:</strong> '
                        f"{html.escape(str(v))}</td></tr>" for k, v in rows.items())
        return super()._repr_html_(cluster_status=f"<table>{table}</table>")


def list_clusters(workspace: str | None = None, include_stopped: bool = False) -> list[dict]:
    """Clusters of a workspace (the Cluster JSON of CONTRACT.md); active ones unless ``include_stopped``."""
    api = Api()
    try:
        routes = ClusterRoutes(api, resolve_workspace(api, workspace))
        return list(routes.list(finished=None if include_stopped else False))
    finally:
        api.close()
