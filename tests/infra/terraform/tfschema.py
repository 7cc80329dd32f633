"""Terraform provider schemas, read from the TypeScript declarations of the cdktf provider packages.

``@cdktf/provider-aws`` and ``@cdktf/provider-google`` are generated from the providers' own schemas: each
``lib/<resource>/index.d.ts`` declares a ``<Class>Config`` interface whose properties are the resource's
arguments and nested blocks. Each property's doc comment links to the Terraform name
(``…/docs/resources/db_instance#instance_class``), a ``?`` marks it optional, a nested block is introduced by
the line ``<name> block`` and typed by another interface of the file (an array when it may repeat). The class
names the Terraform type (``static readonly tfResourceType = "aws_db_instance"``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_INTERFACE = re.compile(r"export interface (\w+)(?: extends [\w.]+)? \{")
_CLASS = re.compile(r"export declare class (\w+) extends cdktf\.(TerraformResource|TerraformDataSource)")
_TF_TYPE = re.compile(r'static readonly tfResourceType = "(\w+)"')
_DOC_NAME = re.compile(r"#(\w+) \w+#\w+\}")
_IDENT = re.compile(r"[A-Za-z_]\w*")


@dataclass
class Block:
    """A resource, data source or nested block: its arguments and nested blocks, each with whether it is required."""
    name: str
    attributes: dict[str, bool] = field(default_factory=dict)
    blocks: dict[str, "Block"] = field(default_factory=dict)
    required_blocks: set[str] = field(default_factory=set)
    single_blocks: set[str] = field(default_factory=set)

    def required_attributes(self) -> set[str]:
        return {name for name, required in self.attributes.items() if required}


@dataclass
class _Property:
    tf_name: str
    optional: bool
    is_block: bool
    type_text: str


def _matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def _properties(body: str) -> list[_Property]:
    """The documented ``readonly`` properties of an interface body, in order."""
    found = []
    position = 0
    while True:
        doc_start = body.find("/**", position)
        if doc_start < 0:
            return found
        doc_end = body.index("*/", doc_start)
        doc = body[doc_start:doc_end]
        match = re.compile(r"\s*readonly (\w+)(\?)?:\s*").match(body, doc_end + 2)
        if not match:
            position = doc_end + 2
            continue
        i, depth = match.end(), 0
        while body[i] != ";" or depth:
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            i += 1
        names = _DOC_NAME.findall(doc)
        if names:
            tf_name = names[-1]
            is_block = re.search(r"^\s*\*\s*" + re.escape(tf_name) + r" block\s*$", doc, re.M) is not None
            found.append(_Property(tf_name, match.group(2) == "?", is_block, body[match.end():i]))
        position = i


def _interfaces(source: str) -> dict[str, str]:
    interfaces = {}
    for match in _INTERFACE.finditer(source):
        open_brace = match.end() - 1
        interfaces[match.group(1)] = source[open_brace + 1:_matching_brace(source, open_brace)]
    return interfaces


def _block(name: str, interface: str, interfaces: dict[str, str], depth: int = 0) -> Block:
    block = Block(name)
    for prop in _properties(interfaces[interface]):
        nested = next((ident for ident in _IDENT.findall(prop.type_text) if ident in interfaces), None)
        if prop.is_block and nested is not None and depth < 12:
            block.blocks[prop.tf_name] = _block(prop.tf_name, nested, interfaces, depth + 1)
            if not prop.optional:
                block.required_blocks.add(prop.tf_name)
            if "[]" not in prop.type_text:
                block.single_blocks.add(prop.tf_name)
        else:
            block.attributes[prop.tf_name] = not prop.optional
    return block


def parse_declarations(source: str) -> tuple[str, str, Block]:
    """(Terraform type, "resource" or "data", schema) of one ``index.d.ts``."""
    declared = _CLASS.search(source)
    tf_type = _TF_TYPE.search(source)
    if not declared or not tf_type:
        raise ValueError("not a cdktf resource or data source declaration")
    kind = "data" if declared.group(2) == "TerraformDataSource" else "resource"
    interfaces = _interfaces(source)
    return tf_type.group(1), kind, _block(tf_type.group(1), declared.group(1) + "Config", interfaces)


class ProviderSchema:
    """Schemas of one cdktf provider package (``node_modules/@cdktf/provider-aws``), loaded per type on demand."""

    def __init__(self, package: Path, prefix: str):
        self.lib = package / "lib"
        self.prefix = prefix
        if not self.lib.is_dir():
            raise FileNotFoundError(f"{self.lib}: the provider package is not installed")

    def version(self) -> str:
        import json
        return json.loads((self.lib.parent / "package.json").read_text())["version"]

    @lru_cache(maxsize=None)
    def get(self, kind: str, tf_type: str) -> Block | None:
        """The schema of ``tf_type`` (e.g. ``aws_db_instance``) as a resource or a data source; None if none."""
        stem = tf_type[len(self.prefix):] if tf_type.startswith(self.prefix) else tf_type
        directory = ("data-" + tf_type if kind == "data" else stem).replace("_", "-")
        declarations = self.lib / directory / "index.d.ts"
        if not declarations.is_file():
            return None
        found_type, found_kind, block = parse_declarations(declarations.read_text())
        return block if (found_type, found_kind) == (tf_type, kind) else None
