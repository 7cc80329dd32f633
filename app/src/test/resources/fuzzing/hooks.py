"""Schemathesis hooks for ApiFuzzingTest: rules of the Flotilla API that OpenAPI 3.0 cannot state.

Each rule relates two fields, constrains map keys, or limits a value a pattern cannot bound. A request that
breaks one is schema-valid but wrong, and the API answers it 400 with the field named, which is right; so
positive ("this must be accepted") cases breaking one are not generated. Negative cases are left as they are.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import schemathesis
from schemathesis import GenerationMode

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")  # ClusterSpecValidator.ENV_NAME
MEMORY = re.compile(r"^ *([0-9]+(?:\.[0-9]+)?) *([KkMmGgTt][Ii]?[Bb]|[Bb])? *$")  # ClusterSpecValidator.MEMORY_PATTERN
FACTORS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
           "KIB": 1024, "MIB": 1024 ** 2, "GIB": 1024 ** 3, "TIB": 1024 ** 4}


@schemathesis.hook
def filter_case(context, case) -> bool:
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return True
    if _has_nul([case.body, case.query, case.path_parameters, case.headers]):
        # no string the API takes may hold a NUL character (PostgreSQL text cannot), which OpenAPI 3.0 can only
        # say with a pattern on every string; the API answers 400 (StrictStringDeserializer, NulCharacterFilter)
        return False
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else {}
    query = case.query or {}
    if path.endswith("/clusters/{name}/adapt"):
        # adaptive scaling needs minimum <= maximum
        return not (_is_int(body.get("minimum")) and _is_int(body.get("maximum")) and body["minimum"] > body["maximum"])
    if path.endswith("/clusters") and method == "POST":
        return _cluster_options_ok(body)
    if path.endswith("/clusters/{name}/logs"):
        # since must not be after until
        since, until = _time(query.get("since")), _time(query.get("until"))
        return since is None or until is None or since <= until
    if path.endswith("/clusters/{name}/activity"):
        # since before until; minute buckets cover at most 7 days, hour buckets at most 366
        return _activity_range_ok(query)
    if path.endswith("/usage") or path.endswith("/usage/cores"):
        # since before until, a report covers at most 3660 days, a series at most 2000 points of at least a minute
        return _usage_range_ok(query, path.endswith("/cores"))
    if path.endswith("/clusters/{name}") and method == "GET":
        # waitSeconds says how long to wait for waitWhileState, and only applies with it
        return query.get("waitSeconds") is None or query.get("waitWhileState") is not None
    return True


def _cluster_options_ok(body: dict) -> bool:
    if _is_int(body.get("workerGpu")) and body["workerGpu"] > 0:
        return False  # GPUs only where the workspace's provider has them; the fuzzed workspace runs on this machine
    environ = body.get("environ")
    if isinstance(environ, dict) and not all(ENV_NAME.match(k) for k in environ):
        return False  # environment variable names: letters, digits and _, not starting with a digit
    for field in ("environ", "tags"):
        values = body.get(field)
        if isinstance(values, dict) and any(len(k) > 128 or (isinstance(v, str) and len(v) > 4096) for k, v in values.items()):
            return False  # keys up to 128 characters, values up to 4096
    memory = body.get("workerMemory")
    if isinstance(memory, str):
        m = MEMORY.match(memory)
        if m:
            size = float(m.group(1)) * FACTORS[(m.group(2) or "B").upper()]
            return 64e6 <= size <= 24e12  # workerMemory between 64MB and 24TB
    return True


def _usage_range_ok(query: dict, series: bool) -> bool:
    now = datetime.now(timezone.utc)
    since, until = _time(query.get("since")), _time(query.get("until"))
    if any(t is not None and t.tzinfo is None for t in (since, until)):
        return False  # an RFC 3339 date-time has an offset
    if series:
        until = until or now
        since = since or (until - timedelta(days=1))
        step = query.get("step")
        return since < until and until - since <= timedelta(hours=2000) and step is None  # the step syntax (30m, 1h, ISO-8601) is checked by the API's own tests
    since = since or now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    until = until or now
    return since.tzinfo is not None and until.tzinfo is not None and since < until and (until - since).days <= 3660


def _activity_range_ok(query: dict) -> bool:
    since, until = _time(query.get("since")), _time(query.get("until"))
    if any(t is not None and t.tzinfo is None for t in (since, until)):
        return False  # an RFC 3339 date-time has an offset
    hourly = query.get("resolution") == "hour"
    until = until or datetime.now(timezone.utc)
    since = since or (until - (timedelta(days=7) if hourly else timedelta(hours=1)))
    return since < until and until - since <= (timedelta(days=366) if hourly else timedelta(days=7))


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value or "%00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(value):
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None
