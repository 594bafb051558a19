"""The model's spans for invented English texts, and a linker that has discovered them: what the English
discovery tests feed the linker instead of spaCy (each name found wherever it is written, with its kind)."""

from __future__ import annotations

from presswatch.entities.linker import Linker


def spans_of(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every place a name of ``names`` (name -> kind) is written in ``text``."""
    out = []
    for name, kind in names.items():
        start = text.find(name)
        while start >= 0:
            out.append((start, start + len(name), kind))
            start = text.find(name, start + len(name))
    return sorted(out)


def discovered(texts: list[str], names: dict[str, str]) -> Linker:
    """A linker that has observed ``texts`` with those spans and linked each as an English unit."""
    spans = [spans_of(t, names) for t in texts]
    linker = Linker()
    linker.observe(texts, spans)
    for text, found in zip(texts, spans, strict=True):
        linker.link_unit([(text, "en")], [found])
    return linker
