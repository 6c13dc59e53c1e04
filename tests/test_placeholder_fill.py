"""Placeholders of the messages catalogue are filled in one pass everywhere, by the ``fill``
filter in templates: a value holding ``{name}`` is printed as written, never replaced again."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import TemplateProblem, make_environment, render
from cfo_tools.formats.placeholders import filled, filled_size
from conftest import write_workspace

TODAY = "2026-11-26"
NAMES = st.from_regex(r"[a-z_]{1,6}", fullmatch=True)


WORDS = st.text(st.characters(blacklist_characters="{}"), max_size=5)


@given(st.dictionaries(NAMES, st.text(), max_size=4),
       st.lists(st.tuples(st.booleans(), NAMES | WORDS)))
def test_any_value_is_inserted_verbatim(values, parts):
    message = "".join(f"{{{p}}}" if hole else p for hole, p in parts)
    expected = "".join((values.get(p, f"{{{p}}}") if hole else p) for hole, p in parts)
    assert filled(message, values) == expected
    assert filled_size(message, values) == len(expected)


def test_a_contract_shows_a_title_holding_a_placeholder_as_written(run_cfo, example):
    mission = example / "missions" / "tableau-de-bord-ventes-cooperative.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace(
        "title: Tableau de bord des ventes", "title: Tableau {client} {end}", 1),
        encoding="utf-8")
    for fmt in ("md", "html"):
        result = run_cfo("-C", str(example), "--today", TODAY, "contract",
                         "tableau-de-bord-ventes-cooperative", "bruno-lefevre", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "mission «\u202fTableau {client} {end}\u202f» pour" in result.stdout


def _render(tmp_path: Path, source: str, *, html: bool = False, **context: object) -> str:
    root = write_workspace(tmp_path, {"templates/t.j2": source})
    env = make_environment(root, lang="fr", html=html,
                           limits=RenderLimits(max_output_bytes=10_000))
    return render(env, "t.j2", dict(context))


def test_the_fill_filter_escapes_in_html_and_takes_any_value(tmp_path):
    out = _render(tmp_path, '{{ m | fill(a=v, n=3) }}', html=True, m="<{a}> {n} {b}",
                  v="{n} & <i>")
    assert out == "&lt;{n} &amp; &lt;i&gt;&gt; 3 {b}"


def test_the_fill_filter_refuses_a_result_over_the_size_limit_before_building_it(tmp_path):
    with pytest.raises(TemplateProblem, match="larger than the limit"):
        _render(tmp_path, "{{ m | fill(a=v) }}", m="{a}" * 3000, v="x" * 3000)
