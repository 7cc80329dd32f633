"""The input and output tables of a module's README, generated from its variables.tf and outputs.tf.

``python tests/infra/terraform/tf_readme_tables.py terraform/aws`` rewrites the part of terraform/aws/README.md between
``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->``; test_tf_conventions checks that part equals what this
generates, so every variable and output is listed as declared.
"""
from __future__ import annotations

import sys
from pathlib import Path

import hclcheck

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def _text(value) -> str:
    """An expression as python-hcl2 gives it, as the README shows it."""
    if isinstance(value, str):
        if value.startswith("${") and value.endswith("}"):
            return value[2:-1]
        return hclcheck.unquote(value).replace('\\"', '"')
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        import json
        return json.dumps(value) if value else ("[]" if isinstance(value, list) else "{}")
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def tables(module: Path) -> str:
    rows = ["## Inputs", "", "| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
    for block in hclcheck.blocks(hclcheck.load(module / "variables.tf"), module / "variables.tf", "variable"):
        body = block.body
        required = "default" not in body
        default = "" if required else f"`{_cell(_text(body['default']))}`"
        rows.append(f"| `{block.labels[0]}` | {_cell(_text(body.get('description', '')))} | "
                    f"`{_cell(_text(body.get('type', '')))}` | {default} | {'yes' if required else 'no'} |")
    rows += ["", "## Outputs", "", "| Name | Description |", "|---|---|"]
    for block in hclcheck.blocks(hclcheck.load(module / "outputs.tf"), module / "outputs.tf", "output"):
        rows.append(f"| `{block.labels[0]}` | {_cell(_text(block.body.get('description', '')))} |")
    return "\n".join(rows)


def section(readme: str) -> str:
    """The generated part of a README (between the markers)."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[start:end].strip()


def rewrite(module: Path) -> None:
    readme = module / "README.md"
    text = readme.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    readme.write_text(text[:start] + "\n" + tables(module) + "\n" + text[end:])


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        rewrite(Path(argument))
