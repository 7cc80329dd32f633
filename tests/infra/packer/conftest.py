"""Fixtures of the Packer and install-script tests: the repository root and a validate-able copy of a template."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def template_copy(tmp_path):
    """Copies packer/<name> (without plugins.pkr.hcl, which Debian's packer 1.6.6 rejects), packer/files and the
    files the templates upload into a tree shaped like the repository, with dummy build outputs (wheel, jar)."""

    def copy(name: str) -> Path:
        root = tmp_path / "repo"
        shutil.copytree(REPO / "packer" / name, root / "packer" / name)
        (root / "packer" / name / "plugins.pkr.hcl").unlink()
        shutil.copytree(REPO / "packer" / "files", root / "packer" / "files", symlinks=False)
        shutil.copytree(REPO / "app" / "src" / "main" / "resources" / "agent", root / "app/src/main/resources/agent")
        (root / "app/src/main/resources/runtime").mkdir(parents=True)
        shutil.copy(REPO / "app/src/main/resources/runtime/requirements.txt", root / "app/src/main/resources/runtime")
        (root / "app/target/classes/runtime").mkdir(parents=True)
        (root / "app/target/classes/runtime/flotilla-0.1.0-py3-none-any.whl").write_bytes(b"dummy wheel")
        (root / "ui/target").mkdir(parents=True)
        (root / "ui/target/flotilla-0.1.0-SNAPSHOT.jar").write_bytes(b"dummy jar")
        return root / "packer" / name

    return copy
