"""Find where a JSON pointer's value stands in a YAML text.

Only documents that have findings are mapped, so the node tree is built on demand.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cfo_tools.loading.text_lines import TextLines
from cfo_tools.loading.yaml_documents import MERGE_TAG, DocumentLoader
from cfo_tools.model.findings import pointer_parts


class SourceMap:
    """Line and column (1-based) of values in one YAML text."""

    def __init__(self, text: str) -> None:
        self._lines = TextLines(text)
        self._root: Node | None
        try:
            loader = DocumentLoader(text)
            try:
                self._root = loader.get_single_node()
            finally:
                loader.dispose()
        except (yaml.YAMLError, RecursionError):
            self._root = None

    def node_at(self, pointer: str, *, key: bool = False) -> tuple[Node | None, bool]:
        """The node for ``pointer`` (its key node with ``key=True``), and whether it was found
        exactly; when it was not, the deepest existing parent is returned."""
        node = self._root
        if node is None:
            return None, False
        parts = pointer_parts(pointer)
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            if isinstance(node, MappingNode):
                pair = _find_pair(node, part)
                if pair is None:
                    return node, False
                if last and key:
                    return pair[0], True
                node = pair[1]
            elif isinstance(node, SequenceNode) and part.isdigit() and int(part) < len(node.value):
                node = node.value[int(part)]
            else:
                return node, False
        return node, True

    def position(self, pointer: str, *, key: bool = False) -> tuple[int | None, int | None]:
        node, _ = self.node_at(pointer, key=key)
        if node is None:
            return None, None
        return self._lines.position(node.start_mark.index)

    def scalar_text(self, pointer: str) -> str | None:
        """The value as written in the file, for a scalar that was found exactly."""
        node, exact = self.node_at(pointer)
        if exact and isinstance(node, ScalarNode) and not node.style:
            return str(node.value)
        return None


def _find_pair(node: MappingNode, key: str, depth: int = 0) -> tuple[Node, Node] | None:
    pairs: Sequence[tuple[Node, Node]] = node.value
    merges: list[MappingNode] = []
    for key_node, value_node in reversed(pairs):
        if key_node.tag == MERGE_TAG:
            if isinstance(value_node, MappingNode):
                merges.append(value_node)
            elif isinstance(value_node, SequenceNode):
                merges.extend(n for n in value_node.value if isinstance(n, MappingNode))
            continue
        if isinstance(key_node, ScalarNode) and str(key_node.value) == key:
            return key_node, value_node
    if depth < 20:
        for merged in merges:
            found = _find_pair(merged, key, depth + 1)
            if found is not None:
                return found
    return None
