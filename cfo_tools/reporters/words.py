"""The words of a report in one language: the messages catalogue's sentences, their
placeholders filled in one pass, the count's plural form chosen by CLDR, and the language's
typography (in French a narrow no-break space before ":" and inside « »)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cfo_tools.formats.placeholders import filled


@dataclass(frozen=True)
class Words:
    """A loaded messages catalogue (``load_messages``) and its language."""

    words: Mapping[str, str]
    lang: str

    def say(self, key: str, **values: str) -> str:
        """The sentence ``key``, filled with ``values`` and spaced for the language."""
        from cfo_tools.documents.typography import spaced

        return spaced(filled(self.words.get(key, key), values), self.lang)

    def spaced(self, text: str) -> str:
        """``text`` (a value from the files) spaced for the language, as the words are."""
        from cfo_tools.documents.typography import spaced

        return spaced(text, self.lang)

    def count(self, key: str, number: int, **values: str) -> str:
        """``key_one`` or ``key_other`` as the language's plural rules want for ``number``
        (French says "0 jour", English "0 days"), with ``{count}`` filled by ``number`` as
        the language writes it ("1 234" in French, "1,234" in English)."""
        from babel.numbers import format_decimal

        from cfo_tools.documents.typography import babel_locale

        locale = babel_locale(self.lang)
        chosen = f"{key}_one" if locale.plural_form(abs(number)) == "one" else f"{key}_other"
        return self.say(chosen, count=format_decimal(number, locale=locale), **values)
