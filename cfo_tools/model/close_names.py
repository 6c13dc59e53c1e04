"""The "did you mean" of every rule that meets an unknown id: the answer of
``difflib.get_close_matches(wrong, known, n=1)``, found without comparing the wrong id with
every known one.

difflib tries each known name in turn with three tests, each an upper bound of the next:
lengths (``real_quick_ratio``), shared characters (``quick_ratio``), then the real similarity
(``ratio``, the costly one), and keeps the highest ``(ratio, name)``. Here the shared
characters of every known name are counted at once from an index (length, character, n-th
occurrence) -> names, and ``ratio`` is computed only in decreasing order of that bound, until
``(bound, name)`` falls below the best ``(ratio, name)``: no name skipped could have won, so
the answer is the same.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator

#: difflib's default, which every hint of the tool uses.
CUTOFF = 0.6


def _ratio(matches: int, length: int) -> float:
    """difflib's own formula (``_calculate_ratio``), so that floats compare the same."""
    return 2.0 * matches / length if length else 1.0


class CloseNames:
    """Answers "which of ``known`` is closest to this name?", once per name asked."""

    def __init__(self, known: Iterable[str], *, cutoff: float = CUTOFF) -> None:
        if not 0.0 <= cutoff <= 1.0:
            raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
        self.cutoff = cutoff
        self._names = list(dict.fromkeys(known))
        #: Per length of name: (character, n-th occurrence) -> the names holding it.
        self._postings: dict[int, dict[tuple[str, int], list[str]]] = {}
        for name in self._names:
            postings = self._postings.setdefault(len(name), {})
            for char, count in Counter(name).items():
                for nth in range(1, count + 1):
                    postings.setdefault((char, nth), []).append(name)
        self._answers: dict[str, str | None] = {}

    def closest(self, wrong: str) -> str | None:
        """What ``difflib.get_close_matches(wrong, known, n=1, cutoff=cutoff)`` returns
        first, or None."""
        if wrong not in self._answers:
            self._answers[wrong] = self._closest(wrong)
        return self._answers[wrong]

    def _closest(self, wrong: str) -> str | None:
        if not wrong or self.cutoff <= 0.0:
            # An empty name (two empty strings are alike) or no cutoff: the index says
            # nothing useful, difflib itself is right.
            close = difflib.get_close_matches(wrong, self._names, n=1, cutoff=self.cutoff)
            return close[0] if close else None
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(wrong)
        best: tuple[float, str] | None = None
        for bound, names in self._by_bound(wrong):
            for name in names:
                if best is not None and (bound, name) < best:
                    # ratio <= bound, so (ratio, name) < best, here and for every name after
                    # (lower names, then lower bounds): difflib keeps the highest.
                    return best[1]
                matcher.set_seq1(name)
                ratio = matcher.ratio()
                if ratio >= self.cutoff and (best is None or (ratio, name) > best):
                    best = (ratio, name)
        return best[1] if best is not None else None

    def _by_bound(self, wrong: str) -> Iterator[tuple[float, list[str]]]:
        """The known names whose bounds reach the cutoff, by bound (highest first), each
        group highest name first; a group is sorted only when asked for."""
        size = len(wrong)
        wanted = [(char, nth) for char, count in Counter(wrong).items()
                  for nth in range(1, count + 1)]
        runs = []
        for length, postings in self._postings.items():
            total = length + size
            if _ratio(min(length, size), total) < self.cutoff:
                continue  # difflib's real_quick_ratio
            shared: Counter[str] = Counter()
            for key in wanted:
                shared.update(postings.get(key, ()))
            runs.append(self._groups(shared, total))
        merged = heapq.merge(*runs, key=lambda group: -group[0])
        for bound, groups in itertools.groupby(merged, key=lambda group: group[0]):
            yield bound, sorted((name for _, names in groups for name in names), reverse=True)

    def _groups(self, shared: Counter[str], total: int) -> Iterator[tuple[float, list[str]]]:
        """Names of one length grouped by their number of shared characters, most first,
        while difflib's quick_ratio reaches the cutoff."""
        for matches, group in itertools.groupby(shared.most_common(), key=lambda item: item[1]):
            bound = _ratio(matches, total)
            if bound < self.cutoff:
                return
            yield bound, [name for name, _ in group]


def did_you_mean(close: str | None, otherwise: str) -> str:
    """The hint every rule gives: "did you mean 'x'?", else what to do instead."""
    return f"did you mean '{close}'?" if close is not None else otherwise


#: How many ids a hint names at most.
NAMED = 12


def probable_names(text: str, known: Iterable[str]) -> list[str]:
    """The names ``text`` may stand for, for a person typing on the command line: the known
    names holding it (whatever the case: "alice" -> alice-martin; "developer" -> every
    kind of developer, sorted), else the closest one; none when nothing is close."""
    names = sorted(set(known))
    folded = text.casefold().strip()
    holding = [name for name in names if folded and folded in name.casefold()]
    if holding:
        return holding
    closest = CloseNames(names).closest(text)
    return [] if closest is None else [closest]


def named_list(names: Iterable[str]) -> str:
    """``a, b, c`` — at most :data:`NAMED` of them, then "and N more"."""
    ordered = list(names)
    shown = ", ".join(ordered[:NAMED])
    return shown if len(ordered) <= NAMED else f"{shown} and {len(ordered) - NAMED} more"


def no_such(what: str, name: str, where: str, known: Iterable[str]) -> str:
    """"no freelancer 'alice' in roster/; did you mean alice-martin?" — the refusal of a
    command given an id the workspace does not have, with the ids probably meant."""
    meant = probable_names(name, known)
    hint = ("" if not meant else f"; did you mean {meant[0]}?" if len(meant) == 1
            else f"; did you mean one of {named_list(meant)}?")
    return f"no {what} '{name}' in {where}{hint}"
