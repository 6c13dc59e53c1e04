"""Time and size limits for rendering templates we do not fully trust.

Jinja's sandbox stops a template from reaching Python internals, but not from running for hours
or filling the memory (``3 ** 1000000000``, ``"x" * 10**9``, loops nested in loops). This module
is the sandbox with a budget: a deadline checked at every call, operator, loop step and output
chunk; a size cap on every value a template builds (checked *before* the one Python
operation that would build a huge value, since that operation cannot be interrupted); a cap on
the memory a render may add; and, when rendering in the main thread, an interval timer as the
backstop for anything in between.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import math
import os
import re
import string
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, cast

from jinja2 import Environment, StrictUndefined, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro, markup_join, str_join
from jinja2.sandbox import (
    SandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    safe_range,
)
from jinja2.utils import pass_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from cfo_tools.loading.time_limit import time_limit

#: Default time budget of one document, in seconds.
DEFAULT_RENDER_TIMEOUT = 10.0
#: Default cap on one document's size and on any value a template builds (10 MiB).
DEFAULT_MAX_OUTPUT = 10 * 1024 * 1024
#: Integers are capped at the number of digits Python agrees to print (4,300).
MAX_INT_BITS = int(4300 * math.log2(10))
#: A render may grow the process's memory by this many times the output cap.
MEMORY_FACTOR = 32
#: How many answers of the sandbox about an attribute (per type of object and name) one
#: environment remembers: templates name a few hundred; a template building names in a loop
#: gets its answers computed each time past this.
REMEMBERED_ATTRIBUTES = 4096
#: Names of the filters this module adds to every for-loop and ``~`` concatenation.
ITER_FILTER = "_cfo_limited_iter"
CONCAT_FILTER = "_cfo_limited_concat"


@dataclass(frozen=True)
class RenderLimits:
    """How long one document may take to render and how large it (or any value in it) may be."""

    timeout_seconds: float = DEFAULT_RENDER_TIMEOUT
    max_output_bytes: int = DEFAULT_MAX_OUTPUT

    def __post_init__(self) -> None:
        if not (self.timeout_seconds > 0 and math.isfinite(self.timeout_seconds)):
            raise ValueError("the render timeout must be a positive number of seconds")
        if self.max_output_bytes <= 0:
            raise ValueError("the maximum output size must be a positive number of bytes")


class RenderLimitExceeded(Exception):
    """A template went over its time or size budget, or asked for a value too large to build."""


def describe_size(size: int) -> str:
    """``10 MiB``, ``512 KiB`` or ``300 bytes``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            amount = size / factor
            return f"{amount:g} {unit}" if amount == int(amount) else f"{amount:.1f} {unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int:
    """``10MiB``, ``512k``, ``2M``, ``1048576``: a size in bytes (binary units)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text}' is not a size; write for example 10MiB, 512KiB or 1048576")
    number, unit = float(match.group(1)), match.group(2).lower()
    size = int(number * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit])
    if size <= 0:
        raise ValueError("the size must be more than 0 bytes")
    return size


#: How long the frames of a stopped render get to unwind before a check stops it again (in
#: case something swallowed the first stop).
_UNWIND_GRACE_SECONDS = 1.0


#: The clock is read at one check of the budget in this many (a multiple of one, a power of
#: two): a thread's processor time is a system call, about ten times a check's own cost.
_CLOCK_EVERY = 32


class _Budget:
    """The running budget of one render, in seconds of the processor's time of the thread
    rendering: the same template gets the same verdict on a quiet machine and on a machine
    busy with other work (a CI runner, a build's other workers)."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.thread_time() + limits.timeout_seconds
        self.memory_base = _memory_in_use()
        self.ticks = 0
        #: Set once the render has been stopped: the frames that unwind after it (generators
        #: closing, finalizers) must not be stopped again, or the second exception escapes as
        #: an "unraisable" one instead of the clear error already on its way.
        self.fired = False

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks & (_CLOCK_EVERY - 1):
            return
        now = time.thread_time()
        if self.fired and now < self.deadline + _UNWIND_GRACE_SECONDS:
            return
        if now > self.deadline:
            raise self.stop(self.timeout_message())
        if self.ticks % 256 == 0:
            grown = _memory_in_use() - self.memory_base
            if grown > MEMORY_FACTOR * self.limits.max_output_bytes:
                raise self.stop(
                    f"the template used more than {describe_size(grown)} of memory "
                    f"({MEMORY_FACTOR} times the size limit)")

    def stop(self, message: str) -> RenderLimitExceeded:
        self.fired = True
        return RenderLimitExceeded(message)

    def timeout_message(self) -> str:
        return (f"rendering took longer than the limit of {self.limits.timeout_seconds:g} s "
                "(--render-timeout)")


def too_large(what: str, limits: RenderLimits) -> RenderLimitExceeded:
    return RenderLimitExceeded(f"{what} would be larger than the limit of "
                               f"{describe_size(limits.max_output_bytes)} (--max-output-size)")


def _memory_in_use() -> int:
    """The process's resident memory now (Linux), else its peak (other Unix systems), else 0
    (Windows: no memory cap beyond the size checks)."""
    try:
        return int(os.pread(_statm(), 256, 0).split()[1]) * _STATM[2]
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


#: (process id, descriptor of its /proc/self/statm, page size), kept open: every render reads
#: it, and opening it each time was a tenth of rendering a small page (about 60 µs against 6).
_STATM: list[int] = []


def _statm() -> int:
    """This process's open statm file. A forked process inherits its parent's descriptor,
    which still shows the parent's memory: it opens its own."""
    if not _STATM or _STATM[0] != os.getpid():
        if _STATM:
            os.close(_STATM[1])
        descriptor = os.open("/proc/self/statm", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        _STATM[:] = [os.getpid(), descriptor, os.sysconf("SC_PAGE_SIZE")]
    return _STATM[1]


# -- sizes -----------------------------------------------------------------------------------

_SIZED_SCALARS = (str, bytes, bytearray)
_CONTAINERS = (list, tuple, set, frozenset, dict)
#: Items that print as a few characters: counted as one, without looking inside.
_FLAT_TYPES = frozenset({int, float, bool, type(None), decimal.Decimal, datetime.date,
                         datetime.datetime})
_TEXT_TYPES = frozenset({str, Markup})
#: Values too small to measure.
_SMALL_TYPES = _FLAT_TYPES | {Undefined, StrictUndefined}


def value_size(value: Any, limit: int, budget: _Budget | None = None) -> int:
    """The size of ``value`` as text: characters of strings, items of containers counted with
    their contents (a list holding the same big list 1,000 times is 1,000 times as large, as
    it would be once printed). Stops counting once over ``limit``."""
    if isinstance(value, _SIZED_SCALARS):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = 0
    stack: list[Any] = [value]
    steps = 0
    while stack:
        item = stack.pop()
        steps += 1
        if budget is not None and steps % 4096 == 0:
            budget.tick()
        if isinstance(item, _SIZED_SCALARS):
            total += len(item) + 2
        elif isinstance(item, _CONTAINERS):
            total += len(item) + 2
            for part in (item.keys(), item.values()) if isinstance(item, dict) else (item,):
                # Flat lists (numbers, or only text) are measured without a Python loop.
                kinds = set(map(type, part))
                if kinds <= _FLAT_TYPES:
                    continue
                if kinds <= _TEXT_TYPES:
                    total += sum(map(len, part))
                elif kinds <= _FLAT_TYPES | _TEXT_TYPES:
                    total += sum(len(x) for x in part if isinstance(x, str))
                else:
                    stack.extend(part)
        else:
            total += 1
        if total > limit:
            return total
    return total


def _width_numbers(spec: str) -> list[int]:
    """The numbers of a format spec (width, precision): ``>1000000000`` gives [1000000000]."""
    return [int(number) for number in re.findall(r"\d+", spec)]


_PERCENT_FIELD = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


# -- the sandbox -----------------------------------------------------------------------------

class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with a time and size budget; see :func:`LimitedSandbox.budget`."""

    intercepted_binops = frozenset({"+", "*", "**", "%", "//", "/", "-"})
    intercepted_unops = frozenset({"+", "-"})
    #: The size cap, in characters or items (the same number as the output cap in bytes).
    size_limit: int

    def __init__(self, *args: Any, limits: RenderLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code_generator_class = _LimitedCodeGenerator
        self.limits = limits or RenderLimits()
        self._budget: _Budget | None = None
        self.globals["range"] = self._range
        # Placeholder text has no place in a company's documents, and lipsum(n=10**6) is slow.
        self.globals.pop("lipsum", None)
        self.filters[ITER_FILTER] = self._iterate
        self.filters[CONCAT_FILTER] = self._concatenate
        #: What the environment's own ``finalize`` (given to the constructor) does to a
        #: printed value, after the size check.
        self._then_finalize = kwargs.get("finalize")
        self.finalize = self._finalize
        #: Whether an attribute is safe, by (type of the object, name of the attribute).
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    # Jinja's filters dict becomes one that wraps every filter put in it, Jinja's own and
    # those added later (make_environment adds money, date...).
    def __setattr__(self, name: str, value: Any) -> None:
        if name == "filters" and isinstance(value, dict):
            value = _LimitedFilters(self, value)
        super().__setattr__(name, value)

    @contextmanager
    def budget(self) -> Iterator[_Budget]:
        """The limits apply to what runs inside: a deadline, and a timer as the backstop."""
        budget = _Budget(self.limits)
        previous, self._budget = self._budget, budget
        try:
            with _alarm(self.limits.timeout_seconds, budget):
                yield budget
        finally:
            self._budget = previous

    @property
    def limits(self) -> RenderLimits:
        return self._limits

    @limits.setter
    def limits(self, limits: RenderLimits) -> None:
        self._limits = limits
        self.size_limit = limits.max_output_bytes

    def tick(self) -> None:
        budget = self._budget
        if budget is not None:
            budget.tick()

    def _too_large(self, what: str) -> RenderLimitExceeded:
        return too_large(what, self.limits)

    def check_size(self, value: Any, what: str) -> None:
        if self.oversized(value):
            raise self._too_large(what)

    def oversized(self, value: Any) -> bool:
        """Whether ``value`` is over the size cap (:meth:`check_size` without the message,
        which the callers on the hot path, every call and filter, build only when it is)."""
        kind = value.__class__
        if kind in _SMALL_TYPES:
            return False
        if kind is str:  # most printed values: measured as value_size would, without a call
            return len(value) > self.size_limit
        return value_size(value, self.size_limit, self._budget) > self.size_limit

    # -- operators -------------------------------------------------------------------------
    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_product(left, right)
        elif operator == "+":
            if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
                limit = self.size_limit
                if value_size(left, limit, self._budget) + value_size(right, limit,
                                                                      self._budget) > limit:
                    raise self._too_large("the result of '+'")
        elif operator == "%" and isinstance(left, str):
            self._check_percent_format(left, right)
        return super().call_binop(context, operator, left, right)

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        self.tick()
        return super().call_unop(context, operator, arg)

    def _check_power(self, base: Any, exponent: Any) -> None:
        if (isinstance(base, int) and isinstance(exponent, int) and exponent > 0
                and abs(base) > 1 and exponent * math.log2(abs(base)) > MAX_INT_BITS):
            raise RenderLimitExceeded(
                f"{_short(base)} ** {_short(exponent)} would have more than 4,300 digits; "
                "numbers that large are refused")

    def _check_product(self, left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
                raise RenderLimitExceeded(
                    "the product would have more than 4,300 digits; numbers that large are "
                    "refused")
            return
        count, sequence = (left, right) if isinstance(left, int) else (right, left)
        if not isinstance(count, int) or count <= 0:
            return
        limit = self.size_limit
        if value_size(sequence, limit // count + 1, self._budget) * count > limit:
            raise self._too_large(f"repeating a value {_short(count)} times with '*'")

    def _check_percent_format(self, text: str, args: Any) -> None:
        """``"%1000000000s" % 1`` or ``"%s%s%s…" % big``: estimate before formatting."""
        limit = self.size_limit
        fields = 0
        widest = 0
        values = list(args.values()) if isinstance(args, Mapping) else (
            list(args) if isinstance(args, tuple) else [args])
        for match in _PERCENT_FIELD.finditer(text):
            fields += 1
            for part in match.group(1, 2):
                if part == "*":
                    widest = max([widest] + [abs(v) for v in values if isinstance(v, int)])
                elif part:
                    widest = max(widest, int(part))
        if widest > limit:
            raise self._too_large(f"a '%' format width of {_short(widest)}")
        biggest = max((value_size(v, limit, self._budget) for v in values), default=0)
        if len(text) + fields * max(widest, biggest, 24) > limit:
            raise self._too_large("the result of '%' formatting")

    # -- calls, attributes, items ----------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, remembered per type and name: it reads the name and the object's
        type only (``isinstance`` against functions, methods, types, frames, generators...),
        never the value. An object whose ``__class__`` is not its type (a proxy) could make
        ``isinstance`` answer differently from its type: it is asked each time."""
        kind = type(obj)
        if obj.__class__ is not kind:
            return super().is_safe_attribute(obj, attr, value)
        key = (kind, attr)
        known = self._safe_attributes.get(key)
        if known is None:
            known = super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) < REMEMBERED_ATTRIBUTES:
                self._safe_attributes[key] = known
        return known

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's answer, without its failed attribute lookup for the key of a plain dict
        read as an attribute (``t.site_client``: the words, a few dozen per page). A plain
        dict has no attribute but its class's, so for any other name Jinja's lookup fails
        and reads the key: the key is read first, the same value or the same undefined."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        __self.tick()
        receiver = getattr(__obj, "__self__", None)
        if isinstance(receiver, (str, bytes, bytearray, list, tuple, int)) and not isinstance(
                receiver, bool):
            args = __self._check_method_call(receiver, getattr(__obj, "__name__", ""), args,
                                             kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(receiver, (list, dict, set)) and len(receiver) > __self.size_limit:
            raise __self._too_large("the list")
        if __self.oversized(result):
            if isinstance(__obj, Macro):
                raise __self._too_large(f"the output of the macro '{__obj.name}'")
            raise __self._too_large(
                f"the value returned by {getattr(__obj, '__name__', 'the call')}()")
        return result

    def _check_method_call(self, receiver: Any, name: str, args: tuple[Any, ...],
                           kwargs: dict[str, Any]) -> tuple[Any, ...]:
        limit = self.size_limit
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > limit:
                raise self._too_large(f"{name}() with {_short(value)}")
        if name == "join" and isinstance(receiver, str) and args:
            items = self._materialise(args[0])
            self._check_join(receiver, items)
            return (items, *args[1:])
        if name == "replace" and isinstance(receiver, str) and len(args) >= 2:
            count = args[2] if len(args) > 2 else kwargs.get("count", -1)
            self._check_replace(receiver, args[0], args[1], count)
        if name == "expandtabs" and isinstance(receiver, str):
            tab = args[0] if args else kwargs.get("tabsize", 8)
            if isinstance(tab, int) and len(receiver) * max(tab, 1) > limit:
                raise self._too_large("expandtabs()")
        return args

    def _materialise(self, items: Any) -> Any:
        if isinstance(items, (str, list, tuple, dict, set, frozenset)):
            return items
        collected = []
        for item in items:
            self.tick()
            collected.append(item)
            if len(collected) > self.size_limit:
                raise self._too_large("the list")
        return collected

    def _check_join(self, separator: str, items: Any) -> None:
        limit = self.size_limit
        total = len(separator) * max(len(items) - 1, 0)
        for item in items:
            total += value_size(item, limit, self._budget)
            if total > limit:
                raise self._too_large("the joined text")

    def _check_replace(self, text: str, old: Any, new: Any, count: Any) -> None:
        if not isinstance(old, str) or not isinstance(new, str):
            return
        hits = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        if len(text) + hits * max(len(new) - len(old), 0) > self.size_limit:
            raise self._too_large("the text after replace()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` with each field's width and the total length checked."""
        # Every attribute a template reads comes through here: most are not methods at all,
        # which is the first thing Jinja's own test rules out.
        read: object = value  # (so that the test does not narrow ``value`` for mypy)
        if not isinstance(read, _BOUND_METHODS):
            return None
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__
        formatter: SandboxedFormatter
        if isinstance(text, Markup):
            formatter = _LimitedEscapeFormatter(self, escape=text.escape)
        else:
            formatter = _LimitedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def format_checked(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                mapping: Mapping[str, Any] = args[0]
                return type(text)(formatter.vformat(text, (), mapping))
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(format_checked, value)

    # -- loops, concatenation, output ------------------------------------------------------
    def _range(self, *args: int) -> _CheckedRange:
        return _CheckedRange(safe_range(*args), self)

    @pass_context
    def _iterate(self, context: Context, iterable: Any) -> Iterator[Any]:
        # A bare for-loop runs no call and no operator: it is counted here.
        for item in iterable:
            self.tick()
            yield item

    @pass_context
    def _concatenate(self, context: Context, parts: list[Any]) -> str:
        limit = self.size_limit
        if sum(value_size(part, limit, self._budget) for part in parts) > limit:
            raise self._too_large("the text joined with '~'")
        join = markup_join if context.eval_ctx.autoescape else str_join
        return join(parts)

    def _finalize(self, value: Any) -> Any:
        if self.oversized(value):
            raise self._too_large("the printed value")
        return value if self._then_finalize is None else self._then_finalize(value)


#: Every attribute a plain dict has (its class's and ``object``'s): an instance has no other.
_DICT_ATTRIBUTES = frozenset(dir(dict))
#: What ``str.format`` is once read from a string (Jinja's test in ``wrap_str_format``).
_BOUND_METHODS = (types.MethodType, types.BuiltinMethodType)


class _CheckedRange(Sequence[int]):
    """``range`` that counts its steps against the deadline."""

    def __init__(self, numbers: range, env: LimitedSandbox) -> None:
        self._range = numbers
        self._env = env

    def __iter__(self) -> Iterator[int]:
        for number in self._range:
            self._env.tick()
            yield number

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        item = self._range[index]
        return _CheckedRange(item, self._env) if isinstance(item, range) else item

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __reversed__(self) -> Iterator[int]:
        return iter(_CheckedRange(self._range[::-1], self._env))

    def __repr__(self) -> str:
        return repr(self._range)


class _LimitedFormatterMixin(string.Formatter):
    _env: Environment
    _produced = 0

    def vformat(self, format_string: str, args: Sequence[Any],
                kwargs: Mapping[str, Any]) -> str:
        self._produced = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        env = cast(LimitedSandbox, self._env)
        env.tick()
        widest = max(_width_numbers(format_spec), default=0)
        if widest > env.size_limit:
            raise env._too_large(f"a format width of {_short(widest)}")
        env.check_size(value, "a formatted value")
        result = super().format_field(value, format_spec)
        self._produced += len(result)
        if self._produced > env.size_limit:
            raise env._too_large("the formatted text")
        return result


class _LimitedFormatter(_LimitedFormatterMixin, SandboxedFormatter):
    pass


class _LimitedEscapeFormatter(_LimitedFormatterMixin, SandboxedEscapeFormatter):
    pass


# -- filters ---------------------------------------------------------------------------------

class _LimitedFilters(dict[str, Any]):
    """The environment's filters, each wrapped so that it counts against the budget and may
    not build a value over the size cap."""

    def __init__(self, env: LimitedSandbox, filters: Mapping[str, Any]) -> None:
        super().__init__()
        self._env = env
        for name, function in filters.items():
            self[name] = function

    def __setitem__(self, name: str, function: Any) -> None:
        if name in (ITER_FILTER, CONCAT_FILTER) or getattr(function, "_cfo_limited", False):
            super().__setitem__(name, function)
        else:
            super().__setitem__(name, _limit_filter(self._env, name, function))


_LEADING_ARGUMENTS = {"context": 1, "eval_context": 1, "environment": 1}


def _limit_filter(env: LimitedSandbox, name: str, function: Callable[..., Any]
                  ) -> Callable[..., Any]:
    pass_arg = getattr(function, "jinja_pass_arg", None)
    leading = _LEADING_ARGUMENTS.get(getattr(pass_arg, "name", ""), 0)

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        env.tick()
        value = args[leading] if len(args) > leading else None
        options = (*args[leading + 1:], *kwargs.values())
        _check_filter_arguments(env, name, value, options, args[leading + 1:], kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, (str, *_CONTAINERS)) and env.oversized(result):
            raise env._too_large(f"the result of the '{name}' filter")
        return result

    limited._cfo_limited = True  # type: ignore[attr-defined]
    return limited


def _check_filter_arguments(env: LimitedSandbox, name: str, value: Any,
                            options: tuple[Any, ...], positional: tuple[Any, ...],
                            keywords: dict[str, Any]) -> None:
    limit = env.size_limit
    for option in options:
        if isinstance(option, int) and not isinstance(option, bool) and option > limit:
            raise env._too_large(f"the '{name}' filter with {_short(option)}")
    if env.oversized(value):
        raise env._too_large(f"the value given to the '{name}' filter")
    if name == "indent" and isinstance(value, str):
        width = positional[0] if positional else keywords.get("width", 4)
        step = width if isinstance(width, int) else len(str(width))
        if len(value) + (value.count("\n") + 1) * step > limit:
            raise env._too_large("the indented text")
    elif name == "replace" and isinstance(value, str) and len(positional) >= 2:
        count = positional[2] if len(positional) > 2 else keywords.get("count")
        env._check_replace(value, positional[0], positional[1],
                           count if count is not None else -1)
    elif name == "format" and isinstance(value, str):
        env._check_percent_format(value, tuple(positional) or keywords)
    elif name == "join" and isinstance(value, Iterable) and not isinstance(value, str):
        separator = positional[0] if positional else keywords.get("d", "")
        env._check_join(str(separator), list(value) if not isinstance(value, Sequence)
                        else value)
    elif name == "tojson" and value is not None:
        indent = positional[0] if positional else keywords.get("indent")
        if isinstance(indent, int) and value_size(value, limit) * (indent + 1) > limit:
            raise env._too_large("the indented JSON")
    elif name in ("center", "wordwrap", "truncate", "batch", "slice") and positional:
        width = positional[0]
        if isinstance(width, int) and width > limit:
            raise env._too_large(f"the '{name}' filter with {_short(width)}")


# -- code generation: every loop and every '~' goes through the budget -----------------------

class _LimitTransformer(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, ITER_FILTER, [], [], None, None,
                                 lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        parts = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(parts, CONCAT_FILTER, [], [], None, None, lineno=node.lineno)


class _LimitedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _LimitTransformer().visit(node)
        super().visit_Template(node, frame)


# -- the backstop ----------------------------------------------------------------------------

def _alarm(seconds: float, budget: _Budget) -> AbstractContextManager[None]:
    """An interval timer that interrupts the render a little after its deadline, for code
    between two checks (a long loop inside a filter). It counts the process's processor time
    as the budget does (the user part: the budget's own checks count the system's too)."""

    def interrupt() -> None:
        if not budget.fired:
            raise budget.stop(budget.timeout_message())

    return time_limit(seconds + 0.05, interrupt, processor_time=True)


def _short(number: int) -> str:
    text = str(number) if abs(number).bit_length() < 200 else "a huge number"
    return text if len(text) <= 24 else f"{text[:8]}…({len(text)} digits)"

