"""The YAML loading as it was before the one-walk construction and the memoised resolution
(main at ff70d8b), kept as the yardstick the faster path is proven against
(tests/test_loading_agreement.py): PyYAML's own tag resolution and path-resolver hooks, and
the construction that built text, lists and mappings itself and everything else through
PyYAML's machinery."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfo_tools.loading import yaml_documents
from cfo_tools.loading.pointer_table import escaped as _escaped
from cfo_tools.loading.yaml_documents import (
    DAYS_KEY,
    MAP_TAG,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    VALUE_TAG,
    DocumentLoader,
    _day_number,
)


class ReferenceLoader(DocumentLoader):
    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver

    def construct_plain(self, root: Node, *, positions: dict[str, int] | None = None) -> Any:
        built: dict[int, Any] = {}
        complete = positions is not None
        marks: dict[str, int] = {} if positions is None else positions

        def build(node: Node, pointer: str, day_keys: bool = False) -> Any:
            nonlocal complete
            if complete:
                marks[pointer] = node.start_mark.index
            cls = node.__class__
            if cls is ScalarNode and node.tag == STR_TAG:
                return node.value
            ident = id(node)
            if ident in built:
                complete = False  # an alias: its values have two pointers
                return built[ident]
            if cls is SequenceNode and node.tag == SEQ_TAG:
                items: list[Any] = []
                built[ident] = items
                items.extend([build(child, f"{pointer}/{index}")
                              for index, child in enumerate(node.value)])
                return items
            if (cls is MappingNode and node.tag == MAP_TAG
                    and not any(k.tag in (MERGE_TAG, VALUE_TAG) for k, _ in node.value)):
                mapping: dict[str, Any] = {}
                built[ident] = mapping
                seen: dict[str, yaml.Mark] = {}
                for key_node, value_node in node.value:
                    if ((key_node.__class__ is ScalarNode and key_node.tag == STR_TAG)
                            or (day_keys and _day_number(key_node))):
                        key = key_node.value
                    else:
                        key = self._mapping_key(node, key_node, True)
                    self._note_key(key, key_node, seen)
                    mapping[key] = build(value_node, f"{pointer}/{_escaped(key)}",
                                         key == DAYS_KEY)
                return mapping
            if cls is not ScalarNode:
                complete = False
            value = self.construct_object(node, deep=True)
            built[ident] = value
            return value

        data = build(root, "")
        if not complete or self.problems:
            marks.clear()
        return data


@contextmanager
def reference_loading() -> Iterator[None]:
    """``parse_document`` and the source maps read with :class:`ReferenceLoader` meanwhile,
    PyYAML reading every text."""
    current = yaml_documents.DocumentLoader
    fast = yaml_documents.fast_parse
    yaml_documents.DocumentLoader = ReferenceLoader  # type: ignore[misc]
    # Nor the compiled reader's fast path (loading/fast_yaml.py), proven against it too.
    yaml_documents.fast_parse = _never  # type: ignore[assignment]
    try:
        yield
    finally:
        yaml_documents.DocumentLoader = current  # type: ignore[misc]
        yaml_documents.fast_parse = fast


def _never(text: str) -> None:
    return None
