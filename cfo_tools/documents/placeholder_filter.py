"""The templates' ``fill`` filter: ``t.contract_object | fill(title=mission.title)`` fills the
message's ``{title}`` in one pass, so a value holding ``{client}`` is printed as written
(chained ``replace`` would fill it again)."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from cfo_tools.documents.render_limits import LimitedSandbox, too_large
from cfo_tools.formats.placeholders import filled, filled_size


@pass_eval_context
def fill(context: EvalContext, message: Any, **values: Any) -> str:
    """``message`` with each ``{name}`` given as a keyword replaced by its value (as text)."""
    html = context.autoescape and any(hasattr(v, "__html__") for v in (message, *values.values()))
    if html:
        # Markup among the values: escape the rest, so the result can be Markup as a whole.
        text: str = str(escape(message))
        words = {name: str(escape(value)) for name, value in values.items()}
    else:
        text, words = str(message), {name: str(value) for name, value in values.items()}
    env = context.environment
    if isinstance(env, LimitedSandbox) and filled_size(text, words) > env.size_limit:
        raise too_large("the text after fill()", env.limits)
    result = filled(text, words)
    return Markup(result) if html else result
