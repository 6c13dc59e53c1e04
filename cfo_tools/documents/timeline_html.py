"""The timeline's chart as HTML: the axis and a row per freelancer or need, thousands of
elements for a large roster.

Written here with ``Markup.format`` (every value escaped, control characters shown) rather
than in the sandboxed template: through the sandbox each attribute lookup is checked, and a
2,000-freelancer planning took longer than the render time limit. The template keeps the
page: its words, styles, controls, legend and script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache

from markupsafe import Markup

from cfo_tools.documents.templating import format_date
from cfo_tools.documents.timeline_layout import Span, Window
from cfo_tools.formats.html import html_text


def _span(span: Span, lane: int | None = None) -> Markup:
    style = f"--from: {span.offset}; --len: {span.length}"
    if lane is not None:
        style += f"; --lane-index: {lane}"
    return Markup('style="{}" data-start="{}" data-end="{}" data-from="{}" data-days="{}"').format(
        style, span.start.isoformat(), span.end.isoformat(), span.offset, span.length)


def _style(span: Span) -> str:
    return f"--from: {span.offset}; --len: {span.length}"


def _text(value: object) -> object:
    return html_text(value)


def chart_html(window: Window, *, zoom: str, screen: bool, words: Mapping[str, str],
               lang: str, data_lang: str,
               role_label: Callable[[str], str] = str) -> Markup:
    """One window of the timeline (the screen's, or a printed page's). ``data_lang`` is the
    language holiday names are in (the company's), marked when it differs from ``lang``."""
    day: Callable[[date], str] = _date_formatter(lang, "long")
    w = words
    out: list[Markup] = [Markup(
        '<div class="tl{}" data-zoom="{}" data-first="{}" data-last="{}" style="--days: {}">\n'
        '<div class="tl-scroll"{}>\n<div class="tl-grid">\n'
        '  <div class="tl-layer" aria-hidden="true">\n').format(
        " tl-screen" if screen else "", zoom, window.start.isoformat(),
        window.end.isoformat(), window.days,
        Markup(' tabindex="0" aria-label="{}"').format(_text(w["planning_title"]))
        if screen else "")]
    for off in window.days_off:
        out.append(Markup('    <div class="{}" style="{}"></div>\n').format(
            off.kind, _style(off.span)))
    if window.today is not None:
        out.append(Markup('    <div class="today" style="--from: {}; --len: 0"></div>\n')
                   .format(window.today))
    out.append(Markup('  </div>\n  <div class="tl-row tl-head">\n'
                      '    <div class="tl-name">{}</div>\n    <div class="tl-track">\n')
               .format(_text(w["planning_freelancer"])))
    month = _date_formatter(lang, "MMMM y")
    for tick in window.months:
        out.append(Markup('      <div class="tl-month" style="{}">{}</div>\n').format(
            _style(tick.span), month(tick.span.start)))
    for tick in window.weeks:
        out.append(Markup('      <div class="tl-week" style="{}" title="{}">{} {}</div>\n').format(
            _style(tick.span), day(tick.span.start), _text(w["planning_week"]),
            tick.span.start.isocalendar()[1]))
    for tick in window.day_ticks:
        out.append(Markup('      <div class="tl-day{}" style="{}" aria-hidden="true">{}</div>\n')
                   .format(" weekend" if tick.weekend else "", _style(tick.span),
                           tick.span.start.day))
    other_language = Markup(' lang="{}"').format(data_lang) if data_lang != lang else ""
    for off in window.days_off:
        named = w[f"timeline_{off.kind}"] + (f" : {off.name}" if off.name else "")
        out.append(Markup('      <div class="tl-mark {}" tabindex="0" role="note" {} '
                          'data-tip="{}" aria-label="{}, {}"{}></div>\n').format(
            off.kind, _span(off.span), _text(named), _text(named), day(off.span.start),
            other_language))
    if window.today is not None:
        out.append(Markup('      <div class="tl-today" style="--from: {}; --len: 1">{}</div>\n')
                   .format(window.today, _text(w["timeline_today"])))
    out.append(Markup("    </div>\n  </div>\n"))
    over_word = _text(w["timeline_over"])
    tentative_word = _text(w["planning_tentative"])
    for row in window.rows:
        person = row.freelancer
        out.append(Markup(
            '  <div class="tl-row" data-freelancer="{}" data-roles="{}" data-skills="{}" '
            'data-missions="{}">\n    <div class="tl-name"><strong>{}</strong><small>{} · {} %{}'
            '</small></div>\n    <div class="tl-track{}" style="--lanes: {}">\n').format(
            _text(person.id), _text(row.roles), _text(row.skills), _text(row.missions),
            _text(person.name), _text(", ".join(role_label(r) for r in person.roles)),
            person.capacity,
            Markup(' · <span class="over-note">⚠ {}</span>').format(over_word)
            if row.over else "", " has-over" if row.over else "", row.lanes))
        for away in row.away:
            title = w["timeline_away"] + (f" : {away.reason}" if away.reason else "")
            out.append(Markup('      <div class="tl-away" {} title="{}"><span>{}</span></div>\n')
                       .format(_span(away.span), _text(title), _text(w["timeline_away"])))
        for bar in row.bars:
            tentative = Markup(" ({})").format(tentative_word) if bar.tentative else ""
            out.append(Markup(
                '      <div class="tl-bar c{}{}" {} data-mission="{}" data-allocation="{}" '
                'tabindex="0" data-tip="{} — {}, {} %{}&#10;{} &#8211; {}"><span>{} · {} %{}</span>'
                '</div>\n').format(
                bar.colour, " tentative" if bar.tentative else "", _span(bar.span, bar.lane),
                _text(bar.mission.id), bar.allocation, _text(bar.mission.title),
                _text(role_label(bar.role)), bar.allocation, tentative, day(bar.span.start),
                day(bar.span.end), _text(bar.mission.title), bar.allocation, tentative))
        for over in row.over:
            out.append(Markup(
                '      <div class="tl-over" {} data-load="{}" title="{} {} %"><span>{} {} %'
                '</span></div>\n').format(_span(over.span), over.load, over_word, over.load,
                                          over_word, over.load))
        out.append(Markup("    </div>\n  </div>\n"))
    if not window.rows:
        out.append(Markup('  <div class="tl-row"><div class="tl-name">{}</div></div>\n')
                   .format(_text(w["timeline_nobody"])))
    if window.needs:
        out.append(Markup('  <div class="tl-row tl-section"><div class="tl-name">{}</div>'
                          '</div>\n').format(_text(w["timeline_needs"])))
    for need in window.needs:
        state, wanted = need.state, need.state.need
        out.append(Markup(
            '  <div class="tl-row" data-need="{}/{}" data-roles="{}" data-skills="{}" '
            'data-missions="{}">\n    <div class="tl-name"><strong>{}</strong><small>{} {} · '
            '{} &#215; {}</small></div>\n    <div class="tl-track" style="--lanes: 1">\n'
            '      <div class="tl-need c{}" {} tabindex="0" data-tip="{} — {} &#215; {} {}, {} %'
            '&#10;{} &#8211; {}"><span>{} : {} &#215; {} · {} %</span></div>\n'
            '    </div>\n  </div>\n')
            .format(_text(state.mission.id), _text(wanted.id), _text(need.roles),
                    _text(need.skills), _text(need.missions), _text(state.mission.title),
                    _text(w["timeline_need"]), _text(wanted.id),
                    _text(role_label(wanted.role)), state.missing, need.colour,
                    _span(need.span, 0), _text(state.mission.title),
                    _text(role_label(wanted.role)), state.missing,
                    _text(w["timeline_missing"]), wanted.allocation, day(need.span.start),
                    day(need.span.end), _text(w["timeline_need"]),
                    _text(role_label(wanted.role)),
                    state.missing, wanted.allocation))
    out.append(Markup("</div>\n</div>\n</div>\n"))
    return Markup("").join(out)


@lru_cache(maxsize=32)
def _date_formatter(lang: str, style: str) -> Callable[[date], str]:
    """A cached date formatter: a planning shows the same few hundred days thousands of
    times, and Babel formats each in tens of microseconds."""
    @lru_cache(maxsize=4096)
    def formatted(day: date) -> str:
        return format_date(day, style, lang=lang)

    return formatted
