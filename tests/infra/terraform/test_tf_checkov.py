"""checkov (3.3.30, offline: ``--skip-download``) finds nothing in either module beyond the module's short skip
list (``terraform/<module>/.checkov.yaml``), in which every skipped check carries a one-line reason."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tfmodules import MODULES

MAX_SKIPS = 10


def skips(module: str) -> dict[str, str]:
    """check id → the reason written after it in the module's .checkov.yaml."""
    found = {}
    for line in (MODULES[module] / ".checkov.yaml").read_text().splitlines():
        match = re.match(r"\s*-\s*(CKV\w+)\s*(?:#\s*(.*))?$", line)
        if match:
            found[match.group(1)] = (match.group(2) or "").strip()
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_skip_list_is_short_and_justified(module):
    listed = skips(module)
    assert 0 < len(listed) <= MAX_SKIPS, listed
    assert all(len(reason.split()) >= 5 for reason in listed.values()), listed


def failed_checks(tools, module: str, cwd) -> dict[str, list[str]]:
    """check id → the resources failing it, from a checkov run over the module without any skip (over a copy
    without the module's .checkov.yaml, which checkov reads from the scanned directory by itself)."""
    copy = cwd / module
    shutil.copytree(MODULES[module], copy, ignore=shutil.ignore_patterns(".checkov.yaml", ".terraform"))
    result = subprocess.run(
        [str(tools / "checkov" / "bin" / "checkov"), "--directory", str(copy), "--framework", "terraform",
         "--skip-download", "--output", "json", "--quiet"],
        capture_output=True, text=True, timeout=900, cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "BC_SKIP_MAPPING": "TRUE"})
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    assert sum(r.get("summary", {}).get("passed", 0) for r in reports) > 50, result.stdout[:2000]
    failed: dict[str, list[str]] = {}
    for r in reports:
        for check in r.get("results", {}).get("failed_checks", []):
            failed.setdefault(check["check_id"], []).append(f"{check['resource']} ({check['file_path']})")
    return failed


@pytest.mark.parametrize("module", sorted(MODULES))
def test_checkov_fails_exactly_the_skipped_checks(tools, module, tmp_path):
    """Nothing fails beyond the skip list, and every skip is still needed (a fixed finding leaves the list)."""
    failed = failed_checks(tools, module, tmp_path)
    listed = skips(module)
    assert {c: r for c, r in failed.items() if c not in listed} == {}
    assert sorted(set(listed) - set(failed)) == [], "skips no check fails any more"
