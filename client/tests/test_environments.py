"""The software environment client: request bodies as the appliance expects them, and the container name rule."""

from __future__ import annotations

import pytest

import flotilla
from flotilla.environments import container_environment_name, create_body


def test_body_carries_only_what_was_given():
    assert create_body("analysis", pip=["tabulate==0.9.0"]) == {"name": "analysis", "pip": ["tabulate==0.9.0"]}
    assert create_body("gpu", pip=["torch"], python="3.11", gpu_enabled=True, architecture="arm64",
                       force_rebuild=True) == {"name": "gpu", "pip": ["torch"], "python": "3.11", "gpuEnabled": True,
                                               "architecture": "arm64", "forceRebuild": True}
    assert create_body("c", conda={"channels": ["conda-forge"], "dependencies": ["numpy=2.1"]})["conda"] == {
        "channels": ["conda-forge"], "dependencies": ["numpy=2.1"]}
    assert create_body("c", conda=["numpy"])["conda"] == {"channels": ["conda-forge"], "dependencies": ["numpy"]}
    assert create_body("img", container="ghcr.io/org/image:1.2") == {"name": "img", "container": "ghcr.io/org/image:1.2"}


def test_a_string_is_not_a_list_of_requirements():
    with pytest.raises(TypeError, match="list of requirement lines"):
        create_body("x", pip="tabulate")


def test_container_environments_are_named_by_the_image():
    name = container_environment_name("ghcr.io/org/image:1.2")
    assert name.startswith("container-") and len(name) == len("container-") + 12
    assert name == container_environment_name("ghcr.io/org/image:1.2")
    assert name != container_environment_name("ghcr.io/org/image:1.3")


def test_public_functions_are_exported():
    for name in ("create_software_environment", "list_software_environments", "delete_software_environment"):
        assert callable(getattr(flotilla, name)) and name in flotilla.__all__


def test_software_and_container_together_are_refused():
    with pytest.raises(ValueError, match="software or container"):
        flotilla.Cluster(software="a", container="python:3.11", url="http://127.0.0.1:9", token="t")
