"""Jinja templates rendered safely: sandboxed, strict about undefined names, autoescaped for
HTML, loaded from the workspace's ``templates/`` first and the packaged ones second.

Templates arrive through pull requests from people we do not fully trust, and CI renders them,
so every template error becomes a :class:`TemplateProblem` naming the template file and line.
Words of documents come from ``templates/messages/<lang>.yaml`` (the workspace may override any
key), dates and money are formatted with Babel for the document's language.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cfo_tools.loading.resources import packaged_dir
from cfo_tools.model.money import display_context, exact_decimal, money_text, too_long_to_write

LANGUAGES = ("fr", "en")
#: Babel locale of each document language.
BABEL_LOCALES = {"fr": "fr_FR", "en": "en_US"}


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, with where and why."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line or '?'}: {message}")
        self.file = file
        self.line = line
        self.message = message


class WorkspaceTemplateLoader(jinja2.BaseLoader):
    """The workspace's template when it has one, else the packaged one (file by file)."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace.resolve()
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
            if not path.is_file():
                continue
            if own and self.workspace not in path.resolve().parents:
                raise TemplateProblem(self.display(path), None,
                                      "this template is a link out of the workspace; refused")
            source = path.read_text(encoding="utf-8")
            mtime = path.stat().st_mtime
            return source, str(path), lambda p=path, m=mtime: p.stat().st_mtime == m
        raise jinja2.TemplateNotFound(template)

    def display(self, path: str | Path) -> str:
        """Workspace-relative name of a template file, or ``(packaged) name``."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.workspace).as_posix()
        except ValueError:
            pass
        try:
            rel = path.resolve().relative_to(packaged_dir("templates").resolve())
            return f"(packaged) templates/{rel.as_posix()}"
        except ValueError:
            return str(path)


def format_date(value: date, style: str = "full", *, lang: str) -> str:
    from babel.dates import format_date as babel_date

    return babel_date(value, style, locale=BABEL_LOCALES[lang])


def _filter_number(value: object, name: str) -> Decimal:
    """The exact decimal value a template passed to a number filter (never via a float)."""
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"the {name} filter needs a number, not {value[:40]!r}") from None
    try:
        return exact_decimal(value)
    except TypeError:
        raise ValueError(f"the {name} filter needs a number, not "
                         f"{type(value).__name__}") from None


def format_money(amount: Decimal | int | float, currency: str, *, lang: str) -> str:
    """An amount in the document's language ("1 183,88 €"), from its exact decimal value."""
    from babel.numbers import format_currency

    value = _filter_number(amount, "money")
    if too_long_to_write(value):
        return f"{money_text(value)} {currency}"
    with localcontext(display_context(value)):
        return format_currency(value, currency, locale=BABEL_LOCALES[lang])


def format_number(value: Decimal | int | float, *, lang: str) -> str:
    from babel.numbers import format_decimal

    number = _filter_number(value, "number")
    if too_long_to_write(number):
        return money_text(number)
    with localcontext(display_context(number)):
        return format_decimal(number, locale=BABEL_LOCALES[lang])


def load_messages(workspace: Path, lang: str) -> dict[str, str]:
    """The words of documents in ``lang``: packaged, then the workspace's own keys on top."""
    from cfo_tools.loading.yaml_documents import read_document

    messages: dict[str, str] = {}
    for base in (packaged_dir("templates"), workspace / "templates"):
        path = base / "messages" / f"{lang}.yaml"
        if not path.is_file():
            continue
        document = read_document(path, f"templates/messages/{lang}.yaml")
        if document.data is None or document.findings:
            finding = document.findings[0]
            raise TemplateProblem(finding.file, finding.line, finding.message)
        for key, value in document.data.items():
            if not isinstance(value, str):
                raise TemplateProblem(f"templates/messages/{lang}.yaml", None,
                                      f"message '{key}' must be text")
            messages[key] = value
    return messages


def format_percent(value: Decimal | int | float, *, lang: str) -> str:
    from babel.numbers import format_percent as babel_percent

    number = _filter_number(value, "percent")
    if too_long_to_write(number):
        return f"{money_text(number)} %"
    with localcontext(display_context(number)):
        return babel_percent(number.scaleb(-2), locale=BABEL_LOCALES[lang])


def make_environment(workspace: Path, *, lang: str, html: bool,
                     currency: str = "EUR") -> SandboxedEnvironment:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    env = SandboxedEnvironment(
        loader=WorkspaceTemplateLoader(workspace),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value, style="full": format_date(value, style, lang=lang)
    env.filters["number"] = lambda value: format_number(value, lang=lang)
    env.filters["money"] = lambda value: format_money(value, currency, lang=lang)
    env.filters["percent"] = lambda value: format_percent(value, lang=lang)
    env.filters["cell"] = markdown_cell
    env.globals["lang"] = lang
    return env


def markdown_cell(value: Any) -> str:
    """A value for a Markdown table cell: a "|" would end the cell, a line break the row."""
    return " ".join(str(value).split("\n")).replace("|", "\\|")


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; any failure is a :class:`TemplateProblem`."""
    loader = env.loader
    assert isinstance(loader, WorkspaceTemplateLoader)
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateProblem:
        raise
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"templates/{exc.name}", None, "template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        where = loader.display(exc.filename) if exc.filename else f"templates/{name}"
        raise TemplateProblem(where, exc.lineno, f"template syntax error: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_frame(exc, loader, name)
        raise TemplateProblem(file, line, f"refused by the sandbox: {exc}") from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc, loader, name)
        raise TemplateProblem(file, line, f"undefined value: {exc.message}") from None
    except Exception as exc:
        file, line = _template_frame(exc, loader, name)
        raise TemplateProblem(file, line, f"error while rendering: {exc}") from None


def _template_frame(
    exc: BaseException, loader: WorkspaceTemplateLoader, name: str
) -> tuple[str, int | None]:
    """The innermost template file and line of the traceback (Jinja rewrites its frames to
    point at template lines)."""
    found: tuple[str, int | None] = (f"templates/{name}", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        for base, _ in loader.searchpath:
            if frame.filename.startswith(str(base)):
                found = (loader.display(frame.filename), frame.lineno)
    return found
