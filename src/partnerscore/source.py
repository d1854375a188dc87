"""Safe YAML loading that remembers where every key and value came from.

PyYAML's own loaders throw positions away and silently keep the last of two duplicate keys. We compose
the node graph with the safe loader (never constructing arbitrary objects), then build plain Python values
ourselves so that every key and value keeps its 1-based line and column, duplicates become diagnostics,
and hostile documents (alias bombs, absurd nesting, huge files) are refused quickly instead of crashing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from partnerscore.diagnostics import Diagnostic, Position, Severity
from partnerscore.textfile import TextFileError, read_text

# Bounds: generous for any real scorecard or decision note, small enough to refuse hostile input fast.
MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Loc = tuple  # a path into the document, e.g. ("outcomes", 0, "target")


class _Refused(Exception):
    def __init__(self, message: str, position: Position):
        super().__init__(message)
        self.message = message
        self.position = position


def _position(mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, with a depth bound on composition (PyYAML composes recursively)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise _Refused(
                    f"nesting deeper than {MAX_DEPTH} levels; a scorecard never needs that",
                    _position(event.start_mark),
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the position of each key and value."""

    path: str
    data: Any
    value_marks: dict[Loc, Position] = field(default_factory=dict)
    key_marks: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the value at `loc` (or of its key), else of the nearest enclosing node."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), Position(1, 1))

    def key_position(self, loc: Loc) -> Position:
        return self.position(loc, key=True)


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic]


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns a composed node graph into Python values, recording positions and duplicate keys."""

    def __init__(self, path: str):
        self.path = path
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0
        self.doc = Document(path=path, data=None)
        self.duplicates: list[Diagnostic] = []

    def build(self, node: Node, loc: Loc, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            what = "aliases expand to" if self.nodes > MAX_NODES else "aliases nest"
            raise _Refused(
                f"{what} more than the allowed size ({MAX_NODES} nodes, {MAX_DEPTH} levels); "
                "this looks like an alias bomb",
                _position(node.start_mark),
            )
        self.doc.value_marks.setdefault(loc, _position(node.start_mark))
        if isinstance(node, ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                raise _Refused(f"cannot read value {node.value!r}: {exc}", _position(node.start_mark))
        if isinstance(node, SequenceNode):
            return [self.build(child, loc + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        raise _Refused("unsupported YAML node", _position(node.start_mark))  # pragma: no cover

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict:
        result: dict = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    value = self.build(source, loc, depth + 1)
                    if isinstance(value, dict):
                        for k, v in value.items():
                            merged.setdefault(k, v)
                continue
            if not isinstance(key_node, ScalarNode):
                raise _Refused("a mapping key must be a plain value, not a list or mapping",
                               _position(key_node.start_mark))
            key = self.constructor.construct_object(key_node)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                key = str(key)
            key_pos = _position(key_node.start_mark)
            if key in result:
                first = self.doc.key_marks[loc + (key,)]
                self.duplicates.append(Diagnostic(
                    self.path, key_pos.line, key_pos.column, "PS105", Severity.ERROR,
                    f"duplicate key '{key}' (first defined on line {first.line}); "
                    "YAML keeps only one of them, so remove or rename this one",
                ))
                continue
            self.doc.key_marks[loc + (key,)] = key_pos
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        for k, v in merged.items():
            result.setdefault(k, v)
        return result


def _yaml_error(path: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    position = _position(mark)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context})"
    if "\\t" in message or "'\t'" in message or "tab" in message.lower():
        message += "; YAML does not allow tabs for indentation, use spaces"
    if isinstance(exc, yaml.reader.ReaderError):
        message = (f"invalid YAML: the file contains a control character "
                   f"(#x{exc.character:04x}) at byte {exc.position}, which YAML does not allow")
    return Diagnostic(path, position.line, position.column, "PS100", Severity.ERROR, message)


def parse_yaml(text: str, path: str) -> LoadResult:
    """Parse YAML text into a Document; every problem becomes a diagnostic, never an exception."""
    builder = _Builder(path)
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            builder.doc.data = builder.build(node, ())
    except _Refused as exc:
        return LoadResult(None, [Diagnostic(path, exc.position.line, exc.position.column, "PS100",
                                            Severity.ERROR, exc.message)])
    except yaml.YAMLError as exc:
        return LoadResult(None, [_yaml_error(path, exc)])
    except RecursionError:
        return LoadResult(None, [Diagnostic(path, 1, 1, "PS100", Severity.ERROR,
                                            "nesting too deep to read; simplify the file")])
    finally:
        loader.dispose()
    return LoadResult(builder.doc, builder.duplicates)


def load_yaml(path: Path, display: str | None = None, *, max_bytes: int = MAX_YAML_BYTES) -> LoadResult:
    """Read and parse a YAML file; unreadable or oversized files give a PS100 diagnostic."""
    display = display or str(path)
    try:
        text = read_text(path, max_bytes=max_bytes)
    except TextFileError as exc:
        return LoadResult(None, [Diagnostic(display, exc.line, exc.column, "PS100", Severity.ERROR,
                                            exc.message)])
    return parse_yaml(text, display)
