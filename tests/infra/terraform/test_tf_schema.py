"""Every resource and data block of both modules and their examples agrees with the provider's real schema
(``@cdktf/provider-aws`` 21.22.1 = hashicorp/aws 6.25.0, ``@cdktf/provider-google`` 16.12.1): no unknown argument,
no missing required argument or block, no argument written as a block or the other way round."""
from __future__ import annotations

from pathlib import Path

import hcl2
import pytest

import hclcheck
from tfmodules import MODULES, tf_files


def problems_of(schemas, module: str, files: list[Path]) -> list[str]:
    problems = []
    for path in files:
        parsed = hclcheck.load(path)
        for kind in ("resource", "data"):
            for block in hclcheck.blocks(parsed, path, kind):
                schema = schemas[module].get(kind, block.labels[0])
                if schema is None:
                    problems.append(f"{path.name}: {block.address}: no such {kind} type in the provider")
                else:
                    problems += [f"{path.name}: {p}" for p in hclcheck.check_body(block.body, schema, block.address)]
    return problems


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_block_matches_the_provider_schema(schemas, module):
    files = tf_files(MODULES[module])
    checked = sum(len(hclcheck.blocks(hclcheck.load(p), p, k)) for p in files for k in ("resource", "data"))
    assert checked > 10, f"{module}: only {checked} blocks found"
    assert problems_of(schemas, module, files) == []


def test_schemas_are_the_pinned_provider_versions(schemas):
    assert schemas["aws"].version() == "21.22.1"
    assert schemas["gcp"].version() == "16.12.1"


def test_schema_extraction_knows_required_and_nested(schemas):
    db = schemas["aws"].get("resource", "aws_db_instance")
    assert db.required_attributes() == {"instance_class"}
    assert "manage_master_user_password" in db.attributes and "tags" in db.attributes
    listener = schemas["aws"].get("resource", "aws_lb_listener")
    assert "default_action" in listener.required_blocks
    template = schemas["aws"].get("resource", "aws_launch_template")
    assert "ebs" in template.blocks["block_device_mappings"].blocks
    assert "metadata_options" in template.single_blocks
    sql = schemas["gcp"].get("resource", "google_sql_database_instance")
    assert "database_version" in sql.required_attributes() and "ip_configuration" in sql.blocks["settings"].blocks


BROKEN = '''
resource "aws_db_instance" "no_class" {
  instance_klass    = "db.t4g.micro"
  storage_encrypted = true
}

resource "aws_launch_template" "wrong_nesting" {
  iam_instance_profile = "a-profile"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebz {
      volume_size = 20
    }
  }

  metadata_options {
    http_tokens = "required"
  }

  metadata_options {
    http_tokens = "optional"
  }
}

resource "aws_lb_listener" "no_action" {
  load_balancer_arn = "arn"

  dynamic "default_actions" {
    for_each = []

    content {}
  }
}

data "aws_iam_policy_document" "typo" {
  statement {
    action = ["s3:GetObject"]
  }
}

resource "aws_not_a_thing" "x" {}
'''


def test_a_broken_snippet_is_reported(schemas, tmp_path):
    path = tmp_path / "broken.tf"
    path.write_text(BROKEN)
    problems = "\n".join(problems_of(schemas, "aws", [path]))
    for expected in [
        "aws_db_instance.no_class: unknown argument 'instance_klass'",
        "aws_db_instance.no_class: missing required argument 'instance_class'",
        "aws_launch_template.wrong_nesting: 'iam_instance_profile' is a nested block, not an argument",
        "aws_launch_template.wrong_nesting.block_device_mappings[0]: unknown nested block 'ebz'",
        "aws_launch_template.wrong_nesting: block 'metadata_options' may appear at most once",
        "aws_lb_listener.no_action: unknown nested block 'default_actions' (dynamic)",
        "aws_lb_listener.no_action: missing required block 'default_action'",
        "data.aws_iam_policy_document.typo.statement[0]: unknown argument 'action'",
        "aws_not_a_thing.x: no such resource type in the provider",
    ]:
        assert expected in problems, problems


def test_google_snippet_is_checked_too(schemas):
    parsed = hcl2.loads('resource "google_compute_network" "n" {\n  auto_create_subnetworkz = false\n}\n')
    block = hclcheck.blocks(parsed, Path("n.tf"), "resource")[0]
    problems = hclcheck.check_body(block.body, schemas["gcp"].get("resource", "google_compute_network"), block.address)
    assert problems == ["google_compute_network.n: unknown argument 'auto_create_subnetworkz'",
                        "google_compute_network.n: missing required argument 'name'"]
