"""The words of documents and reports, ``templates/messages/<lang>.yaml``: the packaged
catalogue, then the workspace's own keys on top. Apart from the templates' Jinja machinery,
so that a report that only says words (``cfo status``) loads no template engine; a problem
with a workspace's file is a :class:`TemplateProblem`, as a template's is."""

from __future__ import annotations

from pathlib import Path

#: The languages of the catalogue.
LANGUAGES = ("fr", "en")


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, with where and why."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line or '?'}: {message}")
        self.file = file
        self.line = line
        self.message = message


def refuse_hidden_override(workspace: Path, parts: list[str], what: str) -> None:
    """A :class:`TemplateProblem` when something in the workspace stands where its own
    ``templates/<parts>`` would be but cannot be read as one: ``templates`` or a folder on the
    way being a file, or the file itself being a folder. Falling back to the packaged file
    then would ignore the company's intent without a word."""
    place = workspace / "templates"
    names = ["templates", *parts]
    for depth, name in enumerate(names):
        if depth:
            place = place / name
        if place.is_symlink() or not place.exists():
            return  # links are judged by the caller; nothing there: the packaged file serves
        last = depth == len(names) - 1
        if not last and not place.is_dir():
            rel = "/".join(names[: depth + 1])
            raise TemplateProblem(rel, None, f"{rel} is a file, not a folder, so the "
                                  f"workspace's {what} {'/'.join(names)} cannot be read; "
                                  "remove it or make it a folder")
        if last and place.is_dir():
            rel = "/".join(names)
            raise TemplateProblem(rel, None, f"{rel} is a folder, not a {what}; remove it or "
                                  f"put the {what} itself there")


def load_messages(workspace: Path, lang: str) -> dict[str, str]:
    """The words of documents in ``lang``: packaged, then the workspace's own keys on top.
    The workspace's file is refused, like its templates, when it is a link out of the workspace
    or not a regular file."""
    # Here, not above: the command line names the languages when it starts, and stays light.
    from cfo_tools.loading.regular_files import FileProblem, read_regular_file
    from cfo_tools.loading.resources import packaged_dir
    from cfo_tools.loading.workspace_files import outside_workspace
    from cfo_tools.loading.yaml_documents import parse_document

    messages: dict[str, str] = {}
    real_root = workspace.resolve()
    for base, own in ((packaged_dir("templates"), False), (workspace / "templates", True)):
        path = base / "messages" / f"{lang}.yaml"
        rel = f"templates/messages/{lang}.yaml"
        if own:
            refuse_hidden_override(real_root, ["messages", f"{lang}.yaml"], "messages file")
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
