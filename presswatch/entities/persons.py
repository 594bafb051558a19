"""People named in one article, and which known people a new one may be (merge suggestions, issue 11 point 5)."""

from __future__ import annotations

from presswatch.entities.normalize import edit_distance_le1, name_keys


class People:
    """Distinct person names seen in one unit: where each was first and last named."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}
        self.last: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}

    def add(self, key: str, keys: tuple[str, ...], pos: tuple[int, int]) -> None:
        ident = (key, keys)
        self.first[ident] = min(self.first.get(ident, pos), pos)
        self.last[ident] = max(self.last.get(ident, pos), pos)

    def before(self, pos: tuple[int, int]) -> list[tuple[str, tuple[str, ...]]]:
        """Names introduced before ``pos``, the most recently named last."""
        found = [i for i, f in self.first.items() if f < pos]
        found.sort(key=lambda i: self.last[i] if self.last[i] < pos else self.first[i])
        return found


def similar_persons(key: str, keys: tuple[str, ...], surnames: dict[str, set[str]], kinds: dict[str, str],
                names: dict[str, str]) -> list[tuple[str, str]]:
    """Known people that may be this new one: same surname and the same first name with a middle name
    added or dropped, an initial for it, or a one-letter spelling difference. Another first name is
    another person (Donald ~ Ivanka Trump, Massoud ~ Maryam Rajavi) and is never suggested."""
    out: list[tuple[str, str]] = []
    if len(keys) < 2:
        return out
    for other in sorted(surnames.get(keys[-1], set())):
        if other == key or kinds.get(other) != "person":
            continue
        other_keys = name_keys(names.get(other, ""))
        if len(other_keys) < 2:
            continue
        a, b = keys[0], other_keys[0]
        if a == b:
            if len(keys) != len(other_keys):
                out.append((other, "added or missing middle name"))
        elif (len(a) == 1 or len(b) == 1) and a[0] == b[0] and len(keys) == len(other_keys):
            out.append((other, "initial for the first name"))
        elif min(len(a), len(b)) >= 5 and edit_distance_le1(a, b) and len(keys) == len(other_keys):
            out.append((other, "first name spelt differently"))
    return out
