"""Safe YAML loading that remembers where every key and value came from.

PyYAML's own loaders throw positions away and silently keep the last of two duplicate keys. We compose
the node graph with the safe loader (never constructing arbitrary objects), then build plain Python values
ourselves so that every key and value keeps its 1-based line and column, duplicates become diagnostics,
and hostile documents (alias bombs, absurd nesting, huge files) are refused quickly instead of crashing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.io.textfile import TextFileError, read_text
from partnerscore.yamlsource._fast import parse_ordinary
from partnerscore.yamlsource.document import MAX_DEPTH, MAX_NODES, MAX_YAML_BYTES, Document, LoadResult, Loc

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"



class _Refused(Exception):
    def __init__(self, message: str, position: Position):
        super().__init__(message)
        self.message = message
        self.position = position


def _position(mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def _too_deep(mark: yaml.Mark | None) -> _Refused:
    return _Refused(f"nesting deeper than {MAX_DEPTH} levels; no scorecard or decision note needs that",
                    _position(mark))


class _Guards(Composer):
    """Composition with bounds: depth (the composer recurses once per level) and node count."""

    def compose_node(self, parent, index):
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _too_deep(self.peek_event().start_mark)
            if self._nodes > MAX_NODES:
                raise _Refused(f"more than {MAX_NODES:,} values; a scorecard or decision note is far "
                               "smaller, so this file is not read", _position(self.peek_event().start_mark))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PyLoader(_Guards, Reader, Scanner, Parser, Resolver):
    """The pure-Python safe parser. Its scanner keeps state per open bracket, so we also stop there:
    20,000 nested brackets would otherwise cost seconds before the composer ever saw them."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)
        self._depth = self._nodes = 0

    def fetch_flow_collection_start(self, TokenClass):
        if self.flow_level >= MAX_DEPTH:
            raise _too_deep(self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


try:  # libyaml scans and parses in C, ten times faster; we still compose in Python to keep our bounds.
    from yaml._yaml import CParser

    class _LibyamlLoader(_Guards, CParser, Resolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._depth = self._nodes = 0

    # The loader with libyaml; None (as the tests set it) or _PyLoader switches the fast path off.
    _CLoader: type | None = _LibyamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CLoader = _PyLoader
_Loader: type = _CLoader or _PyLoader


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return []


class _Builder:
    """Turns a composed node graph into Python values, recording positions and duplicate keys."""

    def __init__(self, path: str):
        self.path = path
        self.constructor = yaml.constructor.SafeConstructor()
        self.doc = Document(path=path, data=None)
        self.duplicates: list[Diagnostic] = []

    def check_size(self, root: Node) -> None:
        """Refuse alias bombs and recursive aliases before building anything.

        The expanded size of each distinct node is computed once (memoised), so the check costs the size
        of the file, not the size of the expansion.
        """
        sizes: dict[int, int] = {}
        in_progress: set[int] = set()
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            key = id(node)
            if key in sizes:
                continue
            children = _children(node)
            if not children_done:
                if key in in_progress:
                    raise _Refused("an alias refers to the collection that contains it (a recursive "
                                   "alias); write the values out instead", _position(node.start_mark))
                in_progress.add(key)
                stack.append((node, True))
                for child in children:
                    if id(child) in in_progress and id(child) not in sizes:
                        raise _Refused("an alias refers to the collection that contains it (a recursive "
                                       "alias); write the values out instead", _position(child.start_mark))
                    stack.append((child, False))
                continue
            in_progress.discard(key)
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_NODES:
                raise _Refused(f"aliases expand this document to more than {MAX_NODES:,} values; this "
                               "looks like an alias bomb, so it is not read", _position(node.start_mark))
            sizes[key] = size

    def build(self, node: Node, loc: Loc, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:  # aliases can nest deeper than the text does
            raise _too_deep(node.start_mark)
        self.doc.value_marks.setdefault(loc, _position(node.start_mark))
        if isinstance(node, ScalarNode):
            return self._scalar(node, "value")
        if isinstance(node, SequenceNode):
            return [self.build(child, loc + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        raise _Refused("unsupported YAML node", _position(node.start_mark))  # pragma: no cover

    def _scalar(self, node: ScalarNode, what: str) -> Any:
        """A scalar as the safe loader constructs it; a tag it cannot apply (`!!int x`) is PS100 here."""
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            if node.tag == _TIMESTAMP or (node.tag == _INT and "digits" in str(exc)):
                # `due: 2026-02-30` (or a schedule's key `2026-02-30: 500`) looks like a date but is none:
                # keep the text, so the model reports an invalid value (PS104) at it, instead of one PS100
                # that hides every other problem. So is an int past Python's 4,300 digits: the model says
                # it is too long.
                return node.value
            # A YAMLError's str() appends its mark ("in <unicode string>, line 4"): keep only the problem.
            problem = getattr(exc, "problem", None) or str(exc)
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise _Refused(f"cannot read {what} {shown!r}: {problem}", _position(node.start_mark)) from exc

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
            key = self._scalar(key_node, "key")
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


def _first_control_character(text: str) -> tuple[Position, str]:
    match = Reader.NON_PRINTABLE.search(text)
    if match is None:  # pragma: no cover - the parser found one
        return Position(1, 1), "?"
    start = match.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Position(line, column), f"U+{ord(match.group(0)[0]):04X}"


# What the parser's words usually mean in a hand-edited scorecard or note, and how to fix it.
_HINTS = (
    ("mapping values are not allowed", "; a value that contains ': ' must be quoted, "
                                       "e.g. goal: \"Grow: fast\""),
    ("cannot start any token", "; a value that starts with ` @ or % must be quoted, e.g. name: \"@Acme\""),
    ("undefined alias", "; a value that starts with * must be quoted, e.g. what: \"*Urgent* fix\""),
    ("scanning an alias", "; a value that starts with * must be quoted, e.g. what: \"*Urgent* fix\""),
    ("expected '-' indicator", "; check this line's indentation: it does not line up with the list around it"),
    ("expected key", "; check this line's indentation: it does not line up with the lines above it"),
    ("expected <block end>", "; check this line's indentation: it does not line up with the lines above it"),
)


def _hint(problem: str) -> str:
    return next((hint for words, hint in _HINTS if words in problem), "")


def _yaml_error(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset; find the character ourselves to give a line and column.
        position, code = _first_control_character(text)
        return Diagnostic(path, position.line, position.column, "PS100", Severity.ERROR,
                          f"invalid YAML: the file contains a control character ({code}), which YAML "
                          "does not allow; remove it")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    position = _position(mark)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if problem == "exceeded maximum nesting depth":  # libyaml's own bound (1000 levels)
        return Diagnostic(path, position.line, position.column, "PS100", Severity.ERROR,
                          f"nesting deeper than {MAX_DEPTH} levels; no scorecard or decision note needs that")
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context})"
    lines = text.splitlines()
    at_tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]
    if at_tab or "tab" in message.lower() or "\\t" in message:
        message += "; YAML does not allow tabs for indentation, use spaces"
    else:
        message += _hint(f"{problem} {context or ''}")
    return Diagnostic(path, position.line, position.column, "PS100", Severity.ERROR, message)


def parse_yaml(text: str, path: str) -> LoadResult:
    """Parse YAML text into a Document; every problem becomes a diagnostic, never an exception."""
    if _Loader is _CLoader is not _PyLoader:
        # Most files are ordinary: libyaml composes them in C (three times faster). Anything else, and
        # every problem, is read again below, so the result never depends on which path ran.
        ordinary = parse_ordinary(text, path)
        if ordinary is not None:
            return ordinary
    builder = _Builder(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            builder.check_size(node)
            builder.doc.data = builder.build(node, ())
    except _Refused as exc:
        return LoadResult(None, [Diagnostic(path, exc.position.line, exc.position.column, "PS100",
                                            Severity.ERROR, exc.message)])
    except yaml.YAMLError as exc:
        return LoadResult(None, [_yaml_error(path, text, exc)])
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
