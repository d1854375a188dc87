"""The fast path of `partnerscore.yamlsource.loader.parse_yaml`, for the ordinary file: no anchors, within bounds.

The careful loader composes the node graph in Python, one event at a time, so that its bounds (depth,
node count, alias expansion) stop a hostile file early. That costs ~1 ms per scorecard, which is most
of a 1,000-scorecard report. Here libyaml composes the whole graph in C, and values are built in one
tight pass that checks the same bounds as it goes.

The fast path never decides anything on its own: the moment it meets something the careful path
handles with a message or a subtlety (a YAML error, an anchor or alias, a merge key, a key that is
not a scalar, a value that cannot be built, a bound that is reached), it gives up and the careful path
reads the file from scratch. So a file it accepts is one the careful path would accept too, with the
same data, positions and duplicate-key diagnostics; every refusal comes from the careful path alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from yaml._yaml import CParser
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.yamlsource.document import MAX_DEPTH, MAX_NODES, Document, LoadResult, Loc

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
# A scorecard or decision note is a few KiB. Past this, libyaml would compose the whole file before our
# bounds could look at it, so such a file (likely hostile) goes straight to the careful path.
ORDINARY_MAX_CHARS = 64 * 1024
_DIRECT_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float"))


class _Decline(Exception):
    """Leave this file to the careful path."""


# Tags of plain scalars by text: keys and small values recur in every scorecard. Bounded, and plain
# implicit resolution depends on the text alone (the safe resolver has no path resolvers).
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 20_000


class _NativeLoader(CParser, Resolver):
    """libyaml's parser and composer (both in C); only tag resolution runs in Python."""

    def __init__(self, stream: str):
        CParser.__init__(self, stream)
        Resolver.__init__(self)

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = Resolver.resolve(self, kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return Resolver.resolve(self, kind, value, implicit)

    # The safe resolver has no path resolvers, so these (called for every node) have nothing to do.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


@lru_cache(maxsize=1 << 16)
def _position(line: int, column: int) -> Position:
    # Positions are frozen and the same few thousand recur across files of one layout, so share them.
    return Position(line + 1, column + 1)


class _Builder:
    """Plain values with positions from a composed tree, declining anything but the ordinary."""

    def __init__(self, path: str):
        self.path = path
        self.constructor = SafeConstructor()
        # Direct constructors for the implicit scalar tags; any other tag goes through construct_object.
        self.scalars = {tag: getattr(self.constructor, f"construct_yaml_{tag.rsplit(':', 1)[-1]}")
                        for tag in _DIRECT_TAGS}
        self.value_marks: dict[Loc, Position] = {}
        self.key_marks: dict[Loc, Position] = {}
        self.duplicates: list[Diagnostic] = []
        self.nodes = 1  # as the careful composer counts: every key and every value, the root included

    def count(self, more: int) -> None:
        self.nodes += more
        if self.nodes > MAX_NODES:
            raise _Decline

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        construct = self.scalars.get(tag)
        return construct(node) if construct is not None else self.constructor.construct_object(node, deep=True)

    def build(self, node, loc: Loc, depth: int) -> Any:
        # The careful composer counts the root as level 1 and refuses past MAX_DEPTH.
        if depth >= MAX_DEPTH:
            raise _Decline
        mark = node.start_mark
        self.value_marks[loc] = _position(mark.line, mark.column)
        kind = type(node)
        if kind is ScalarNode:
            return self.scalar(node)
        if kind is SequenceNode:
            items = node.value
            self.count(len(items))
            return [self.build(child, loc + (i,), depth + 1) for i, child in enumerate(items)]
        if kind is MappingNode:
            return self.mapping(node, loc, depth)
        raise _Decline  # pragma: no cover - no other node kinds exist

    def mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict:
        pairs = node.value
        self.count(2 * len(pairs))
        result: dict = {}
        key_marks, value_marks = self.key_marks, self.value_marks
        for key_node, value_node in pairs:
            if type(key_node) is not ScalarNode or key_node.tag == _MERGE:
                raise _Decline
            key = self.scalar(key_node)
            mark = key_node.start_mark
            key_pos = _position(mark.line, mark.column)
            if key in result:
                first = key_marks[loc + (key,)]
                self.duplicates.append(Diagnostic(
                    self.path, key_pos.line, key_pos.column, "PS105", Severity.ERROR,
                    f"duplicate key '{key}' (first defined on line {first.line}); "
                    "YAML keeps only one of them, so remove or rename this one",
                ))
                continue
            key_loc = loc + (key,)
            key_marks[key_loc] = key_pos
            if type(value_node) is ScalarNode and value_node.tag == _STR and depth + 1 < MAX_DEPTH:
                mark = value_node.start_mark  # the most common value, inlined: what build() would do
                value_marks[key_loc] = _position(mark.line, mark.column)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, key_loc, depth + 1)
        return result


def parse_ordinary(text: str, path: str) -> LoadResult | None:
    """The file's LoadResult when it is an ordinary one, else None (the careful path must read it)."""
    if len(text) > ORDINARY_MAX_CHARS:  # far bigger than any scorecard: the careful path refuses it early
        return None
    if "&" in text:  # anchors (so aliases and shared nodes) are the careful path's: it bounds their expansion
        return None
    if Resolver.yaml_path_resolvers:  # pragma: no cover - someone registered path resolvers on the base class
        return None
    loader = _NativeLoader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(path)
        data = None if node is None else builder.build(node, (), 0)
    except Exception:  # anything unusual, including every YAML error, is the careful path's to report
        return None
    finally:
        loader.dispose()
    return LoadResult(Document(path=path, data=data, value_marks=builder.value_marks,
                               key_marks=builder.key_marks), builder.duplicates)
