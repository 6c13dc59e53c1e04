"""The typography of each document language, applied by the templates' filters and finalizer.

French: "1er janvier" for the first of the month, ranges written "du 24 décembre 2026 au
1er janvier 2027", a narrow no-break space (U+202F) before ":", ";", "!" and "?", no-break
spaces inside phone numbers and amounts (Babel already puts them in amounts). English keeps
its own conventions (no space before ":"; "January 1, 2027 to March 31, 2027").

A :class:`Passage` is text that knows its language: a document in English may show a passage
only given in French, and the HTML marks it ``lang="fr"`` (and spaces it the French way).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from babel import Locale

#: Babel locale of each document language.
BABEL_LOCALES = {"fr": "fr_FR", "en": "en_US"}


@functools.cache
def babel_locale(lang: str) -> Locale:
    """Babel's locale for ``lang``, parsed once: given by its name, Babel parses it at every
    call (about half of formatting an amount; a site formats tens of thousands)."""
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[lang])

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

# Spaces (ordinary or no-break) before a high punctuation mark that ends a word: "://" and the
# "?" of a URL have no space before them, and "10 :30" is no French anyone writes.
# Only the spaces are matched, the mark and what follows it looked ahead: replaced by a
# plain string, without the template (group reference) that Python 3.11 expands in Python
# at every match.
_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]+(?=[:;!?](?:\s|$|[»)\]\"'\u2019.,]))",
                          re.MULTILINE)
# Spaces inside guillemets: « mot » keeps its quotes on the word's lines.
_INSIDE_GUILLEMETS = re.compile(r"(«)[ \u00a0]+|[ \u00a0]+(»)")
#: The characters either rule starts from: text without any is left as it is, unread by the
#: two substitutions (most of what a page prints: names, dates, amounts).
_SPACED_MARKS = re.compile("[:;!?«»]")


#: The date styles whose French pattern writes the day as a number to make "1er" of.
_WITH_DAY_NUMBER: dict[str, Literal["full", "long", "medium"]] = {
    "full": "full", "long": "long", "medium": "medium"}


class Passage(str):
    """Text in a known language (``lang``), chosen for a document in another one perhaps."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Passage:
        passage = super().__new__(cls, text)
        passage.lang = lang
        return passage

    def __reduce__(self) -> tuple[object, ...]:
        return (Passage, (str(self), self.lang))


def french_spacing(text: str) -> str:
    """``text`` with a narrow no-break space before each ":", ";", "!" and "?" and inside
    « » where it had a space (the space a French writer typed, which would let the mark start
    or end a line)."""
    if _SPACED_MARKS.search(text) is None:
        return text
    text = _INSIDE_GUILLEMETS.sub(lambda m: f"«{NARROW_NBSP}" if m[1] else f"{NARROW_NBSP}»", text)
    return _BEFORE_HIGH.sub(NARROW_NBSP, text)


def spaced(text: str, lang: str) -> str:
    """The spacing of ``lang`` around the high punctuation of ``text``."""
    return french_spacing(text) if lang == "fr" else text


def phone_text(number: str) -> str:
    """A phone number that never breaks across lines: its spaces become no-break spaces."""
    return number.strip().replace(" ", NBSP)


def day_text(value: date, style: str, lang: str) -> str:
    """``value`` in ``style`` (full, long, medium, short) for ``lang``; in French the first of
    the month is "1er"."""
    from babel.dates import format_date, get_date_format

    locale = babel_locale(lang)
    if lang == "fr" and value.day == 1 and style in _WITH_DAY_NUMBER:
        pattern = get_date_format(_WITH_DAY_NUMBER[style], locale=locale).pattern
        # The day field is a lone "d" (never "dd" in these styles); quote the ordinal.
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
        return format_date(value, pattern, locale=locale)
    return format_date(value, style, locale=locale)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (separated by blank lines), each keeping the language of a
    :class:`Passage`."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    if isinstance(text, Passage):
        return [Passage(p, text.lang) for p in parts]
    return parts


def period_text(start: date, end: date, style: str, lang: str) -> str:
    """A range of days: "du 4 janvier au 31 mars 2027", "January 4, 2027 to March 31, 2027";
    the day alone when ``start`` is ``end`` ("1er mai 2027", "May 1, 2027")."""
    first = day_text(start, style, lang)
    if start == end:
        return first
    last = day_text(end, style, lang)
    if lang == "fr":
        return f"du {first} au {last}"
    return f"{first} to {last}"


def marked(value: object, lang: str, *, html: bool) -> object:
    """What the templates' finalizer does to a value shown in a document in ``lang``: the
    spacing of the value's own language and, in HTML, a ``<span lang>`` around a passage in
    another language. Markup the templates made (macros) is left as it is."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    own = value.lang if isinstance(value, Passage) else lang
    text = spaced(str(value), own)
    if html and own != lang:
        return Markup(f'<span lang="{own}">{escape(text)}</span>')
    if isinstance(value, Passage):
        return Passage(text, own)
    return text
