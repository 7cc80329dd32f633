"""flotilla.usage(), usage_frame(), limits() and the UsageWarning on create, against the fake appliance."""

from __future__ import annotations

import builtins
import warnings
from datetime import date, datetime, timezone

import pytest

import flotilla
from flotilla.core import FlotillaError
from tests.fake.usage import COST_LABEL


def usage_queries(fake) -> list[dict]:
    return [q for m, p, q in fake.queries if p.endswith("/usage")]


def test_rows_by_day_are_the_reports_items(logged_in):
    rows = flotilla.usage(by="day", since="2026-12-01", until=date(2026, 12, 3))
    assert [r["key"] for r in rows] == ["2026-12-01", "2026-12-02"]
    assert rows[0]["vcpuHours"] == pytest.approx(24.0) and rows[0]["gpuHours"] == pytest.approx(2.0)
    assert rows[0]["estimatedCost"] == pytest.approx(6.52) and rows[0]["day"] == "2026-12-01"
    assert usage_queries(logged_in)[-1] == {"by": "day", "since": "2026-12-01", "until": "2026-12-03", "limit": "100",
                                            "offset": "0"}


def test_filters_and_datetimes_reach_the_route(logged_in):
    rows = flotilla.usage(by="cluster", since=datetime(2026, 11, 1, 6, 30), user="bob", cluster="train")
    assert [(r["key"], r["user"], r["cluster"]) for r in rows] == [("bob/train", "bob", "train")]
    query = usage_queries(logged_in)[-1]
    assert query["since"] == "2026-11-01T06:30:00Z" and query["user"] == "bob" and query["cluster"] == "train"
    assert flotilla.usage(by="month", since=datetime(2026, 11, 1, tzinfo=timezone.utc))[0]["month"] == "2026-11"


def test_every_page_is_read_with_the_first_pages_period(logged_in, monkeypatch):
    many = [("alice", f"c{i:03d}", "2026-12-01", 1.0, 0.0, 1.0, 0.05) for i in range(230)]
    monkeypatch.setattr(logged_in.usage, "metered", many)
    logged_in.queries.clear()
    rows = flotilla.usage(by="cluster")
    assert len(rows) == 230 and len({r["key"] for r in rows}) == 230
    queries = usage_queries(logged_in)
    assert [q["offset"] for q in queries] == ["0", "100", "200"]
    assert "until" not in queries[0] and queries[1]["until"] == queries[2]["until"] == "2026-12-31T00:00:00Z"


def test_a_bad_grouping_is_refused_before_any_request(logged_in):
    logged_in.queries.clear()
    with pytest.raises(ValueError, match="by must be one of user, cluster, workspace, day, month"):
        flotilla.usage(by="week")
    assert usage_queries(logged_in) == []


def test_the_appliances_sentence_for_a_bad_since(logged_in):
    with pytest.raises(FlotillaError, match=r"since must be a day \(YYYY-MM-DD\) or an ISO instant"):
        flotilla.usage(since="yesterday")


def test_a_data_frame_has_a_row_per_group(logged_in):
    import pandas  # a test extra: the frame is checked, never skipped
    frame = flotilla.usage(by="user", as_frame=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["key"]) == ["alice", "bob"]
    assert frame.loc[frame["key"] == "bob", "vcpuHours"].item() == pytest.approx(17.5)
    assert list(flotilla.usage_frame(by="user").columns)[:3] == ["key", "user", "cluster"]


def test_without_pandas_the_frame_says_what_to_install(logged_in, monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"needs pandas, which is not installed here: pip install pandas"):
        flotilla.usage(as_frame=True)


def test_limits_show_use_and_warnings(logged_in):
    answer = flotilla.limits()
    assert answer["cpuHoursPerMonth"] is None and answer["canEdit"] is False and answer["warnings"] == []
    logged_in.usage.limits["cpuHoursPerMonth"] = 30
    answer = flotilla.limits()
    assert answer["use"]["cpuHoursThisMonth"] == pytest.approx(28.0)
    assert [(w["limit"], w["level"]) for w in answer["warnings"]] == [("cpuHoursPerMonth", "warning")]
    logged_in.usage.limits["cpuHoursPerMonth"] = None


def test_each_usage_warning_of_a_create_is_one_warning(logged_in, monkeypatch):
    sentences = ["Workspace ws used 85 % of its 100 CPU-hours this month.",
                 "Workspace ws runs 60 of its 64 concurrent cores."]
    monkeypatch.setattr(logged_in, "usage_warnings", sentences)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120, package_sync=False):
            pass
    usage = [w for w in caught if issubclass(w.category, flotilla.UsageWarning)]
    assert [str(w.message) for w in usage] == sentences
    assert issubclass(flotilla.UsageWarning, UserWarning)


def test_a_create_without_warnings_warns_nothing(logged_in):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120, package_sync=False):
            pass
    assert not [w for w in caught if issubclass(w.category, flotilla.UsageWarning)]


def test_the_usage_name_is_the_function(logged_in):
    import flotilla.workspace_usage  # noqa: F401  (importing the module must not hide the function)
    assert callable(flotilla.usage) and flotilla.usage.__name__ == "usage"
    assert COST_LABEL.startswith("estimate at list price")
