"""Safe YAML with a position for every key and value, bounds against hostile input, duplicate keys refused.

The one way partnerscore reads YAML: `load_yaml` (a file) and `parse_yaml` (text) give a `LoadResult`,
a `Document` or the diagnostics that explain why there is none. Only the safe loader is ever used.
"""

from partnerscore.yamlsource.document import MAX_DEPTH, MAX_NODES, MAX_YAML_BYTES, Document, LoadResult, Loc
from partnerscore.yamlsource.loader import load_yaml, parse_yaml

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_YAML_BYTES", "Document", "LoadResult", "Loc", "load_yaml", "parse_yaml"]
