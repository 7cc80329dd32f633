"""Reads the install guides with a real Markdown parser (markdown-it-py): links, code blocks, inline code, headings."""

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[3]
# a path inside the repository as the guides write it (not preceded by "/" or a word: /var/lib/... is not one)
REPO_PATH = re.compile(r"(?<![\w./~$-])((?:app|ui|client|bin|docs|helm|terraform|packer|tests)/[\w./*{}-]*[\w*}/])")
SHELL_INFO = {"", "bash", "sh", "shell", "console"}


@dataclass(frozen=True)
class Guide:
    path: Path
    tokens: list

    @staticmethod
    def read(path: Path) -> "Guide":
        return Guide(path, MarkdownIt("commonmark").parse(path.read_text()))

    def links(self) -> list[str]:
        return [child.attrs["href"] for token in self.tokens if token.type == "inline"
                for child in token.children or [] if child.type == "link_open"]

    def code_spans(self) -> list[str]:
        return [child.content for token in self.tokens if token.type == "inline"
                for child in token.children or [] if child.type == "code_inline"]

    def code_blocks(self) -> list[tuple[str, str]]:
        """(info, content) of each fenced or indented code block."""
        return [(token.info.strip().split(" ")[0], token.content) for token in self.tokens
                if token.type in ("fence", "code_block")]

    def headings(self) -> set[str]:
        """GitHub's anchors of the headings."""
        anchors = set()
        for i, token in enumerate(self.tokens):
            if token.type == "heading_open":
                text = self.tokens[i + 1].content.strip().lower()
                anchors.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text)))
        return anchors

    def shell_commands(self) -> list[list[str]]:
        """The commands of the shell code blocks and of inline code starting with a command, split into words."""
        texts = [content for info, content in self.code_blocks() if info in SHELL_INFO]
        texts += [span for span in self.code_spans() if re.match(r"(bin/|flotilla |helm |terraform |packer )", span)]
        commands = []
        for text in texts:
            for line in text.replace("\\\n", " ").splitlines():
                commands += split_commands(line)
        return commands

    def repo_paths(self) -> set[str]:
        texts = self.code_spans() + [content for _, content in self.code_blocks()]
        texts += [t.content for t in self.tokens if t.type == "inline"]
        return {m.group(1).rstrip(".") for text in texts for m in REPO_PATH.finditer(text)}


def split_commands(line: str) -> list[list[str]]:
    """One shell line as commands (split at && || | ;), subshells $(...) as commands of their own, env assignments
    and prompts dropped."""
    line = line.strip()
    if not line or line.startswith("#"):
        return []
    commands = []
    for inner in re.findall(r"\$\(([^()]*)\)", line):
        commands += split_commands(inner)
    line = re.sub(r"\$\(([^()]*)\)", "SUBSHELL", line)
    for part in re.split(r"&&|\|\||\||;", line):
        try:
            words = shlex.split(part, comments=True)
        except ValueError:
            words = part.split()
        while words and (re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]) or words[0] in ("$", "sudo", "env")):
            words = words[1:]
        if words:
            commands.append(words)
    return commands
