"""The words of a report in one language: the messages catalogue's sentences, their
placeholders filled in one pass, the count's plural form chosen by CLDR, the language's
typography (in French a narrow no-break space before ":" and inside « »), and its days,
numbers and percentages as Babel writes them."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cfo_tools.documents.messages import LANGUAGES as LANGUAGES
from cfo_tools.formats.placeholders import filled
from cfo_tools.model.vocabulary import Vocabulary, label

if TYPE_CHECKING:
    from cfo_tools.model.records import Company


@dataclass(frozen=True)
class Words:
    """A loaded messages catalogue (``load_messages``) and its language."""

    words: Mapping[str, str]
    lang: str
    #: The company's labels of roles and skills (``company.yaml`` ``vocabulary``).
    vocabulary: Vocabulary | None = None
    #: The names of the company's team, by id: who owns a mission, who asked for a need.
    team: Mapping[str, str] = field(default_factory=dict)

    def with_company(self, company: Company | None) -> Words:
        """These words, naming roles and people as ``company`` does."""
        if company is None:
            return self
        return replace(self, vocabulary=company.vocabulary,
                       team={member.id: member.name for member in company.team})

    def role(self, ident: str) -> str:
        """The company's label of the role ``ident`` in this language (``vocabulary``), else
        the id as written in the files and typed after ``--role`` ("ux-designer", not the
        "Ux designer" a document makes of it)."""
        if self.vocabulary is None or not self.vocabulary.has("roles", ident):
            return ident
        return label("roles", ident, self.lang, self.vocabulary)

    def person(self, ident: str) -> str:
        """The name of the team member ``ident``; the id itself when the team has no such
        member (``cfo check`` reports it)."""
        return self.team.get(ident, ident)

    def say(self, key: str, **values: str) -> str:
        """The sentence ``key``, filled with ``values`` and spaced for the language."""
        message = self.words.get(key, key)
        # Remembered by the sentence's text (not its key: two catalogues may word a key
        # apart), its language and values: a board of 7,000 missions says the same few
        # sentences ("EN RETARD", "12 jours ouvrés écoulés", "40 % des jours prévus
        # consommés") again and again, each a fill and two searches for French spacing.
        remembered = (self.lang, message, *values.items())
        text = _SAID.get(remembered)
        if text is None:
            from cfo_tools.documents.typography import spaced

            text = spaced(filled(message, values), self.lang)
            if len(_SAID) < _SAID_MOST:
                _SAID[remembered] = text
        return text

    def spaced(self, text: str) -> str:
        """``text`` (a value from the files) spaced for the language, as the words are."""
        from cfo_tools.documents.typography import spaced

        return spaced(text, self.lang)

    def count(self, key: str, number: int, **values: str) -> str:
        """``key_one`` or ``key_other`` as the language's plural rules want for ``number``
        (French says "0 jour", English "0 days"), with ``{count}`` filled by ``number`` as
        the language writes it ("1 234" in French, "1,234" in English)."""
        # The plural form of a whole number remembered (1 and 1.0 are equal keys, not equal
        # forms in every language: only ints are).
        one = (_is_one(self.lang, abs(number)) if type(number) is int
               else _plural_form(self.lang, abs(number)) == "one")
        chosen = f"{key}_one" if one else f"{key}_other"
        return self.say(chosen, count=self.number(number), **values)

    def semicolons(self, parts: list[str]) -> str:
        """``parts`` one after the other, between semicolons spaced for the language."""
        return (self.say("site_semicolon") + " ").join(parts)

    def label(self, prefix: str, value: str) -> str:
        """The catalogue's label of a data id (``status_in-progress``: "en cours"), else the
        id itself: a state the catalogue does not name is still shown."""
        key = f"{prefix}{value}"
        return self.say(key) if key in self.words else value

    def number(self, value: int | float | Decimal, pattern: str | None = None) -> str:
        """``value`` as the language writes it ("1 234,5" in French), by Babel's ``pattern``
        when given (``"#,##0.0"``: one decimal)."""
        from babel.numbers import format_decimal

        from cfo_tools.documents.typography import babel_locale

        return _written((self.lang, pattern, type(value), str(value)),
                        lambda: format_decimal(value, pattern, locale=babel_locale(self.lang)))

    def percent(self, value: int) -> str:
        """``value`` percent as the language writes it ("80 %" in French, "80%" in English),
        by Babel (not through the templates' filters, which would load Jinja)."""
        from babel.numbers import format_percent

        from cfo_tools.documents.typography import babel_locale

        return _written((self.lang, "%", type(value), str(value)),
                        lambda: format_percent(Decimal(value).scaleb(-2),
                                               locale=babel_locale(self.lang)))

    def day(self, value: date) -> str:
        """The day as ``Thu 2026-11-26`` (``jeu. 2026-11-26``)."""
        return weekday_date(value, self.lang)

    def day_and_month(self, value: date) -> str:
        """The day and month alone, in the language's order ("23/11"; "11/23" in English)."""
        from babel.dates import format_skeleton

        from cfo_tools.documents.typography import babel_locale

        return format_skeleton("MMdd", value, locale=babel_locale(self.lang))


#: Numbers and percentages as written, by (language, pattern, type, text of the value).
_WRITTEN: dict[tuple[str, str | None, type, str], str] = {}
#: At most this many are remembered (a report of a million distinct amounts stays bounded).
_WRITTEN_MOST = 65536


def _written(key: tuple[str, str | None, type, str], write: Callable[[], str]) -> str:
    """The text remembered under ``key``, else ``write()``'s, remembered. Keyed by the value
    as written (1, 1.0 and Decimal("1.00") are equal keys of a dict, not equal texts): a
    board of 7,000 missions writes the same few numbers again and again, and Babel takes
    tens of microseconds for each."""
    text = _WRITTEN.get(key)
    if text is None:
        text = write()
        if len(_WRITTEN) < _WRITTEN_MOST:
            _WRITTEN[key] = text
    return text


#: Sentences as said, by (language, text of the sentence, its values' names and texts).
_SAID: dict[tuple[object, ...], str] = {}
#: At most this many: most sentences of a report are said once (a mission's people), the
#: store keeps the first ones, among which every sentence said again and again.
_SAID_MOST = 65536


@functools.lru_cache(maxsize=4096)
def _is_one(lang: str, number: int) -> bool:
    """Whether ``lang`` says the whole ``number`` in the singular form (CLDR's rules through
    Babel take tens of microseconds; a board counts days of the same few sizes)."""
    return _plural_form(lang, number) == "one"


def _plural_form(lang: str, number: int | float | Decimal) -> str:
    from cfo_tools.documents.typography import babel_locale

    return str(babel_locale(lang).plural_form(number))


def weekday_date(value: date, lang: str) -> str:
    """The day as ``Thu 2026-11-26`` (``jeu. 2026-11-26``): the weekday in the language, the
    date as in the files."""
    from babel.dates import format_date

    from cfo_tools.documents.typography import babel_locale

    return f"{format_date(value, 'EEE', locale=babel_locale(lang))} {value.isoformat()}"


def report_words(workspace: Path, lang: str | None, locale: str | None) -> Words:
    """The words of ``lang`` (``--lang``), else of the company's ``locale``, else French;
    a messages file the workspace may not use raises ``TemplateProblem``."""
    from cfo_tools.documents.messages import load_messages

    language = lang or locale or "fr"
    return Words(load_messages(workspace, language), language)


def catalogue_key(workspace: Path) -> str:
    """A digest of every messages file a report may read (packaged and the workspace's own,
    in every language): what a report rendered before it is read again depends on, so a
    changed word is never shown stale. Only bytes are read here, never through a link out of
    the workspace; ``load_messages`` refuses what it must when the report is made."""
    from cfo_tools.loading.regular_files import FileProblem, read_regular_file
    from cfo_tools.loading.resources import packaged_dir
    from cfo_tools.loading.workspace_files import outside_workspace

    real_root = workspace.resolve()
    digest = hashlib.blake2b(digest_size=16)
    for lang in LANGUAGES:
        for base, own in ((packaged_dir("templates"), False), (workspace / "templates", True)):
            path = base / "messages" / f"{lang}.yaml"
            content: bytes | FileProblem | str
            if not (path.exists() or path.is_symlink()):
                content = "absent"
            elif own and (link := outside_workspace(path, real_root, path.name)) is not None:
                content = link
            else:
                content = read_regular_file(path)
            data = content if isinstance(content, bytes) else repr(content).encode()
            digest.update(f"{own}{lang}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()
