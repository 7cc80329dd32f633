"""Terraform configuration as python-hcl2 reads it, and its resource and data blocks checked against a provider schema.

python-hcl2 (HCL2's grammar) gives each file as nested dicts: a block is a dict carrying ``__is_block__``, labels
are keys (quoted), attribute values are expressions as ``${...}`` strings. ``check_body`` walks one resource's
body next to its schema (``tfschema.Block``) and names every unknown argument, missing required argument or
block, argument written as a block (or the other way round) and repeated single block; ``dynamic`` blocks
count as the block they generate, and their ``content`` is checked too.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import hcl2

from tfschema import Block

# Terraform's own meta-arguments and meta-blocks, valid in every resource (data sources: no provisioners)
META_ARGUMENTS = {"count", "for_each", "provider", "depends_on"}
META_BLOCKS = {"lifecycle", "provisioner", "connection"}


def unquote(label: str) -> str:
    return label[1:-1] if len(label) >= 2 and label[0] == label[-1] == '"' else label


def is_block(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and v.get("__is_block__") for v in value)


def load(path: Path) -> dict:
    """One .tf file, parsed (raises on a syntax error)."""
    with path.open() as f:
        return hcl2.load(f)


@dataclass(frozen=True)
class TfBlock:
    """A labelled top-level block (resource, data, variable, output, module...) and where it is."""
    kind: str
    labels: tuple[str, ...]
    body: dict
    file: Path

    @property
    def address(self) -> str:
        return ".".join((("data",) if self.kind == "data" else ()) + self.labels) if self.kind in ("resource", "data") \
            else f"{self.kind}.{'.'.join(self.labels)}"


def blocks(parsed: dict, path: Path, kind: str) -> list[TfBlock]:
    """Every ``kind`` block of one parsed file: resource and data have two labels, variable/output/module one."""
    found = []
    for entry in parsed.get(kind, []):
        for first, inner in entry.items():
            if first == "__is_block__":
                continue
            if kind in ("resource", "data"):
                for second, body in inner.items():
                    if second != "__is_block__":
                        found.append(TfBlock(kind, (unquote(first), unquote(second)), body, path))
            else:
                found.append(TfBlock(kind, (unquote(first),), inner, path))
    return found


def _content(value: dict) -> tuple[str, dict]:
    """(block name, content body) of one ``dynamic "name" {...}`` entry."""
    name, spec = next((k, v) for k, v in value.items() if k != "__is_block__")
    content = spec.get("content", [{}])
    return unquote(name), content[0] if content else {}


def check_body(body: dict, schema: Block, where: str, top_level: bool = True) -> list[str]:
    """Every way ``body`` disagrees with ``schema``; empty when it agrees."""
    problems = []
    present_blocks: dict[str, int] = {}
    for key, value in body.items():
        if key.startswith("__"):
            continue
        if top_level and key in META_ARGUMENTS:
            continue
        if top_level and key in META_BLOCKS and is_block(value):
            continue
        if key == "dynamic" and isinstance(value, list):
            for entry in value:
                name, content = _content(entry)
                present_blocks[name] = present_blocks.get(name, 0) + 1
                if name not in schema.blocks:
                    problems.append(f"{where}: unknown nested block '{name}' (dynamic)")
                else:
                    problems += check_body(content, schema.blocks[name], f"{where}.{name}", top_level=False)
            continue
        if is_block(value):
            present_blocks[key] = present_blocks.get(key, 0) + len(value)
            if key in schema.attributes:
                problems.append(f"{where}: '{key}' is an argument, not a block (write {key} = ...)")
            elif key not in schema.blocks:
                problems.append(f"{where}: unknown nested block '{key}'")
            else:
                for i, nested in enumerate(value):
                    problems += check_body(nested, schema.blocks[key], f"{where}.{key}[{i}]", top_level=False)
        elif key in schema.blocks:
            problems.append(f"{where}: '{key}' is a nested block, not an argument (write {key} {{ ... }})")
        elif key not in schema.attributes:
            problems.append(f"{where}: unknown argument '{key}'")
    for name in sorted(schema.required_attributes() - body.keys()):
        problems.append(f"{where}: missing required argument '{name}'")
    for name in sorted(schema.required_blocks - present_blocks.keys()):
        problems.append(f"{where}: missing required block '{name}'")
    for name in sorted(schema.single_blocks):
        if is_block(body.get(name)) and len(body[name]) > 1:
            problems.append(f"{where}: block '{name}' may appear at most once")
    return problems
