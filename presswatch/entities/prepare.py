"""Per-unit entity features, computed where the page is processed (the worker processes): the English
word-case counts (:class:`~presswatch.entities.discover_en.WordCase`) of a unit's passages.

Word case is additive over texts: the counts of a batch are the sum of its units' counts, in unit
order. The "prepare" page component (:mod:`presswatch.quotes.prepare`) counts each unit with
:meth:`WordCase.observe` itself, the same function the linker calls, and the "entities" stage merges
the stored counts (:func:`merge_case`) instead of tokenising every passage again in the writer. What
discovery decides stays in ``discover_en``; only where the counting runs moves.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

from presswatch.entities.discover_en import WordCase
from presswatch.entities.linker import UNFILTERED

# bump when what is stored changes (stored features of another version are recomputed in the writer)
CASE_VERSION = 7


def case_texts(passages: Sequence[tuple[str, str]]) -> list[str]:
    """The texts of ``passages`` ((text, effective lang) per passage) whose word case is counted."""
    return [text for text, lang in passages if lang not in UNFILTERED]


def unit_case(passages: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The word-case counts of one unit as JSON-ready data (every field :meth:`WordCase.observe` fills)."""
    case = WordCase()
    case.observe(case_texts(passages))
    return {"v": CASE_VERSION, **{f.name: _plain(getattr(case, f.name)) for f in dataclasses.fields(case)
                                  if f.name != "lang"}}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def merge_case(case: WordCase, data: dict[str, Any]) -> None:
    """Add one unit's stored counts (:func:`unit_case`) to ``case``: the same counts, in the same
    order, as ``case.observe`` on that unit's texts."""
    for f in dataclasses.fields(case):
        if f.name not in data:
            continue
        target, delta = getattr(case, f.name), data[f.name]
        if isinstance(target, Counter):
            target.update(delta)
        elif isinstance(target, dict):
            for key, value in delta.items():
                if isinstance(value, list):   # expansions: acronym -> spelt-out word keys, in order
                    target.setdefault(key, []).extend(tuple(v) for v in value)
                else:                          # labels: name key -> Counter
                    target.setdefault(key, Counter()).update(value)


def valid_case(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored word-case counts when they are of this code's version, else None."""
    return data if isinstance(data, dict) and data.get("v") == CASE_VERSION else None
