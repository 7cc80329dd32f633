"""A workspace's usage and limits: :func:`usage`, :func:`usage_frame`, :func:`limits`, and :class:`UsageWarning`.

Usage is metered by the appliance from instance lifetimes (vCPU-, GPU- and instance-hours) with a cost estimate at
list price; rows are grouped by user, cluster, workspace, day or month (UTC). (The module is not called ``usage`` so
that ``flotilla.usage`` stays the function.)
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timezone
from typing import Any, Iterator

from flotilla.core import Api, error_from, segment
from flotilla.errors import FlotillaError, root_cause
from flotilla.rest import resolve_workspace

GROUPS = ("user", "cluster", "workspace", "day", "month")
PAGE_SIZE = 100
CSV_HEADER = "key,user,cluster,day,month,vcpu_hours,gpu_hours,instance_hours,estimated_cost_usd"
LIMIT_FIELDS = ("cpuHoursPerMonth", "gpuHoursPerMonth", "maxConcurrentCores", "maxClustersPerUser", "stopAtBudget")


class UsageWarning(UserWarning):
    """A workspace limit is near (80 %) or reached: the appliance's sentence, e.g. on creating a cluster."""


def warn_about_limits(cluster: dict, stacklevel: int = 2) -> None:
    """One :class:`UsageWarning` per sentence in a cluster answer's ``usageWarnings``."""
    for sentence in cluster.get("usageWarnings") or []:
        warnings.warn(sentence, UsageWarning, stacklevel=stacklevel + 1)


def as_time(value: str | date | datetime | None) -> str | None:
    """A ``since``/``until`` for the appliance: a date as ``YYYY-MM-DD``, a datetime as an ISO instant (naive = UTC);
    a string is sent as given (``YYYY-MM-DD`` or an ISO instant; the appliance says what is wrong with others)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"since and until take a date, a datetime or a string, not {type(value).__name__}")


class UsageRoutes:
    """Calls to ``/api/v1/workspaces/{workspace}/usage`` and ``.../limits`` for one workspace."""

    def __init__(self, api: Api, workspace: str):
        self.api = api
        self.workspace = workspace
        self.base = f"/api/v1/workspaces/{segment(workspace)}"

    @staticmethod
    def _params(by: str, since: Any, until: Any, user: str | None, cluster: str | None, **more: Any) -> dict:
        if by not in GROUPS:
            raise ValueError(f"by must be one of {', '.join(GROUPS)}, not {by!r}")
        params = {"by": by, "since": as_time(since), "until": as_time(until), "user": user, "cluster": cluster, **more}
        return {k: v for k, v in params.items() if v is not None}

    def report(self, by: str = "day", since: Any = None, until: Any = None, user: str | None = None,
               cluster: str | None = None, limit: int = PAGE_SIZE, offset: int = 0) -> dict:
        """One page of the report: ``items``, ``total``, ``totals``, ``currency``, ``costLabel``, ``since``, ``until``."""
        return self.api.get(f"{self.base}/usage",
                            params=self._params(by, since, until, user, cluster, limit=limit, offset=offset))

    def reports(self, by: str = "day", since: Any = None, until: Any = None, user: str | None = None,
                cluster: str | None = None) -> Iterator[dict]:
        """Every page of the report, first to last (the first page's ``since``/``until`` pin the later pages)."""
        offset = 0
        while True:
            page = self.report(by, since, until, user, cluster, PAGE_SIZE, offset)
            yield page
            since, until = page.get("since", since), page.get("until", until)
            items = page.get("items") or []
            offset += len(items)
            if not items or offset >= page.get("total", 0):
                return

    def csv(self, by: str = "day", since: Any = None, until: Any = None, user: str | None = None,
            cluster: str | None = None) -> str:
        """The report as the appliance's CSV: a header row and every group (the CSV is not paged)."""
        text = self._text(f"{self.base}/usage", self._params(by, since, until, user, cluster, format="csv"))
        if not text.startswith(CSV_HEADER.split(",")[0]):
            raise FlotillaError(f"The appliance answered a CSV report without its header: {text[:80]!r}")
        return text

    def _text(self, path: str, params: dict) -> str:
        try:
            response = self.api.session.get(self.api.url + path, params=params, headers={"Accept": "text/csv"},
                                            timeout=self.api.timeout)
        except OSError as e:  # requests' connection errors and timeouts
            raise FlotillaError(f"Cannot get {path} from the Flotilla appliance at {self.api.url}: {root_cause(e)}") from e
        if response.status_code >= 400:
            raise error_from(response)
        return response.text

    def cores(self, since: Any = None, until: Any = None, step: str | None = None) -> list[dict]:
        """Concurrent cores over time: ``[{"at": ..., "cores": ...}, ...]``."""
        params = {"since": as_time(since), "until": as_time(until), "step": step}
        return self.api.get(f"{self.base}/usage/cores", params={k: v for k, v in params.items() if v is not None}) or []

    def limits(self) -> dict:
        return self.api.get(f"{self.base}/limits")

    def set_limits(self, update: dict) -> dict:
        """Replace the limits (workspace admins); ``update`` holds every field of :data:`LIMIT_FIELDS`."""
        missing = [f for f in LIMIT_FIELDS if f not in update]
        if missing:
            raise ValueError(f"a limits update needs every field; missing {', '.join(missing)}")
        return self.api.request("PUT", f"{self.base}/limits", json={f: update[f] for f in LIMIT_FIELDS})


def _routes(workspace: str | None, url: str | None, token: str | None) -> UsageRoutes:
    api = Api(url=url, token=token)
    return UsageRoutes(api, resolve_workspace(api, workspace))


def usage(workspace: str | None = None, by: str = "day", since: Any = None, until: Any = None,
          user: str | None = None, cluster: str | None = None, as_frame: bool = False,
          url: str | None = None, token: str | None = None) -> Any:
    """The usage report's rows, every page: one dict per ``by`` group (``user``, ``cluster``, ``workspace``, ``day``,
    ``month``) with ``key``, ``user``, ``cluster``, ``day``, ``month``, ``vcpuHours``, ``gpuHours``,
    ``instanceHours`` and ``estimatedCost`` (USD, list-price estimate). ``since`` and ``until`` are dates,
    datetimes or strings (``YYYY-MM-DD`` or ISO); the appliance's default is this month (UTC) up to now.
    ``as_frame=True`` returns a pandas DataFrame instead (see :func:`usage_frame`).
    """
    routes = _routes(workspace, url, token)
    rows = [row for page in routes.reports(by, since, until, user, cluster) for row in page.get("items") or []]
    return to_frame(rows) if as_frame else rows


def usage_frame(workspace: str | None = None, by: str = "day", since: Any = None, until: Any = None,
                user: str | None = None, cluster: str | None = None, url: str | None = None,
                token: str | None = None) -> Any:
    """:func:`usage` as a pandas DataFrame (one row per group; needs pandas)."""
    return usage(workspace, by, since, until, user, cluster, as_frame=True, url=url, token=token)


def to_frame(rows: list[dict]) -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError("flotilla.usage(as_frame=True) needs pandas, which is not installed here: pip install pandas"
                          " (or call flotilla.usage() for a list of dicts).") from e
    columns = ["key", "user", "cluster", "day", "month", "vcpuHours", "gpuHours", "instanceHours", "estimatedCost"]
    return pandas.DataFrame(rows, columns=columns)


def limits(workspace: str | None = None, url: str | None = None, token: str | None = None) -> dict:
    """The workspace's limits and this month's use: ``cpuHoursPerMonth``, ``gpuHoursPerMonth``, ``maxConcurrentCores``,
    ``maxClustersPerUser`` (None: no limit), ``stopAtBudget``, ``month``, ``use``, ``warnings`` and ``canEdit``."""
    return _routes(workspace, url, token).limits()
