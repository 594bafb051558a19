"""A name found in text that is not (yet) a known alias."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    first: int       # token indexes, end exclusive (titles excluded)
    last: int
    kind: str
    titled: bool = False
    listed: bool = False   # in a name list, or a pattern that needs no second token
