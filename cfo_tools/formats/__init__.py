"""How text from the workspace is written safely into each output format: one escaping
function per format, and nothing else. The lowest layer: it knows no record and no finding.

- terminal text: :func:`terminal.terminal_text`
- Markdown: :func:`markdown.markdown_cell`
- GitHub workflow commands: :func:`github.escape_data`, :func:`github.escape_property`,
  and :func:`github.log_line` for plain lines printed among them
- iCalendar: :func:`icalendar_text.ics_text` (``icalendar`` escapes the rest)
- HTML: Jinja's autoescape
"""
