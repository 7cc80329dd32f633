"""The modules follow the terraform-aws-modules conventions: the standard files and examples, every variable
described and typed, every output described, the README's tables listing exactly the variables and outputs,
the main resources named ``this``, and every taggable resource tagged with the common tags."""
from __future__ import annotations

import pytest

import hclcheck
import tf_readme_tables
from tfmodules import MODULES, PROVIDERS, module_blocks, module_files

STANDARD_FILES = ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md", ".checkov.yaml"]
EXAMPLES = ["complete", "existing-vpc"]
MAIN_RESOURCES = {
    "aws": ["aws_launch_template.this", "aws_autoscaling_group.this", "aws_lb.this", "aws_db_instance.this"],
    "gcp": ["google_compute_instance_template.this", "google_compute_region_instance_group_manager.this",
            "google_sql_database_instance.this", "google_compute_global_forwarding_rule.this"],
}
# The attribute of a provider's resources that carries tags or labels, and the local every module merges into it
TAG_ATTRIBUTES = {"aws": ("tags",), "gcp": ("labels", "user_labels")}
TAG_LOCAL = {"aws": "local.tags", "gcp": "local.labels"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_standard_files_and_examples(module):
    root = MODULES[module]
    assert [f for f in STANDARD_FILES if not (root / f).is_file()] == []
    for example in EXAMPLES:
        files = {p.name for p in (root / "examples" / example).glob("*")}
        assert {"main.tf", "README.md"} <= files, (example, files)
        modules = module_blocks(module, "module", sorted((root / "examples" / example).glob("*.tf")))
        assert [hclcheck.unquote(m.body["source"]) for m in modules] == ["../.."], example


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_variable_has_a_description_and_a_type(module):
    variables = module_blocks(module, "variable")
    assert len(variables) > 10
    bad = [v.labels[0] for v in variables if not hclcheck.unquote(str(v.body.get("description", ""))).strip()
           or "type" not in v.body]
    assert bad == []
    assert all(v.file.name == "variables.tf" for v in variables)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_output_has_a_description(module):
    outputs = module_blocks(module, "output")
    assert len(outputs) > 5
    assert [o.labels[0] for o in outputs if not hclcheck.unquote(str(o.body.get("description", ""))).strip()] == []
    assert all(o.file.name == "outputs.tf" for o in outputs)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_tf_readme_tables_list_every_variable_and_output(module):
    readme = (MODULES[module] / "README.md").read_text()
    assert tf_readme_tables.section(readme) == tf_readme_tables.tables(MODULES[module]), (
        f"regenerate with: python tests/infra/terraform/tf_readme_tables.py terraform/{module}")
    listed = tf_readme_tables.section(readme)
    for block in module_blocks(module, "variable") + module_blocks(module, "output"):
        assert f"| `{block.labels[0]}` |" in listed


@pytest.mark.parametrize("module", sorted(MODULES))
def test_main_resources_are_named_this(module):
    addresses = {b.address for b in module_blocks(module, "resource")}
    assert [a for a in MAIN_RESOURCES[module] if a not in addresses] == []


def _tag_problems(body: dict, schema, where: str, module: str) -> list[str]:
    problems = []
    for attribute in TAG_ATTRIBUTES[module]:
        if attribute in schema.attributes:
            value = body.get(attribute)
            if not isinstance(value, str) or TAG_LOCAL[module] not in value:
                problems.append(f"{where}: {attribute} must be {TAG_LOCAL[module]} or merge({TAG_LOCAL[module]}, ...)")
    for name, nested in schema.blocks.items():
        if hclcheck.is_block(body.get(name)):
            for i, inner in enumerate(body[name]):
                problems += _tag_problems(inner, nested, f"{where}.{name}[{i}]", module)
    return problems


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_taggable_resource_gets_the_common_tags(schemas, module):
    problems, tagged = [], 0
    for block in module_blocks(module, "resource"):
        schema = schemas[module].get("resource", block.labels[0])
        if any(a in schema.attributes for a in TAG_ATTRIBUTES[module]):
            tagged += 1
        problems += _tag_problems(block.body, schema, block.address, module)
    assert problems == []
    assert tagged >= 5


@pytest.mark.parametrize("module", sorted(MODULES))
def test_common_tags_merge_the_callers_tags(module):
    locals_ = {}
    for path in module_files(module):
        for entry in hclcheck.load(path).get("locals", []):
            locals_.update(entry)
    common = TAG_LOCAL[module].split(".")[1]
    variable = "var.tags" if module == "aws" else "var.labels"
    assert locals_[common].startswith(f"${{merge({variable}, "), locals_[common]


def test_autoscaling_group_propagates_the_common_tags():
    asg = next(b for b in module_blocks("aws", "resource") if b.address == "aws_autoscaling_group.this")
    dynamic = {hclcheck.unquote(k): v for entry in asg.body["dynamic"] for k, v in entry.items() if k != "__is_block__"}
    assert dynamic["tag"]["for_each"] == "${local.tags}"


def test_provider_tag_attribute_names_are_known():
    assert set(TAG_ATTRIBUTES) == set(PROVIDERS)


@pytest.mark.parametrize("module", sorted(MODULES))
@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_pass_only_inputs_the_module_declares_and_every_required_one(module, example):
    variables = {v.labels[0]: v.body for v in module_blocks(module, "variable")}
    required = {name for name, body in variables.items() if "default" not in body}
    files = sorted((MODULES[module] / "examples" / example).glob("*.tf"))
    call = module_blocks(module, "module", files)[0].body
    given = {key for key in call if not key.startswith("__") and key not in ("source", "version", "providers")}
    assert sorted(given - variables.keys()) == [], "inputs the module does not declare"
    assert sorted(required - given) == [], "required inputs missing"
