"""Medians, ratios and the printed table of a benchmark run."""

from __future__ import annotations

import statistics

GOAL_PERCENT = 10.0


def summarise(runs: list[dict], sizes: list[int]) -> list[dict]:
    """Per N: median seconds of each phase, direct and through the appliance, and the overhead to N workers."""
    rows = []
    for n in sizes:
        direct = [r for r in runs if r["n"] == n and r["mode"] == "direct"]
        appliance = [r for r in runs if r["n"] == n and r["mode"] == "appliance"]
        if not direct or not appliance:
            continue
        row = {"n": n, "repeats": min(len(direct), len(appliance))}
        for phase in ("ready", "workers"):
            row[f"direct_{phase}"] = statistics.median(r[phase] for r in direct)
            row[f"appliance_{phase}"] = statistics.median(r[phase] for r in appliance)
        row["appliance_rest_workers"] = statistics.median(r["rest_workers"] for r in appliance)
        row["direct_cpu"] = statistics.median(r["cpu"]["machine"] for r in direct)
        row["appliance_cpu"] = statistics.median(r["cpu"]["machine"] for r in appliance)
        row["appliance_jvm_cpu"] = statistics.median(r["cpu"]["appliance"] for r in appliance)
        row["ratio"] = row["appliance_workers"] / row["direct_workers"]
        row["overhead_percent"] = (row["ratio"] - 1.0) * 100.0
        row["overhead_seconds"] = row["appliance_workers"] - row["direct_workers"]
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    """The summary as a fixed-width text table plus a closing line against the goal."""
    header = (f"{'N':>3}  {'ready direct':>12}  {'ready flotilla':>14}  {'workers direct':>14}  "
              f"{'workers flotilla':>16}  {'ratio':>6}  {'overhead':>9}  {'+seconds':>8}  "
              f"{'cpu direct':>10}  {'cpu flotilla':>12}  {'of it appliance':>15}")
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(f"{r['n']:>3}  {r['direct_ready']:>11.2f}s  {r['appliance_ready']:>13.2f}s  "
                     f"{r['direct_workers']:>13.2f}s  {r['appliance_workers']:>15.2f}s  {r['ratio']:>6.2f}  "
                     f"{r['overhead_percent']:>8.1f}%  {r['overhead_seconds']:>7.2f}s  {r['direct_cpu']:>9.2f}s  "
                     f"{r['appliance_cpu']:>11.2f}s  {r['appliance_jvm_cpu']:>14.2f}s")
    lines.append("")
    lines.append("medians; 'ready' = create until the scheduler is ready (direct: answers a TLS handshake; flotilla: "
                 "REST state 'running'); 'workers' = create until a TLS client sees N workers connected; "
                 "ratio and overhead are on 'workers'; cpu = CPU seconds the whole machine used until then "
                 "(of it appliance: its JVM and embedded PostgreSQL).")
    lines.append(closing_line(rows))
    return "\n".join(lines)


def closing_line(rows: list[dict]) -> str:
    if not rows:
        return "No complete measurements."
    met = [r["n"] for r in rows if r["overhead_percent"] < GOAL_PERCENT]
    missed = [r["n"] for r in rows if r["overhead_percent"] >= GOAL_PERCENT]
    worst = max(rows, key=lambda r: r["overhead_percent"])
    verdict = "met for every N" if not missed else (
        f"missed for N={','.join(map(str, missed))}" + (f", met for N={','.join(map(str, met))}" if met else ""))
    return (f"Goal 'Flotilla adds under {GOAL_PERCENT:.0f} %': {verdict} "
            f"(worst: N={worst['n']}, +{worst['overhead_percent']:.0f} %, +{worst['overhead_seconds']:.1f} s).")
