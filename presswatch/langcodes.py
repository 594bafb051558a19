"""Language codes accepted in settings and options: ISO 639-1 (``presswatch/iso639-1.txt``) and ``und``.

A bottom-layer module (imports nothing from presswatch) so that settings validation can use it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

UND = "und"


@lru_cache(maxsize=1)
def iso639_1() -> frozenset[str]:
    text = resources.files("presswatch").joinpath("iso639-1.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_codes(codes: Iterable[str], where: str) -> list[str]:
    """The codes lower-cased; :class:`ValueError` naming ``where`` for a code that is not ISO 639-1."""
    out = []
    for raw in codes:
        code = str(raw).strip().lower()
        if not code:
            continue
        if code != UND and code not in iso639_1():
            close = difflib.get_close_matches(code, sorted(iso639_1()), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ValueError(f"{where}: {raw!r} is not an ISO 639-1 language code (two letters such as en, sq, "
                             f"fa, or und){hint}")
        out.append(code)
    return out
