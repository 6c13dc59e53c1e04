"""A report assembled from each file's pieces (``reporters/pieces.py``): written in parts
(``PieceView.parts``), it is the text of ``PieceView.joined``, byte for byte, in every
format."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_json_report import findings, stats

from cfo_tools.cli import validate
from cfo_tools.model.findings import sort_findings
from cfo_tools.reporters.pieces import PIECE_FORMATS, PieceView, piece_counts, pieces_outcome


@settings(max_examples=100, deadline=None)
@given(st.lists(findings, max_size=8), stats, st.sampled_from(PIECE_FORMATS), st.booleans())
def test_the_parts_are_the_joined_report(found, counts, output_format, strict):
    view = PieceView(output_format, strict, "prefix/", frozenset({"compliance"}))
    by_file: dict[str, list] = {}
    for finding in sort_findings(found):
        by_file.setdefault(finding.file, []).append(finding)
    rendered = [view.render(part) for part in by_file.values()]
    outcome = pieces_outcome(counts, piece_counts([c for _, c in rendered]), view, ["a note"])
    pieces = [p for p, _ in rendered]
    assert "".join(view.parts(pieces, outcome)) == view.joined(pieces, outcome)


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_the_parts_are_echoed_whole_in_chunks(capsys, monkeypatch, chunk):
    monkeypatch.setattr(validate, "ECHO_CHUNK", chunk)
    parts = ["[\n", "é" * 5, "", ",\n", "x" * 9, "\n  ]\n"]
    validate._echo_parts(parts)
    assert capsys.readouterr().out == "".join(parts)


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_parts_in_utf8_are_echoed_as_the_text_they_are(monkeypatch, chunk, encoding):
    """Parts already in UTF-8 (kept pieces) among text: written as they are to an output
    in UTF-8, decoded for one in another encoding; the same text either way."""
    import io
    import sys

    monkeypatch.setattr(validate, "ECHO_CHUNK", chunk)
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    monkeypatch.setattr(sys, "stdout", out)
    parts = ["[\n", "é" * 5, b"", "é".encode() * 3 + b",\n", "x" * 9, b"\n  ]\n"]
    validate._echo_parts(parts)
    out.flush()
    assert out.buffer.getvalue().decode(encoding) == "[\n" + "é" * 8 + ",\n" + "x" * 9 \
        + "\n  ]\n"
