"""The fake appliance's usage and limits routes: reports grouped and paged like the real ones, CSV, limits."""

from __future__ import annotations

import re
from collections import defaultdict

GROUPS = ("user", "cluster", "workspace", "day", "month")
CSV_HEADER = "key,user,cluster,day,month,vcpu_hours,gpu_hours,instance_hours,estimated_cost_usd"
COST_LABEL = "estimate at list price, 2026-11-01"
# metered pieces: (user, cluster, day, vcpu-hours, gpu-hours, instance-hours, cost)
METERED = [("alice", "nightly", "2026-12-01", 8.0, 0.0, 2.0, 0.4),
           ("alice", "nightly", "2026-12-02", 4.0, 0.0, 1.0, 0.2),
           ("bob", "train", "2026-12-01", 16.0, 2.0, 2.0, 6.12),
           ("bob", "adhoc", "2026-11-30", 1.5, 0.0, 0.5, 0.07)]
NO_LIMITS = {"cpuHoursPerMonth": None, "gpuHoursPerMonth": None, "maxConcurrentCores": None,
             "maxClustersPerUser": None, "stopAtBudget": False}


class UsageRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def owns(path: str) -> bool:
    return re.fullmatch(r"/api/v1/workspaces/[^/]+/(usage|usage/cores|limits)", path) is not None


class FakeUsage:
    """Holds the workspace's limits; ``metered`` can be replaced by a test (e.g. with many rows, for paging)."""

    def __init__(self, workspace: str):
        self.workspace = workspace
        self.metered = list(METERED)
        self.limits = dict(NO_LIMITS)

    def handle(self, method: str, path: str, admin: bool, query: dict, body) -> tuple[int, object]:
        workspace, route = re.fullmatch(r"/api/v1/workspaces/([^/]+)/(.+)", path).groups()
        if workspace != self.workspace:
            raise UsageRefused(404, "not_found", f"There is no workspace named {workspace}.")
        if route == "limits":
            return self._limits(method, admin, body)
        if route == "usage/cores":
            return 200, [{"at": "2026-12-01T00:00:00Z", "cores": 4}, {"at": "2026-12-01T01:00:00Z", "cores": 12}]
        return 200, self._report(query)

    def _report(self, query: dict):
        by = query.get("by", "day")
        if by not in GROUPS:
            raise UsageRefused(400, "invalid_input", f"by must be one of user, cluster, workspace, day, month; not '{by}'.")
        since, until = query.get("since", "2026-11-01"), query.get("until", "2026-12-31")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*Z)?", since):
            raise UsageRefused(400, "invalid_input", f"since must be a day (YYYY-MM-DD) or an ISO instant, not '{since}'.")
        limit, offset = int(query.get("limit", 100)), int(query.get("offset", 0))
        if not 1 <= limit <= 1000:
            raise UsageRefused(400, "invalid_input", "The limit must be between 1 and 1000.")
        groups: dict[str, list] = defaultdict(lambda: [None, None, None, None, 0.0, 0.0, 0.0, 0.0])
        for user, cluster, day, vcpu, gpu, inst, cost in self.metered:
            if query.get("user") not in (None, user) or query.get("cluster") not in (None, cluster):
                continue
            if not since[:10] <= day < until[:10]:
                continue
            key = {"user": user, "cluster": f"{user}/{cluster}", "workspace": self.workspace, "day": day,
                   "month": day[:7]}[by]
            row = groups[key]
            row[:4] = [user if by in ("user", "cluster") else None, cluster if by == "cluster" else None,
                       day if by == "day" else None, day[:7] if by == "month" else None]
            for i, value in enumerate((vcpu, gpu, inst, cost)):
                row[4 + i] += value
        items = [{"key": k, "user": r[0], "cluster": r[1], "day": r[2], "month": r[3], "vcpuHours": r[4],
                  "gpuHours": r[5], "instanceHours": r[6], "estimatedCost": r[7]} for k, r in sorted(groups.items())]
        if query.get("format") == "csv":  # every group, not a page, as the appliance answers
            lines = [CSV_HEADER] + [",".join("" if i[f] is None else str(i[f]) for f in
                                             ("key", "user", "cluster", "day", "month", "vcpuHours", "gpuHours",
                                              "instanceHours", "estimatedCost")) for i in items]
            return "\n".join(lines) + "\n"
        totals = {f: sum(i[f] for i in items) for f in ("vcpuHours", "gpuHours", "instanceHours", "estimatedCost")}
        return {"by": by, "since": since if "T" in since else since + "T00:00:00Z",
                "until": until if "T" in until else until + "T00:00:00Z", "items": items[offset:offset + limit],
                "total": len(items), "totals": totals, "currency": "USD", "costLabel": COST_LABEL}

    def _limits(self, method: str, admin: bool, body):
        if method == "PUT":
            if not admin:
                raise UsageRefused(403, "forbidden", "Only admins of workspace ws can change its limits.")
            if set(body) != set(NO_LIMITS):
                raise UsageRefused(400, "invalid_input", f"Unknown or missing fields: {sorted(set(body) ^ set(NO_LIMITS))}.")
            if body["maxConcurrentCores"] is not None and body["maxConcurrentCores"] < 1:
                raise UsageRefused(400, "invalid_input", "maxConcurrentCores must be at least 1.")
            self.limits = dict(body)
        used = sum(m[3] for m in self.metered if m[2] >= "2026-12-01")
        warnings = []
        budget = self.limits["cpuHoursPerMonth"]
        if budget is not None and used >= 0.8 * budget:
            level = "reached" if used >= budget else "warning"
            warnings.append({"limit": "cpuHoursPerMonth", "value": budget, "used": used, "level": level,
                             "message": f"Workspace ws used {used:g} of its {budget:g} CPU-hours this month."})
        return 200, {**self.limits, "month": "2026-12", "canEdit": admin, "warnings": warnings,
                     "use": {"cpuHoursThisMonth": used, "gpuHoursThisMonth": 2.0, "concurrentCores": 12,
                             "yourActiveClusters": 1}}
