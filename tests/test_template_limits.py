"""Templates from people we do not fully trust cannot hang, exhaust memory or fail obscurely.

Each hostile template runs with a small budget so the suite stays fast: a size bomb is refused
before it is built (within a 1 MiB cap), a time bomb after 0.1 s.
"""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment

from cfo_tools.documents.render_limits import RenderLimits, parse_size
from cfo_tools.documents.templating import TemplateProblem, make_environment, render
from conftest import needs_alarm
from tests.test_documents import TODAY, cfo

SMALL = RenderLimits(timeout_seconds=0.1, max_output_bytes=1 << 20)
#: For size bombs: refused at once, whatever the machine's speed.
ROOMY = RenderLimits(timeout_seconds=10, max_output_bytes=1 << 20)
SLOW = "longer than the limit of 0.1 s (--render-timeout)"
LARGE = "larger than the limit of 1 MiB (--max-output-size)"
HUGE_NUMBER = "more than 4,300 digits"


def render_text(tmp_path: Path, template: str, context: dict[str, Any] | None = None, *,
                html: bool = False, limits: RenderLimits = ROOMY) -> str:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "doc.md.j2").write_text(template, encoding="utf-8")
    env = make_environment(tmp_path, lang="fr", html=html, limits=limits)
    return render(env, "doc.md.j2", context or {}, document="the test document")


def problem_of(tmp_path: Path, template: str, **options: Any) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        render_text(tmp_path, template, **options)
    return caught.value


NESTED_LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize(("template", "message"), [
    # time bombs: stopped by the deadline
    (NESTED_LOOP, SLOW),
    ("{% for a in range(100) %}{% for b in range(100) %}{% for c in range(100) %}"
     "{% for d in range(100) %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}", SLOW),
    ("{% set l = range(100000)|list %}{% for i in l %}{% for j in l %}{% endfor %}{% endfor %}",
     SLOW),
    ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
     SLOW),
    # long loops inside one filter: the interval timer ends them
    ("{{ (range(100000)|list * 10)|unique|list|length }}", SLOW),
    ("{{ (range(100000)|list * 10)|pprint|length }}", SLOW),
    # size bombs: refused before the value is built
    ("{{ 3 ** 1000000000 }}", HUGE_NUMBER),
    ("{{ 10 ** 5000 }}", HUGE_NUMBER),
    ("{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}"
     "{% endfor %}", HUGE_NUMBER),
    ("{{ 'x' * 10**9 }}", LARGE),
    ("{{ [0] * 10**9 }}", LARGE),
    ("{% set big = ['x' * 100000] * 10 %}{{ (big * 10)|join }}", LARGE),
    ("{{ ','.join(['x' * 500000] * 3) }}", LARGE),
    ("{{ ('x' * 600000)|join(',') }}", LARGE),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}", LARGE),
    ("{% set ns = namespace(l=[0]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}"
     "{% endfor %}", LARGE),
    ("{% set a = [0] * 1000 %}{% set ns = namespace(l=[]) %}{% for i in range(2000) %}"
     "{{ ns.l.append(a) or '' }}{% endfor %}{{ ns.l }}", LARGE),
    ("{% set a = [0] * 1000 %}{% set ns = namespace(l=[]) %}{% for i in range(2000) %}"
     "{{ ns.l.append(a) or '' }}{% endfor %}{{ ns.l|string }}", LARGE),
    ("{{ '%s' % ('x' * 10**7) }}", LARGE),
    ("{{ '%1000000000s' % 1 }}", LARGE),
    ("{{ '%*s' % (1000000000, 1) }}", LARGE),
    ("{{ '%.1000000000f' % 1.5 }}", LARGE),
    ("{{ '%s'|format('x') }}{{ '%1000000000s'|format(1) }}", LARGE),
    ("{{ '{:>1000000000}'.format(1) }}", LARGE),
    ("{{ '{:{w}}'.format(1, w=1000000000) }}", LARGE),
    ("{{ '{:.1000000000f}'.format(1.5) }}", LARGE),
    ("{{ '{0}{0}{0}{0}{0}{0}{0}{0}'.format('x' * 500000) }}", LARGE),
    ("{{ '{a}'.format_map({'a': 1}) }}{{ '{a:>1000000000}'.format_map({'a': 1}) }}", LARGE),
    ("{{ 'x'|center(1000000000) }}", LARGE),
    ("{{ 'x'.center(1000000000) }}", LARGE),
    ("{{ 'x'.zfill(10**9) }}", LARGE),
    ("{{ (1).to_bytes(10**9, 'big') }}", LARGE),
    ("{{ ('\n' * 100000)|indent(1000) }}", LARGE),
    ("{{ ('a' * 100000)|replace('', 'b' * 100000) }}", LARGE),
    ("{{ ('a' * 100000).replace('', 'b' * 100000) }}", LARGE),
    ("{{ [1]|batch(100000000)|list }}", LARGE),
    ("{{ [1]|slice(100000000)|list }}", LARGE),
    ("{% for i in range(100) %}{{ 'x' * 100000 }}{% endfor %}", LARGE),
    ("{{ (range(1000)|list)|tojson(indent=100000) }}", LARGE),
])
def test_hostile_templates_are_stopped(tmp_path, template, message):
    problem = problem_of(tmp_path, template, limits=SMALL if message == SLOW else ROOMY)
    assert problem.file == "templates/doc.md.j2"
    assert message in problem.message
    assert problem.message.endswith("(while making the test document)")


def test_lipsum_is_not_available(tmp_path):
    problem = problem_of(tmp_path, "{{ lipsum(n=10**6) }}")
    assert "'lipsum' is undefined" in problem.message


def test_memory_a_template_builds_is_capped(tmp_path):
    # Each piece is under the size cap, but the block collects 100,000 of them.
    problem = problem_of(tmp_path, "{% set x %}{% for i in range(100000) %}{{ 'y' * 1000000 }}"
                                   "{% endfor %}{% endset %}", limits=SMALL)
    assert "of memory" in problem.message or SLOW in problem.message


def test_the_line_of_the_bomb_is_named(tmp_path):
    problem = problem_of(tmp_path, "Bonjour\n\n{{ 'x' * 10**9 }}\n")
    assert (problem.file, problem.line) == ("templates/doc.md.j2", 3)


def test_a_macro_calling_itself_forever(tmp_path):
    problem = problem_of(tmp_path, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
    assert "nested too deeply" in problem.message


def test_the_deadline_holds_outside_the_main_thread(tmp_path):
    found: list[BaseException] = []

    def run() -> None:
        try:
            render_text(tmp_path, NESTED_LOOP, limits=SMALL)
        except TemplateProblem as exc:
            found.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert len(found) == 1 and SLOW in str(found[0])


@pytest.mark.parametrize("template", [
    "{% for i in range(3) %}{{ i }}{% endfor %} {{ range(5)|list }} {{ range(5)|reverse|list }}"
    " {{ range(5)|length }} {{ range(5)|last }} {{ 3 in range(5) }}",
    "{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ [1] * 3 + [2] }} {{ '%05.1f' % 3.14159 }}"
    " {{ '{:>6}|{:.2f}'.format('a', 2) }} {{ 'a' ~ 1 ~ 'b' }} {{ ', '.join(['x', 'y']) }}"
    " {{ 'abc'|replace('b', 'B') }} {{ 'x'|center(5) }}|",
    "{% for x in 'abc' %}{{ loop.index }}/{{ loop.length }}{{ loop.last }}{% endfor %}"
    "{% for x in [] %}x{% else %}empty{% endfor %}{% for k, v in {'a': 1}.items() %}{{ k }}"
    "{{ v }}{% endfor %}{% for n in [[1, [2]], 3] recursive %}{% if n is iterable %}"
    "({{ loop(n) }}){% else %}{{ n }}{% endif %}{% endfor %}"
    "{% for i in range(10) if i is even %}{{ i }}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% macro m(n) %}{% if n %}{{ n }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(5) }}"
    " {{ '%(a)s'|format(a=1) }} {{ [3, 1, 2]|sort|join('-') }} {{ {'a': 1}.items()|list }}",
])
def test_ordinary_templates_are_untouched(tmp_path, template):
    from jinja2.sandbox import SandboxedEnvironment

    expected = SandboxedEnvironment().from_string(template).render()
    assert render_text(tmp_path, template) == expected


def test_html_concatenation_still_escapes(tmp_path):
    text = render_text(tmp_path, "{{ name ~ '!' }}", {"name": "<b>"}, html=True)
    assert text == "&lt;b&gt;!"


def test_a_document_at_the_size_limit_passes_and_one_byte_more_fails(tmp_path):
    limits = RenderLimits(timeout_seconds=5, max_output_bytes=1000)
    assert len(render_text(tmp_path, "{{ 'x' * 1000 }}", limits=limits)) == 1000
    problem = problem_of(tmp_path, "{{ 'x' * 1000 }}é", limits=limits)
    assert (problem.file, problem.line) == ("templates/doc.md.j2", None)
    assert "the document is larger than the limit of 1000 bytes" in problem.message


@pytest.mark.parametrize(("text", "size"), [
    ("10MiB", 10 << 20), ("512k", 512 << 10), ("1048576", 1 << 20), ("2 MB", 2 << 20),
    ("1.5M", 3 << 19),
])
def test_sizes_are_read_with_binary_units(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "ten", "-1", "0", "10XB"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError):
        parse_size(text)


# -- messages that say what went wrong -----------------------------------------------------------

def raise_memory_error() -> None:
    raise MemoryError


@pytest.mark.parametrize(("template", "context", "words"), [
    ("{{ boom() }}", {"boom": raise_memory_error}, "out of memory"),
    ("{{ a / b }}", {"a": Decimal(1), "b": Decimal(0)},
     "decimal arithmetic failed: division by zero"),
    ("{{ a * b }}", {"a": Decimal("1e999999"), "b": Decimal("1e999999")},
     "decimal arithmetic failed: a number too large"),
    ("{{ a + b }}", {"a": Decimal("NaN"), "b": Decimal("sNaN")}, "an invalid operation"),
    ("{{ 1 / 0 }}", {}, "division by zero"),
    ("{{ 2.0 ** 100000 }}", {}, "a number too large"),
    ("{{ x.upper() }}", {"x": None}, "undefined value"),
])
def test_errors_are_told_in_words(tmp_path, template, context, words):
    problem = problem_of(tmp_path, template, context=context)
    assert words in problem.message
    assert "decimal." not in problem.message and "<class" not in problem.message
    assert not problem.message.startswith("error while rendering:  ")


def test_a_packaged_template_failing_on_data_blames_the_data(tmp_path):
    """The packaged templates are ours: when they fail, the data they were given is at fault."""
    env = make_environment(tmp_path, lang="fr", html=False, limits=ROOMY)
    with pytest.raises(TemplateProblem) as caught:
        render(env, "index.md.j2", {"t": {}, "company": {}}, document="the build index (md)",
               data_files=("missions/m.yaml", "company.yaml"))
    problem = caught.value
    assert problem.file == "missions/m.yaml"
    assert "(and company.yaml)" in problem.message
    assert "packaged template templates/index.md.j2, line " in problem.message
    assert "while making the build index (md)" in problem.message


def test_a_workspace_template_calling_a_packaged_macro_is_blamed_at_the_call(tmp_path):
    problem = problem_of(tmp_path, "{% import '_sections.md.j2' as s with context %}\n\n"
                                   "{{ s.company_section(42) }}", context={"t": {}})
    assert (problem.file, problem.line) == ("templates/doc.md.j2", 3)
    assert "(in the packaged template templates/_sections.md.j2, line " in problem.message


def test_a_template_nested_too_deeply_to_read(tmp_path):
    problem = problem_of(tmp_path, "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    assert problem.file == "templates/doc.md.j2"
    assert "nested too deeply to be read" in problem.message


def test_a_template_file_larger_than_the_cap_is_not_read(tmp_path):
    limits = RenderLimits(timeout_seconds=5, max_output_bytes=1000)
    problem = problem_of(tmp_path, "{# " + "x" * 1000 + " #}", limits=limits)
    assert problem.file == "templates/doc.md.j2"
    assert "this template is larger than the limit of 1000 bytes" in problem.message


def test_a_missing_include_is_named_at_the_include(tmp_path):
    problem = problem_of(tmp_path, "Bonjour\n{% include 'nope.md.j2' %}")
    assert (problem.file, problem.line) == ("templates/doc.md.j2", 2)
    assert problem.message.startswith("template nope.md.j2 not found")


def test_an_extends_loop_is_told_in_words(tmp_path):
    problem = problem_of(tmp_path, "{% extends 'doc.md.j2' %}")
    assert "nested too deeply" in problem.message


# -- the command line ----------------------------------------------------------------------------

MISSION = "design-system-banque-regionale"


def write_template(example: Path, name: str, text: str) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / name).write_text(text, encoding="utf-8")


def test_brief_stops_a_slow_template(run_cfo, example):
    write_template(example, "brief.md.j2", f"# {{{{ mission.title }}}}\n{NESTED_LOOP}\n")
    result = cfo(run_cfo, example, "brief", MISSION, "--render-timeout", "0.1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"templates/brief.md.j2:2: error [template] rendering took "
                                    f"longer than the limit of 0.1 s (--render-timeout) "
                                    f"(while making the brief of {MISSION} (md))")
    assert result.stdout == ""


def test_build_stops_a_large_template_and_names_the_document(run_cfo, example, tmp_path):
    write_template(example, "brief.html.j2", "{{ 'x' * 200000 }}\n")
    result = cfo(run_cfo, example, "build", "-o", str(tmp_path / "out"),
                 "--max-output-size", "100KiB")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/brief.html.j2:1: error [template] repeating a "
                                    "value 200000 times with '*' would be larger than the limit "
                                    "of 100 KiB (--max-output-size) (while making the brief of ")
    assert "(html))" in result.stderr


def test_the_limits_come_from_the_environment_too(run_cfo, example):
    write_template(example, "brief.md.j2", NESTED_LOOP)
    result = run_cfo("-C", str(example), "--today", TODAY, "brief", MISSION,
                     env={"CFO_RENDER_TIMEOUT": "0.1"})
    assert result.exit_code == 1 and "0.1 s (--render-timeout)" in result.stderr


@pytest.mark.parametrize("command", [
    ["brief", MISSION], ["onboard", "chloe-dubois"], ["build"], ["planning", "--format", "html"],
    ["acceptance", MISSION, "x"], ["request-changes", MISSION, "x"],
])
@pytest.mark.parametrize(("option", "value"), [("--render-timeout", "0"),
                                               ("--render-timeout", "nan"),
                                               ("--max-output-size", "lots")])
def test_bad_limits_are_usage_errors(run_cfo, tmp_path, command, option, value):
    result = cfo(run_cfo, tmp_path, *command, option, value)
    assert result.exit_code == 2 and option in result.stderr


def test_the_planning_page_has_the_same_limits(run_cfo, example):
    write_template(example, "planning.html.j2", "{{ 'x' * 10**9 }}")
    result = cfo(run_cfo, example, "planning", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/planning.html.j2:1: error [template] repeating")
    assert "10 MiB" in result.stderr and "(while making the planning page)" in result.stderr


@needs_alarm
def test_the_interval_timer_and_its_handler_are_put_back(tmp_path):
    import signal

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("the render's timer fired after the render")

    # The render's timer counts the processor's time: SIGVTALRM.
    previous = signal.signal(signal.SIGVTALRM, mine)
    try:
        assert render_text(tmp_path, "ok") == "ok"
        problem_of(tmp_path, NESTED_LOOP, limits=SMALL)
        assert signal.getsignal(signal.SIGVTALRM) is mine
        assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGVTALRM, previous)


def test_a_stopped_render_is_not_stopped_again_while_it_unwinds():
    # A second stop raised from a generator closing or a finalizer would escape as an
    # "unraisable" exception instead of the clear error already on its way.
    from cfo_tools.documents.render_limits import _CLOCK_EVERY, RenderLimitExceeded, _Budget

    def ticks_reading_the_clock() -> None:
        for _ in range(_CLOCK_EVERY):
            budget.tick()

    budget = _Budget(RenderLimits(0.001, 1024))
    budget.deadline -= 0.01
    with pytest.raises(RenderLimitExceeded):
        ticks_reading_the_clock()
    ticks_reading_the_clock()  # unwinding: no second stop
    budget.deadline -= 10  # long past the grace: something swallowed the stop
    with pytest.raises(RenderLimitExceeded):
        ticks_reading_the_clock()


# -- the sandbox remembers its answers per (type, attribute) and refuses as much -------------

def _generator() -> Any:
    yield 1


class _Record:
    title = "Refonte"

    def shout(self) -> str:
        return self.title.upper()


#: Each attribute read twice in one render (the second answer comes from what the sandbox
#: remembered), after a safe read of another attribute of the same type.
@pytest.mark.parametrize("expression", [
    "''.__class__", "''.__class__.__mro__", "record.__class__", "record.title.__class__",
    "record.__class__.__base__.__subclasses__()", "record.shout.__func__",
    "record.shout.__func__.__globals__", "function.__globals__", "function.__code__",
    "function.func_globals", "kind.mro", "kind.mro()", "generator.gi_frame",
    "generator.gi_code", "record._hidden", "''.format.__self__",
    "'{0.__class__}'.format(record)", "'{0.shout.__func__.__globals__}'.format(record)",
"'{x.__class__}'.format_map({'x': record})",
])
def test_the_sandbox_still_refuses_internals_when_asked_again(tmp_path, expression):
    context = {"record": _Record(), "function": _generator, "kind": _Record,
               "generator": _generator()}
    template = ("{{ record.title }}{{ record.shout() }}{{ kind.title }}{{ ''.upper() }}\n"
                f"{{{{ {expression} }}}}\n{{{{ {expression} }}}}\n")
    problem = problem_of(tmp_path, template, context=context)
    assert problem.line == 2
    # Python 3 functions have no func_globals, the record no _hidden, and the sandbox's own
    # str.format no __self__: undefined there.
    missing = expression in ("function.func_globals", "record._hidden", "''.format.__self__")
    assert ("undefined" if missing else "refused by the sandbox") in problem.message


def test_safe_attributes_are_still_read_when_asked_again(tmp_path):
    context = {"record": _Record(), "others": [_Record(), _Record()]}
    text = render_text(tmp_path, "{% for r in others %}{{ r.title }}{{ r.shout() }}{% endfor %}"
                                 "{{ record.title }}{{ '{0.title}'.format(record) }}", context)
    assert text == "RefonteREFONTE" * 2 + "Refonte" * 2


class _Disguised:
    """Honest about its type unless told to pass for a generator (as a proxy passes for what
    it wraps): ``isinstance`` then believes its ``__class__``."""

    def __init__(self, disguised: bool) -> None:
        self.disguised = disguised
        self.gi_frame = "a frame"

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(_generator()) if self.disguised else _Disguised


def test_an_object_passing_for_another_type_is_not_judged_by_its_type(tmp_path):
    context = {"plain": _Disguised(False), "disguised": _Disguised(True)}
    assert render_text(tmp_path, "{{ plain.gi_frame }}", context) == "a frame"
    problem = problem_of(tmp_path, "{{ plain.gi_frame }}\n{{ disguised.gi_frame }}\n",
                         context=context)
    assert problem.line == 2 and "refused by the sandbox" in problem.message


_DICT_NAMES = sorted(dir(dict))


@settings(max_examples=200, deadline=None)
@given(keys=st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(_DICT_NAMES)),
                            st.integers(), max_size=6),
       name=st.one_of(st.text(max_size=8), st.sampled_from(_DICT_NAMES)))
def test_a_dict_read_as_an_object_gives_jinjas_answer(keys, name):
    """The sandbox reads a plain dict's key first (``t.site_client``) when no attribute of
    a dict has that name: the same answer as Jinja's own sandbox, key, method or undefined."""
    ours = make_environment(Path("."), lang="en", html=True).getattr(keys, name)
    jinjas = SandboxedEnvironment(undefined=StrictUndefined).getattr(keys, name)
    if isinstance(jinjas, Undefined):
        assert type(ours) is type(jinjas)
        assert (ours._undefined_name, ours._undefined_obj) == (name, keys)
        assert ours._undefined_hint == jinjas._undefined_hint
    elif callable(jinjas):
        assert ours == jinjas  # the same bound method of the same dict
    else:
        assert ours is jinjas


def test_a_dict_subclass_is_read_as_jinja_reads_it(tmp_path):
    class Words(dict[str, str]):
        site_client = "the attribute"

    text = render_text(tmp_path, "{{ words.site_client }} {{ words.other }}",
                       {"words": Words(site_client="the key", other="a key")})
    assert text == "the attribute a key"


def test_text_printed_again_is_shown_as_the_first_time(tmp_path):
    """Texts shown are remembered by the environment: the second time, the same spacing
    and the same escaped control characters, and a text past the size limit still fails."""
    template = ("{% for _ in range(3) %}{{ word }}|{{ bell }}|{{ long }}|{% endfor %}"
                "{{ too_long }}")
    context = {"word": "Note : oui ?", "bell": "a\x07b", "long": "x" * 500,
               "too_long": "y" * ((1 << 20) + 1)}
    problem = problem_of(tmp_path, template, html=True, context=context)
    assert f"the printed value would be {LARGE}" in problem.message
    shown = render_text(tmp_path, template.replace("{{ too_long }}", ""), context, html=True)
    assert shown == "Note\u202f: oui\u202f?|a\\x07b|" + "x" * 500 + "|" + (
        "Note\u202f: oui\u202f?|a\\x07b|" + "x" * 500 + "|") * 2


@pytest.mark.skipif(not Path("/proc/self/statm").is_file() or not hasattr(os, "fork"),
                    reason="the memory in use is read from /proc on Linux")
def test_a_forked_process_measures_its_own_memory():
    """The statm file is kept open; a forked worker (the site's and build's pools) must not
    read its parent's memory through the descriptor it inherits."""
    from cfo_tools.documents.render_limits import _memory_in_use

    before = _memory_in_use()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports by its exit code
        # The child's own starting point: a forked child's resident size is not its
        # parent's (file-backed pages, the cache's mapped database among them, are not
        # counted until it touches them). Read through the parent's descriptor, both
        # figures would be the parent's, which does not grow.
        start = _memory_in_use()
        grown = bytearray(96 << 20)
        grown[::4096] = b"x" * len(grown[::4096])
        os._exit(0 if _memory_in_use() - start > 64 << 20 else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert abs(_memory_in_use() - before) < 64 << 20  # the parent's own, unchanged


def test_the_budget_counts_the_processor_time_of_the_render_not_the_wall_clock(tmp_path):
    """A render waiting on a busy machine is not stopped: only its own work is counted (here
    a function of the context that waits 0.3 s, three times the budget, without working)."""
    import time

    def wait() -> str:
        time.sleep(0.3)
        return "done"

    text = render_text(tmp_path, "{% for i in range(40) %}{{ i }}{% endfor %}{{ wait() }}",
                       {"wait": wait}, limits=SMALL)
    assert text.endswith("done")
    with pytest.raises(TemplateProblem, match=r"longer than the limit of 0\.1 s"):
        render_text(tmp_path, NESTED_LOOP + "{{ wait() }}", {"wait": wait}, limits=SMALL)
