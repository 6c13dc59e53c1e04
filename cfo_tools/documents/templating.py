"""Jinja templates rendered safely: sandboxed, strict about undefined names, autoescaped for
HTML, loaded from the workspace's ``templates/`` first and the packaged ones second.

Templates arrive through pull requests from people we do not fully trust, and CI renders them,
so every template error becomes a :class:`TemplateProblem` naming the template file and line.
Words of documents come from ``templates/messages/<lang>.yaml`` (the workspace may override any
key), dates and money are formatted with Babel for the document's language.
"""

from __future__ import annotations

import decimal
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import SandboxedEnvironment

# The words of documents are loaded apart (a report that only says words needs no Jinja);
# their names stay importable from here.
from cfo_tools.documents.messages import LANGUAGES as LANGUAGES
from cfo_tools.documents.messages import TemplateProblem as TemplateProblem
from cfo_tools.documents.messages import load_messages as load_messages
from cfo_tools.documents.messages import refuse_hidden_override as _refuse_hidden_override

# Numbers and money are written apart (a report that shows amounts needs no Jinja); their
# names stay importable from here.
from cfo_tools.documents.number_text import format_money as format_money
from cfo_tools.documents.number_text import format_number as format_number
from cfo_tools.documents.number_text import format_percent as format_percent
from cfo_tools.documents.placeholder_filter import fill
from cfo_tools.documents.render_limits import (
    LimitedSandbox,
    RenderLimitExceeded,
    RenderLimits,
    describe_size,
)
from cfo_tools.documents.typography import (
    Passage,
    day_text,
    marked,
    paragraphs,
    period_text,
    phone_text,
    spaced,
)
from cfo_tools.formats.html import html_text
from cfo_tools.formats.markdown import markdown_block, markdown_cell
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.workspace_files import outside_workspace


class WorkspaceTemplateLoader(jinja2.BaseLoader):
    """The workspace's template when it has one, else the packaged one (file by file)."""

    def __init__(self, workspace: Path, *, max_size: int | None = None) -> None:
        self.workspace = workspace.resolve()
        self.max_size = max_size
        self.searchpath = [(self.workspace / "templates", True),
                           (packaged_dir("templates").resolve(), False)]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = [p for p in template.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise jinja2.TemplateNotFound(template)
        for base, own in self.searchpath:
            path = base.joinpath(*parts)
            if own:
                _refuse_hidden_override(self.workspace, parts, "template")
            if not (path.exists() or path.is_symlink()):
                continue
            if own:
                rel = "templates/" + "/".join(parts)
                if outside_workspace(path, self.workspace, rel) is not None:
                    raise TemplateProblem(rel, None,
                                          "this template is a link out of the workspace; refused")
            if path.is_dir():
                continue
            if self.max_size is not None and _size_of(path) > self.max_size:
                raise TemplateProblem(
                    self.display(path), None,
                    f"this template is larger than the limit of {describe_size(self.max_size)} "
                    "(--max-output-size); refused")
            source = _read_text(path, self.display(path))
            mtime = path.stat().st_mtime
            return source, str(path), lambda p=path, m=mtime: p.stat().st_mtime == m
        raise jinja2.TemplateNotFound(template)

    def display_name(self, template: str) -> str:
        """How :meth:`display` names the file that template ``template`` comes from."""
        parts = [p for p in template.split("/") if p not in ("", ".", "..")]
        for base, _ in self.searchpath:
            if base.joinpath(*parts).is_file():
                return self.display(base.joinpath(*parts))
        return f"templates/{template}"

    def display(self, path: str | Path) -> str:
        """Workspace-relative name of a template file, or ``(packaged) name``."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.workspace).as_posix()
        except ValueError:
            pass
        try:
            rel = path.resolve().relative_to(packaged_dir("templates").resolve())
            return f"{PACKAGED}templates/{rel.as_posix()}"
        except ValueError:
            return str(path)





def format_date(value: date, style: str = "full", *, lang: str) -> str:
    return day_text(value, style, lang)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a broken link: reading it reports the problem


def _read_text(path: Path, shown: str) -> str:
    """A template's text, refused when it is not a regular file of a sane size (a FIFO would
    block rendering forever)."""
    raw = read_regular_file(path)
    if isinstance(raw, FileProblem):
        raise TemplateProblem(shown, None, raw.message)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateProblem(shown, None, "the file is not valid UTF-8") from None


#: How many texts (of at most how many characters) one environment remembers as shown.
_REMEMBERED_TEXTS = 65536
_REMEMBERED_LENGTH = 200


def _html_finalizer(lang: str) -> Callable[[Any], Any]:
    """Control characters shown escaped, then the document's typography: a passage in
    another language is wrapped in markup, which must not carry them raw."""

    #: Plain text as shown, by text: a page prints the same words, names and days as the
    #: last thousand pages did (each new text costs a search for high punctuation and a scan
    #: for control characters).
    shown_texts: dict[str, Any] = {}

    def finalize(value: Any) -> Any:
        if value.__class__ is str:
            # Plain text, most of what a page prints: what ``marked`` does to it, inline.
            shown = shown_texts.get(value)
            if shown is None:
                text = spaced(value, lang)
                shown = text if text.isprintable() else html_text(text)
                if len(shown_texts) < _REMEMBERED_TEXTS and len(value) <= _REMEMBERED_LENGTH:
                    shown_texts[value] = shown
            return shown
        if isinstance(value, Passage):
            value = Passage(str(html_text(str(value))), value.lang)
        shown = marked(value, lang, html=True)
        # Text with no control character (printable) is what html_text leaves as it is.
        if shown.__class__ is str and shown.isprintable():
            return shown
        return html_text(shown)

    return finalize


@jinja2.pass_environment
def _dates_html(env: jinja2.Environment, start: Any, end: Any, style: str = "medium"
                ) -> markupsafe.Markup:
    """``dates_html(start, end)``: two days, each kept on one line, what the site's pages
    printed with a macro (the two spans joined by an en dash between spaces), byte for
    byte; written here because a page of a mission calls it a few times and a site of
    20,000 missions 60,000 times, each macro call a render of its own in the sandbox.
    Each day goes through the environment's ``date`` filter and its finalizer (typography,
    limits) and is escaped, as a printed value is."""
    shown = env.filters["date"]
    finalize = env.finalize if env.finalize is not None else str
    return markupsafe.Markup('<span class="nowrap">{}</span> \u2013 <span class="nowrap">{}</span>'
                             ).format(finalize(shown(start, style)), finalize(shown(end, style)))


def make_environment(workspace: Path, *, lang: str, html: bool, currency: str = "EUR",
                     limits: RenderLimits | None = None) -> SandboxedEnvironment:
    """The sandbox documents are rendered in, with the render ``limits`` (time, size)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    limits = limits or RenderLimits()
    env = LimitedSandbox(
        limits=limits,
        loader=WorkspaceTemplateLoader(workspace, max_size=limits.max_output_bytes),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        finalize=(_html_finalizer(lang) if html
                  else (lambda value: marked(value, lang, html=False))),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value, style="full": format_date(value, style, lang=lang)
    env.filters["period"] = (lambda start, end, style="long":
                             period_text(start, end, style, lang))
    env.filters["phone"] = phone_text
    env.filters["paragraphs"] = paragraphs
    env.filters["number"] = lambda value: format_number(value, lang=lang)
    env.filters["money"] = lambda value: format_money(value, currency, lang=lang)
    env.filters["percent"] = lambda value: format_percent(value, lang=lang)
    env.filters["cell"] = markdown_cell
    env.filters["block"] = markdown_block
    env.filters["fill"] = fill
    env.globals["lang"] = lang
    if html:
        env.globals["dates_html"] = _dates_html
    return env


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any], *,
           document: str | None = None, data_files: Sequence[str] = ()) -> str:
    """Render template ``name`` within the environment's time and size limits; any failure is
    a :class:`TemplateProblem` naming the template, its line, the ``document`` being made and,
    when the packaged templates fail on the data, the ``data_files`` the document shows."""
    loader = env.loader
    assert isinstance(loader, WorkspaceTemplateLoader)
    made = f" (while making {document})" if document else ""
    try:
        if isinstance(env, LimitedSandbox):
            with env.budget():
                return _generate_within_limits(env, name, context)
        return env.get_template(name).render(context)
    except TemplateProblem:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = loader.display(exc.filename) if exc.filename else loader.display_name(name)
        raise TemplateProblem(where, exc.lineno,
                              f"template syntax error: {exc.message}{made}") from None
    except Exception as exc:
        frames = _template_frames(exc, loader)
        file, line = frames[-1] if frames else (loader.display_name(name), None)
        if isinstance(exc, jinja2.TemplateNotFound):
            if not frames:
                file = f"templates/{exc.name}"
            what = f"template {exc.name} not found" if frames else "template not found"
        elif isinstance(exc, RenderLimitExceeded):
            what = str(exc)
        elif isinstance(exc, jinja2.exceptions.SecurityError):
            what = f"refused by the sandbox: {exc}"
        elif isinstance(exc, jinja2.UndefinedError):
            what = f"undefined value: {exc.message}"
        elif isinstance(exc, RecursionError) and not frames:
            what = ("the template is nested too deeply to be read (hundreds of levels of "
                    "blocks, brackets or parentheses)")
        else:
            what = f"error while rendering: {describe_error(exc)}"
        own = [frame for frame in frames if not frame[0].startswith(PACKAGED)]
        if file.startswith(PACKAGED) and own:
            # A workspace template called a packaged macro: the call is what to look at.
            what += f" (in the packaged template {file[len(PACKAGED):]}, line {line or '?'})"
            file, line = own[-1]
        elif frames and not own and data_files and isinstance(exc, _DATA_ERRORS):
            # Only packaged templates ran, and they are ours and tested: what they cannot show
            # is the data.
            others = [f for f in data_files[1:] if f != data_files[0]]
            also = f" (and {', '.join(others)})" if others else ""
            raise TemplateProblem(
                data_files[0], None,
                f"the data of this file{also} cannot be shown: {what} — in the packaged "
                f"template {file[len(PACKAGED):]}, line {line or '?'}{made}; check the "
                "values that line shows") from None
        raise TemplateProblem(file, line, f"{what}{made}") from None


#: Failures of a packaged template that come from the data it was given (not from a limit,
#: the sandbox, or the memory of the machine).
_DATA_ERRORS = (jinja2.UndefinedError, ArithmeticError, decimal.DecimalException, TypeError,
                ValueError, KeyError, AttributeError, IndexError)


#: How :meth:`WorkspaceTemplateLoader.display` names a packaged template.
PACKAGED = "(packaged) "


#: Output chunks taken from a template at a time: its size and the deadline are checked per
#: batch rather than per chunk. A chunk is the template's own text or a printed value, itself
#: under the size cap (so a batch holds at most 16 times the cap, half the memory a render may
#: add), and every call, filter and loop step that makes one still counts against the deadline.
_CHUNK_BATCH = 16


def _generate_within_limits(env: LimitedSandbox, name: str, context: dict[str, Any]) -> str:
    template = env.get_template(name)
    limit = env.limits.max_output_bytes
    parts: list[str] = []
    # UTF-8 writes a character in 4 bytes at most (a lone surrogate in 3): the bytes are
    # counted only once the characters could be over the limit.
    characters = 0
    size = 0  # bytes of parts[:measured]
    measured = 0
    chunks = template.generate(context)
    while batch := list(islice(chunks, _CHUNK_BATCH)):
        parts += batch
        characters += sum(map(len, batch))
        if characters * 4 > limit:
            size += sum(len(part.encode("utf-8", "surrogatepass")) for part in parts[measured:])
            measured = len(parts)
            if size > limit:
                raise RenderLimitExceeded(f"the document is larger than the limit of "
                                          f"{describe_size(limit)} (--max-output-size)")
        env.tick()
    return "".join(parts)


_DECIMAL_SIGNALS = {
    "DivisionByZero": "division by zero",
    "DivisionUndefined": "division of zero by zero",
    "Overflow": "a number too large",
    "Underflow": "a number too small",
    "InvalidOperation": "an invalid operation on a number (not a number, infinite, or text)",
    "ConversionSyntax": "text that is not a number",
}


def describe_error(exc: BaseException) -> str:
    """What went wrong, in words, when Python's own message is empty or made for programmers
    (``MemoryError()``, ``[<class 'decimal.DivisionByZero'>]``)."""
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, RecursionError):
        return "calls nested too deeply (a macro or an include that calls itself?)"
    if isinstance(exc, decimal.DecimalException):
        signals = [getattr(s, "__name__", str(s)) for s in (exc.args[0] if exc.args and
                   isinstance(exc.args[0], list) else [type(exc)])]
        words = [_DECIMAL_SIGNALS.get(n, n) for n in signals] or [type(exc).__name__]
        return f"decimal arithmetic failed: {', '.join(dict.fromkeys(words))}"
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, OverflowError):
        return "a number too large"
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _template_frames(
    exc: BaseException, loader: WorkspaceTemplateLoader
) -> list[tuple[str, int | None]]:
    """The template files and lines of the traceback, outermost first (Jinja rewrites its
    frames to point at template lines)."""
    found: list[tuple[str, int | None]] = []
    for frame in traceback.extract_tb(exc.__traceback__):
        for base, _ in loader.searchpath:
            if frame.filename.startswith(str(base)):
                found.append((loader.display(frame.filename), frame.lineno))
                break
    return found
