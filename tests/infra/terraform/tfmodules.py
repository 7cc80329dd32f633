"""Where the Terraform modules are and how to read their blocks (shared by the tests of this folder)."""
from __future__ import annotations

from pathlib import Path

import hclcheck

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TERRAFORM = REPO / "terraform"
MODULES = {"aws": TERRAFORM / "aws", "gcp": TERRAFORM / "gcp"}
PROVIDERS = {"aws": ("provider-aws", "aws_", "tags"), "gcp": ("provider-google", "google_", "labels")}


def tf_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tf") if ".terraform" not in p.parts)


def module_files(module: str) -> list[Path]:
    """The module's own files (not its examples)."""
    return sorted(MODULES[module].glob("*.tf"))


def module_blocks(module: str, kind: str, files: list[Path] | None = None) -> list[hclcheck.TfBlock]:
    found = []
    for path in files if files is not None else module_files(module):
        found += hclcheck.blocks(hclcheck.load(path), path, kind)
    return found
