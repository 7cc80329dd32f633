"""Package sync on the client: capture (PEP 610), wheel builds, uploads, the manifest, and Cluster's options."""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import distributed
import pytest

import flotilla
from flotilla import package_sync
from flotilla.core import Api
from tests.fake.appliance import USER_TOKEN, WORKSPACE


def write_project(root: Path, name: str = "pkgsync_demo", body: str = "def answer():\n    return 6 * 7\n") -> Path:
    project = root / f"{name}-project"
    (project / "src" / name).mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{name.replace("_", "-")}"\nversion = "0.3.1"\n')
    (project / "src" / name / "__init__.py").write_text(body)
    return project


def install_as_editable(site: Path, project: Path, name: str = "pkgsync-demo", version: str = "0.3.1") -> None:
    """A dist-info as pip writes it for ``pip install -e project`` (PEP 610 direct_url.json with editable)."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "direct_url.json").write_text(json.dumps({"url": project.as_uri(), "dir_info": {"editable": True}}))
    (info / "INSTALLER").write_text("pip\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    path = tmp_path / "site-packages"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    return path


def test_capture_lists_the_environment_and_its_editable_packages_but_never_flotilla(site, tmp_path):
    project = write_project(tmp_path)
    install_as_editable(site, project)
    captured = package_sync.capture()
    names = {package_sync.normalize(p["name"]): p for p in captured.packages}
    assert names["distributed"]["version"] == distributed.__version__
    assert names["pkgsync-demo"] == {"name": "pkgsync-demo", "version": "0.3.1", "source": "editable"}
    assert "flotilla" not in names, "PyPI's unrelated 'flotilla' must never be a requirement"
    assert [(p.name, p.source, p.path) for p in captured.local] == [("pkgsync-demo", "editable", project)]
    assert captured.python == ".".join(map(str, sys.version_info[:3]))
    assert captured.platform == sys.platform and captured.architecture


def test_sync_builds_uploads_and_sends_the_manifest(appliance, site, tmp_path):
    install_as_editable(site, write_project(tmp_path))
    appliance.package_sync.warnings = ["torch 2.4.1+cpu is not a PyPI release; the cluster gets 2.4.1."]
    api = Api(url=appliance.url, token=USER_TOKEN)
    try:
        with pytest.warns(package_sync.PackageSyncWarning, match=r"torch 2\.4\.1\+cpu"):
            answer = package_sync.sync(api, WORKSPACE, package_sync.Options.of(True, ["pandas"], "warning-or-higher"))
    finally:
        appliance.package_sync.warnings = []
        api.close()
    assert answer["environment"]["name"].startswith("package-sync-")
    sent = appliance.package_sync.syncs[-1]
    assert (sent["strict"], sent["ignore"], sent["failOn"]) == (True, ["pandas"], "warning-or-higher")
    demo = next(p for p in sent["manifest"]["packages"] if p["name"] == "pkgsync-demo")
    wheel = demo["wheel"]
    assert wheel["filename"] == "pkgsync_demo-0.3.1-py3-none-any.whl"
    content = appliance.package_sync.wheels[(wheel["filename"], wheel["sha256"])]
    assert hashlib.sha256(content).hexdigest() == wheel["sha256"]
    with zipfile.ZipFile(__import__("io").BytesIO(content)) as built:
        assert "def answer" in built.read("pkgsync_demo/__init__.py").decode()


def test_an_unchanged_package_builds_the_same_wheel_so_the_environment_stays_the_same(tmp_path):
    project = write_project(tmp_path)
    local = package_sync.LocalPackage("pkgsync-demo", "0.3.1", "editable", project)
    first = package_sync.build_wheel(local, tmp_path).read_bytes()
    second = package_sync.build_wheel(local, tmp_path).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    (project / "src" / "pkgsync_demo" / "__init__.py").write_text("def answer():\n    return 43\n")
    assert package_sync.build_wheel(local, tmp_path).read_bytes() != first


def test_a_wheel_that_does_not_build_in_time_or_at_all_is_one_clear_error(tmp_path):
    project = write_project(tmp_path)
    local = package_sync.LocalPackage("pkgsync-demo", "0.3.1", "editable", project)
    with pytest.raises(package_sync.PackageSyncError, match=r"pkgsync-demo .* took longer than 0\.01s"):
        package_sync.build_wheel(local, tmp_path, timeout=0.01)
    (project / "pyproject.toml").write_text("[project\nthis is not toml")
    with pytest.raises(package_sync.PackageSyncError, match=r"Building a wheel of pkgsync-demo .* failed"):
        package_sync.build_wheel(local, tmp_path)
    gone = package_sync.LocalPackage("gone", "1.0", "editable", tmp_path / "nowhere")
    with pytest.raises(package_sync.PackageSyncError, match="no longer exists"):
        package_sync.build_wheel(gone, tmp_path)


def test_a_refused_sync_raises_the_appliances_sentence(appliance):
    appliance.package_sync.refuse_with = "Package sync refused (fail on critical-only): distributed 2026.1.2+g1 is not a PyPI release."
    api = Api(url=appliance.url, token=USER_TOKEN)
    try:
        with pytest.raises(package_sync.PackageSyncError, match=r"distributed 2026\.1\.2\+g1") as refused:
            package_sync.sync(api, WORKSPACE, package_sync.Options.of(), package_sync.Capture(
                "3.11.7", "linux", "x86_64", [{"name": "distributed", "version": "2026.1.2+g1"}]))
        assert refused.value.status == 422
    finally:
        appliance.package_sync.refuse_with = None
        api.close()


@pytest.mark.parametrize("kwargs, message", [
    ({"package_sync": "yes"}, "package_sync must be True, False or None"),
    ({"package_sync": True, "software": "env-1"}, "cannot be combined with software="),
    ({"package_sync_strict": "very"}, "package_sync_strict must be True or False"),
    ({"package_sync_ignore": "pandas"}, "package_sync_ignore must be a list of package names"),
    ({"package_sync_ignore": ["../x"]}, "package_sync_ignore must be a list of package names"),
    ({"package_sync_fail_on": "never"}, "critical-only, warning-or-higher, any"),
])
def test_cluster_refuses_bad_package_sync_options_before_calling_the_appliance(logged_in, kwargs, message):
    before = len(logged_in.requests)
    with pytest.raises(ValueError, match=message):
        flotilla.Cluster(**kwargs)
    assert len(logged_in.requests) == before


def test_package_sync_is_the_default_only_without_software():
    assert package_sync.resolve(None, None) is True
    assert package_sync.resolve(None, "env-1") is False
    assert package_sync.resolve(None, None, "ghcr.io/me/image:1") is False
    assert package_sync.resolve(False, None) is False


def test_default_package_sync_falls_back_with_a_warning_where_the_workspace_cannot_build(logged_in):
    """A workspace whose builder refuses every spec (409 not_buildable_here, e.g. an AWS account without a CodeBuild
    role): the default sync warns and the cluster runs the appliance's software; an explicit package_sync=True raises."""
    sync = logged_in.package_sync
    sync.refuse_with = "This appliance cannot build software environment images on AWS: no CodeBuild service role is configured."
    sync.refuse_status, sync.refuse_code = 409, "not_buildable_here"
    try:
        with pytest.warns(package_sync.PackageSyncWarning, match="no CodeBuild service role"):
            with flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120) as cluster:
                assert cluster._body.get("software") is None
        with pytest.raises(flotilla.FlotillaError, match="no CodeBuild service role") as refused:
            flotilla.Cluster(n_workers=0, wait_for_workers=False, timeout=120, package_sync=True)
        assert refused.value.status == 409
    finally:
        sync.refuse_with = None
        sync.refuse_status, sync.refuse_code = 422, "package_sync_refused"
