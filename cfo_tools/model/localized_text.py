"""Free text given in one language or per language: ``pitch: ...`` or ``pitch: {fr: ..., en: ...}``.

A :class:`LocalizedText` *is* the text in the company's own language (a ``str``), so code that
only shows or compares text keeps working; documents ask :meth:`LocalizedText.in_lang` for the
version of their language and learn which language they actually got.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class LocalizedText(str):
    """Text in the company's language, with every version it was given in (``versions``)."""

    versions: dict[str, str]
    #: The language of the ``str`` value itself.
    lang: str

    def __new__(cls, versions: Mapping[str, str], default_lang: str) -> LocalizedText:
        ordered = dict(versions)
        lang = default_lang if default_lang in ordered else next(iter(ordered))
        text = super().__new__(cls, ordered[lang])
        text.versions = ordered
        text.lang = lang
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Records cross process boundaries (the checking pool): keep every version.
        return (LocalizedText, (self.versions, self.lang))

    def in_lang(self, lang: str) -> tuple[str, str]:
        """``(text, language of the text)``: the version in ``lang`` when there is one, else
        the company's."""
        if lang in self.versions:
            return self.versions[lang], lang
        return str(self), self.lang


def localized(value: Any, default_lang: str) -> Any:
    """``value`` as read from YAML, with a per-language mapping turned into a
    :class:`LocalizedText` and plain text into one whose only version is ``default_lang``;
    anything else (``None``) unchanged."""
    if isinstance(value, LocalizedText):
        return value
    if isinstance(value, str):
        return LocalizedText({default_lang: value}, default_lang)
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        return LocalizedText({str(k): v for k, v in value.items()}, default_lang)
    return value


def text_in(value: Any, lang: str) -> tuple[str, str]:
    """``(text, its language)`` of any text value in ``lang``; plain ``str`` is taken as being
    in ``lang``."""
    if isinstance(value, LocalizedText):
        return value.in_lang(lang)
    return str(value), lang
