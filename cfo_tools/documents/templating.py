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
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cfo_tools.formats.markdown import markdown_cell
from cfo_tools.loading.regular_files import FileProblem, read_regular_file
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.workspace_files import outside_workspace

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
            if not (path.exists() or path.is_symlink()):
                continue
            if own:
                rel = "templates/" + "/".join(parts)
                if outside_workspace(path, self.workspace, rel) is not None:
                    raise TemplateProblem(rel, None,
                                          "this template is a link out of the workspace; refused")
            if path.is_dir():
                continue
            source = _read_text(path, self.display(path))
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


def format_money(amount: float, currency: str, *, lang: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=BABEL_LOCALES[lang])


def format_number(value: float, *, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=BABEL_LOCALES[lang])


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


def load_messages(workspace: Path, lang: str) -> dict[str, str]:
    """The words of documents in ``lang``: packaged, then the workspace's own keys on top.
    The workspace's file is refused, like its templates, when it is a link out of the workspace
    or not a regular file."""
    from cfo_tools.loading.yaml_documents import parse_document

    messages: dict[str, str] = {}
    real_root = workspace.resolve()
    for base, own in ((packaged_dir("templates"), False), (workspace / "templates", True)):
        path = base / "messages" / f"{lang}.yaml"
        rel = f"templates/messages/{lang}.yaml"
        if not (path.exists() or path.is_symlink()):
            continue
        if own and outside_workspace(path, real_root, rel) is not None:
            raise TemplateProblem(rel, None,
                                  "this messages file is a link out of the workspace; refused")
        raw = read_regular_file(path)
        if isinstance(raw, FileProblem):
            raise TemplateProblem(rel, None, raw.message)
        document = parse_document(raw, path, rel)
        if document.data is None or document.findings:
            finding = document.findings[0]
            raise TemplateProblem(finding.file, finding.line, finding.message)
        for key, value in document.data.items():
            if not isinstance(value, str):
                raise TemplateProblem(f"templates/messages/{lang}.yaml", None,
                                      f"message '{key}' must be text")
            messages[key] = value
    return messages


def format_percent(value: float, *, lang: str) -> str:
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value / 100, locale=BABEL_LOCALES[lang])


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
