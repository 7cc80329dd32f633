"""Every .tf file parses with HCL2's grammar (python-hcl2) and is formatted as ``terraform fmt`` wants it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import hclcheck
from tfmodules import HERE, TERRAFORM, tf_files

ALL_FILES = tf_files(TERRAFORM)


def fmt_check(tools: Path, env: dict, directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(tools / "terraform" / "bin" / "python"), str(HERE / "tf_fmt.py"), str(directory)],
                          capture_output=True, text=True, env=env, timeout=300)


def test_the_modules_have_files():
    assert len(ALL_FILES) > 20, ALL_FILES


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(TERRAFORM)))
def test_file_parses(path):
    parsed = hclcheck.load(path)
    assert isinstance(parsed, dict)


def test_every_file_is_formatted(tools, terraform_env):
    result = fmt_check(tools, terraform_env, TERRAFORM)
    assert result.returncode == 0, f"terraform fmt -check:\n{result.stdout}{result.stderr}"


def test_fmt_check_reports_an_unformatted_file_and_a_syntax_error(tools, terraform_env, tmp_path):
    (tmp_path / "ugly.tf").write_text('resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n  tags = {}\n}\n')
    result = fmt_check(tools, terraform_env, tmp_path)
    assert result.returncode != 0 and "ugly.tf" in result.stdout, result
    (tmp_path / "ugly.tf").write_text('resource "aws_vpc" "this" {\n  cidr_block =\n')
    result = fmt_check(tools, terraform_env, tmp_path)
    assert result.returncode != 0 and "Invalid expression" in result.stderr, result


def test_parser_refuses_a_syntax_error(tmp_path):
    broken = tmp_path / "broken.tf"
    broken.write_text('resource "aws_vpc" "this" {\n  cidr_block = \n')
    with pytest.raises(Exception):
        hclcheck.load(broken)
