"""Read YAML keeping the line of every value, and refusing duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass
class SourceProblem:
    line: int
    path: Path
    message: str


@dataclass
class YamlSource:
    """The parsed document, the line (1-based) each path starts on, and reading problems."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_yaml(text: str) -> YamlSource:
    """Parse ``text``; a syntax error becomes a problem with its line, not an exception."""
    loader = yaml.SafeLoader(text)
    source = YamlSource(data=None)
    try:
        node = loader.get_single_node()
        if node is not None:
            source.data = _build(loader, node, (), source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        source.problems.append(SourceProblem(line, (), f"YAML syntax: {error.problem}"))
    finally:
        loader.dispose()
    return source


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path, source: YamlSource) -> Any:
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(loader, node, path, source)
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), source) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _build_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: Path, source: YamlSource
) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            key = str(key)
        if key in result:
            line = key_node.start_mark.line + 1
            source.problems.append(SourceProblem(line, (*path, key), f"duplicate key {key!r}"))
            continue
        result[key] = _build(loader, value_node, (*path, key), source)
        source.lines[(*path, key)] = key_node.start_mark.line + 1
    return result
