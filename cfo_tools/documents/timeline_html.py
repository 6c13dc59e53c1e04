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

from markupsafe import Markup, escape

from cfo_tools.documents.templating import format_date
from cfo_tools.documents.timeline_layout import Span, Window
from cfo_tools.formats.html import html_text


def _place(span: Span, lane: int = 0) -> Markup:
    """Where an element goes: ``--f`` days from the window's start, ``--l`` days long, in
    lane ``--i``. Short names: a 104-week planning of 2,000 freelancers draws some 60,000
    bars and overbooking strips, and must stay under the 10 MiB page limit."""
    lane_part = f";--i:{lane}" if lane else ""
    # Each value escaped as ``Markup.format`` would, in an f-string: its formatter (in
    # Python) took 60 % of the chart's time, for tens of thousands of places.
    return Markup(f'style="--f:{escape(span.offset)};--l:{escape(span.length)}'
                  f'{escape(lane_part)}"')


def _dated(span: Span, lane: int = 0) -> Markup:
    """:func:`_place` and the real dates (not clipped to the window): for the few elements a
    reader or a test looks up by date (days off, absences, needs)."""
    return Markup(f'{_place(span, lane)} data-start="{escape(span.start.isoformat())}" '
                  f'data-end="{escape(span.end.isoformat())}"')


def _text(value: object) -> object:
    return html_text(value)


@lru_cache(maxsize=65536)
def _esc(value: str) -> str:
    """``value`` escaped for an element or a double-quoted attribute, controls shown."""
    return str(escape(html_text(value)))


def chart_html(window: Window, *, zoom: str, screen: bool, words: Mapping[str, str],
               lang: str, data_lang: str,
               role_label: Callable[[str], str] = str) -> Markup:
    """One window of the timeline (the screen's, or a printed page's). ``data_lang`` is the
    language holiday names are in (the company's), marked when it differs from ``lang``."""
    day: Callable[[date], str] = _date_formatter(lang, "long")
    short_day: Callable[[date], str] = _date_formatter(lang, "medium")
    w = words
    # A label and its value: "jour férié\u202f: Ascension", "holiday: Ascension".
    colon = w["site_colon"]
    out: list[Markup] = [Markup(
        '<div class="tl{}" data-zoom="{}" data-first="{}" data-last="{}" style="--days: {}">\n'
        '<div class="tl-scroll"{}>\n<div class="tl-grid">\n'
        '  <div class="tl-layer" aria-hidden="true">\n').format(
        " tl-screen" if screen else "", zoom, window.start.isoformat(),
        window.end.isoformat(), window.days,
        Markup(' tabindex="0" aria-label="{}"').format(_text(w["planning_title"]))
        if screen else "")]
    for off in window.days_off:
        out.append(Markup('    <div class="{}" {}></div>\n').format(off.kind, _place(off.span)))
    if window.today is not None:
        out.append(Markup('    <div class="today" style="--f:{};--l:0"></div>\n')
                   .format(window.today))
    out.append(Markup('  </div>\n  <div class="tl-row tl-head">\n'
                      '    <div class="tl-name">{}</div>\n    <div class="tl-track">\n')
               .format(_text(w["planning_freelancer"])))
    # Each month in full and abbreviated: the page shows the form that fits the zoom (a
    # month is 90 px wide at the year's), and nothing for a sliver of a month.
    month = _date_formatter(lang, "MMMM y")
    abbreviated = _date_formatter(lang, "MMM y")
    for tick in window.months:
        full = month(tick.span.start)
        out.append(Markup('      <div class="tl-month" {} title="{}"><span class="full">{}</span>'
                          '<span class="abbr">{}</span></div>\n').format(
            _place(tick.span), full, full, abbreviated(tick.span.start)))
    for tick in window.weeks:
        out.append(Markup('      <div class="tl-week" {} title="{}">{} {}</div>\n').format(
            _place(tick.span), day(tick.span.start), _text(w["planning_week"]),
            tick.span.start.isocalendar()[1]))
    for tick in window.day_ticks:
        out.append(Markup('      <div class="tl-day{}" {} aria-hidden="true">{}</div>\n')
                   .format(" weekend" if tick.weekend else "", _place(tick.span),
                           tick.span.start.day))
    other_language = Markup(' lang="{}"').format(data_lang) if data_lang != lang else ""
    for off in window.days_off:
        named = w[f"timeline_{off.kind}"] + (f"{colon} {off.name}" if off.name else "")
        out.append(Markup('      <div class="tl-mark {}" tabindex="0" role="note" {} '
                          'data-tip="{}" aria-label="{}, {}"{}></div>\n').format(
            off.kind, _dated(off.span), _text(named), _text(named), day(off.span.start),
            other_language))
    if window.today is not None:
        out.append(Markup('      <div class="tl-today" style="--f:{};--l:1">{}</div>\n')
                   .format(window.today, _text(w["timeline_today"])))
    out.append(Markup("    </div>\n  </div>\n"))
    # Rows, bars and overbooking strips come by the ten thousand (a 104-week planning of 2,000
    # freelancers must stay under the 10 MiB page limit and the render time limit): written
    # with f-strings, every value through _esc, one line each with their place and what they
    # say only. The page's script completes a bar's tip on hover and focus with its title and
    # dates (from its place; the real ones are written when the period clips it).
    over_note = f' · <span class="over-note">⚠ {_esc(w["timeline_over"])}</span>'
    tentative_note = f' ({_esc(w["planning_tentative"])})'
    for row in window.rows:
        person = row.freelancer
        roles = ", ".join(role_label(r) for r in person.roles)
        out.append(Markup(
            f'  <div class="tl-row" data-freelancer="{_esc(person.id)}" '
            f'data-roles="{_esc(row.roles)}" data-skills="{_esc(row.skills)}" '
            f'data-missions="{_esc(row.missions)}">\n    <div class="tl-name"><strong>'
            f'{_esc(person.name)}</strong><small>{_esc(roles)} · {int(person.capacity)} %'
            f'{over_note if row.over else ""}</small></div>\n'
            f'    <div class="tl-track{" has-over" if row.over else ""}" '
            f'style="--lanes:{row.lanes}">\n'))
        for away in row.away:
            title = w["timeline_away"] + (f"{colon} {away.reason}" if away.reason else "")
            out.append(Markup('      <div class="tl-away" {} title="{}"><span>{}</span></div>\n')
                       .format(_dated(away.span), _text(title), _text(w["timeline_away"])))
        lines = []
        for bar in row.bars:
            span = bar.span
            clipped = (span.offset == 0 and span.start < window.start) or (
                span.offset + span.length == window.days and span.end > window.end)
            tentative = tentative_note if bar.tentative else ""
            lines.append(
                f'<div class="tl-bar c{int(bar.colour)}{" tentative" if bar.tentative else ""}" '
                f'{_dated(span, bar.lane) if clipped else _place(span, bar.lane)} tabindex="0" '
                f'data-tip="{_esc(role_label(bar.role))}{tentative}"><span>'
                f'{_esc(bar.mission.title)} · {int(bar.allocation)} %{tentative}</span></div>\n')
        for over in row.over:
            lines.append(f'<div class="tl-over" {_place(over.span)}>⚠ {int(over.load)} %</div>\n')
        out.append(Markup("".join(lines)))
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
            '{} &#215; {}</small></div>\n    <div class="tl-track" style="--lanes:1">\n'
            '      <div class="tl-need c{}" {} tabindex="0" data-tip="{} — {} &#215; {} {}, {} %'
            '&#10;{} &#8211; {}"><span>{}{} {} &#215; {} · {} %</span></div>\n'
            '    </div>\n  </div>\n')
            .format(_text(state.mission.id), _text(wanted.id), _text(need.roles),
                    _text(need.skills), _text(need.missions), _text(state.mission.title),
                    _text(w["timeline_need"]), _text(wanted.id),
                    _text(role_label(wanted.role)), state.missing, need.colour,
                    _dated(need.span), _text(state.mission.title),
                    _text(role_label(wanted.role)), state.missing,
                    _text(w["timeline_missing"]), wanted.allocation, short_day(need.span.start),
                    short_day(need.span.end), _text(w["timeline_need"]), _text(colon),
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
