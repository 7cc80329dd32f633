"""The install and operations guides: each exists, is linked from the README, and every repository file and every
command it names exists (bin/ scripts, flotilla CLI subcommands and options, helm subcommands and flags, the
Terraform and Packer directories)."""

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import click
import pytest

from flotilla.cli import main as flotilla_cli
from markdown_guides import REPO, Guide

GUIDES = ["docs/install-aws.md", "docs/install-gcp.md", "docs/install-kubernetes.md", "docs/operations.md",
          "docs/security.md"]
CHECKED = GUIDES + ["helm/flotilla/README.md", "docs/install.md"]
# Written by the other issue-11 helpers on their branches (briefs/LAYOUT.md): absent here until the lead merges them.
# The lead empties this list at merge; then a missing one fails.
EXPECTED_FROM_OTHER_HELPERS: set[str] = set()
TERRAFORM_COMMANDS = {"init", "validate", "plan", "apply", "destroy", "output", "fmt", "show", "state", "import",
                      "providers", "version", "workspace", "console", "graph", "taint", "untaint", "refresh", "login"}
PACKER_COMMANDS = {"init", "build", "validate", "fmt", "inspect", "console", "version", "hcl2_upgrade"}


def expected_elsewhere(relative: str) -> bool:
    return relative in EXPECTED_FROM_OTHER_HELPERS or relative.split("/")[0] in EXPECTED_FROM_OTHER_HELPERS


def guide(relative: str) -> Guide:
    path = REPO / relative
    if not path.exists():
        if expected_elsewhere(relative):
            pytest.skip(f"{relative} comes from another helper's branch (EXPECTED_FROM_OTHER_HELPERS)")
        pytest.fail(f"{relative} does not exist")
    return Guide.read(path)


def exists(relative: str) -> bool:
    if "/target/" in relative or relative.endswith("/target"):
        return True  # build output, named as what a build produces
    if any(c in relative for c in "*{"):
        return bool(list(REPO.glob(re.sub(r"\{[^}]*\}", "*", relative))))
    return (REPO / relative).exists() or expected_elsewhere(relative)


@pytest.mark.parametrize("relative", GUIDES)
def test_each_guide_exists_and_is_linked_from_the_readme(relative):
    guide(relative)
    readme = Guide.read(REPO / "README.md")
    assert relative in {link.split("#")[0] for link in readme.links()}, f"README.md does not link {relative}"


@pytest.mark.parametrize("relative", CHECKED)
def test_every_link_resolves(relative):
    doc = guide(relative)
    for link in doc.links():
        if re.match(r"^[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        resolved = (doc.path.parent / target).resolve() if target else doc.path
        shown = os.path.relpath(resolved, REPO)
        assert resolved.exists() or expected_elsewhere(shown), f"{relative} links {link}: {shown} does not exist"
        if anchor and resolved.exists() and resolved.suffix == ".md":
            assert anchor in Guide.read(resolved).headings(), f"{relative} links {link}: no such heading"


@pytest.mark.parametrize("relative", CHECKED)
def test_every_repository_path_named_exists(relative):
    missing = sorted(p for p in guide(relative).repo_paths() if not exists(p))
    assert missing == []


@cache
def helm_flags(subcommand: str) -> str:
    helm = os.environ.get("FLOTILLA_HELM") or shutil.which("helm") or "/var/tmp/flotilla-tools/bin/helm"
    result = subprocess.run([helm, subcommand, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"helm {subcommand}: {result.stderr}"
    return result.stdout


def check_flotilla(words: list[str]) -> None:
    command: click.Command = flotilla_cli
    for word in words[1:]:
        if word.startswith("-"):
            name = word.split("=")[0]
            assert name in {opt for p in command.params for opt in p.opts + p.secondary_opts} | {"--help"}, \
                f"`{' '.join(words)}`: {command.name} has no option {name}"
        elif isinstance(command, click.Group) and not any(w.startswith("-") for w in words[1:words.index(word)]):
            assert word in command.commands, f"`{' '.join(words)}`: no subcommand {word} of {command.name}"
            command = command.commands[word]
    assert not isinstance(command, click.Group), f"`{' '.join(words)}` names a group, not a command"


def check_helm(words: list[str]) -> None:
    subcommand = next(w for w in words[1:] if not w.startswith("-"))
    flags = helm_flags(subcommand)
    for word in words[1:]:
        if word.startswith("-"):
            flag = word.split("=")[0]
            assert re.search(rf"(^|\s|,){re.escape(flag)}[\s,=]", flags, re.M), f"`{' '.join(words)}`: no flag {flag}"


def check_terraform(words: list[str]) -> None:
    rest = words[1:]
    for word in rest:
        if word.startswith("-chdir="):
            directory = word.split("=", 1)[1]
            assert exists(directory), f"`{' '.join(words)}`: {directory} does not exist"
    subcommand = next(w for w in rest if not w.startswith("-"))
    assert subcommand in TERRAFORM_COMMANDS, f"`{' '.join(words)}`: terraform has no command {subcommand}"


@pytest.mark.parametrize("relative", CHECKED)
def test_every_command_named_exists(relative):
    for words in guide(relative).shell_commands():
        program = words[0]
        if program.startswith("bin/"):
            assert (REPO / program).is_file() and os.access(REPO / program, os.X_OK), f"{program} is not a script"
        elif program == "flotilla":
            check_flotilla(words)
        elif program == "helm":
            check_helm(words)
        elif program in ("terraform", "tofu"):
            check_terraform(words)
        elif program == "packer":
            assert next(w for w in words[1:] if not w.startswith("-")) in PACKER_COMMANDS, words


def test_the_checks_catch_what_does_not_exist(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("```bash\nflotilla cluster explode\nhelm install x helm/flotilla --no-such-flag\n"
                   "terraform -chdir=tests/nowhere plan\n```\nSee `helm/flotilla/missing.yaml`.\n")
    doc = Guide.read(bad)
    commands = doc.shell_commands()
    with pytest.raises(AssertionError, match="no subcommand explode"):
        check_flotilla(commands[0])
    with pytest.raises(AssertionError, match="no flag --no-such-flag"):
        check_helm(commands[1])
    with pytest.raises(AssertionError, match="tests/nowhere does not exist"):
        check_terraform(commands[2])
    assert not exists("helm/flotilla/missing.yaml") and "helm/flotilla/missing.yaml" in doc.repo_paths()
