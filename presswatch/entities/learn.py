"""Aliases learned from the text itself: acronym definitions and alias statements.

* "National Democratic Party (NDP)", "Partia Demokratike (PD)" — the acronym must fit the initials;
* "X (aka A, B)", "X (also known as A)", "X (formerly A)", "X (née A)", "X (i njohur si A)",
  "X (معروف به A)";
* "X, also known as A," and "X, formerly known as A,";
* "X (A, B, C …)" — a list of names for an organisation.

Each learned alias comes with the sentence that taught it (evidence) so an editor can check and undo it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presswatch.entities.discover import STOP_START
from presswatch.entities.normalize import CONNECTORS, Token, acronym_fits, is_cased, name_keys

BRACKET_RE = re.compile(r"\(([^()\n]{1,160})\)")
AKA_WORDS = re.compile(
    r"^(?:aka|a\.k\.a\.?|also known as|also called|known as|formerly(?: known as)?|former(?:ly)? called|"
    r"n[ée]e|born|previously|i njohur si|e njohur si|i njohur edhe si|e njohur edhe si|ish|"
    r"معروف به|مشهور به|با نام)\s*[:,]?\s+", re.IGNORECASE)
MAIDEN = re.compile(r"^(?:n[ée]e|born)\b", re.IGNORECASE)
COMMA_AKA_RE = re.compile(
    r",\s+(?:also known as|better known as|known as|formerly known as|a\.k\.a\.|aka|i njohur si|e njohur si|"
    r"معروف به|مشهور به)\s+([^,.;()\n]{2,80})", re.IGNORECASE)
LIST_SPLIT = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\bose\b|\bdhe\b|\bو\b|،|/)\s*")
ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z0-9.&-]{1,9}$")


@dataclass(frozen=True)
class Learned:
    name_start: int        # character span of the name the alias belongs to
    name_end: int
    alias: str
    alias_start: int
    alias_end: int
    relation: str          # acronym | aka | former | list
    evidence: str


def _looks_like_name(item: str) -> bool:
    item = item.strip()
    if not item or len(item) > 80:
        return False
    first = item[0]
    return first.isupper() or first.isdigit() or not is_cased(first)


def _name_before(text: str, tokens: list[Token], pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The name ending right before ``pos``: a known match, else a capitalised token sequence."""
    end_text = text[:pos].rstrip()
    end = len(end_text)
    for s, e in spans:
        if e == end:
            return s, e
    idx = [k for k, t in enumerate(tokens) if t.end <= end]
    if not idx or tokens[idx[-1]].end != end:
        return None
    k = idx[-1]
    first = k
    while first >= 0:
        t = tokens[first]
        if not (t.text[:1].isupper() or not is_cased(t.text[:1]) or
                (t.key in CONNECTORS and first > 0 and tokens[first - 1].text[:1].isupper())):
            break
        if first < k and not _joined(text, t, tokens[first + 1]):
            break
        first -= 1
        if k - first >= 8:
            break
    first += 1
    while first <= k and (tokens[first].key in STOP_START or tokens[first].key in CONNECTORS):
        first += 1
    if first > k:
        return None
    return tokens[first].start, tokens[k].end


def _joined(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    return len(gap) <= 2 and all(c in " -\u00a0" for c in gap) or (len(a.key) == 1 and gap == ". ")


def _sentence(text: str, start: int, end: int) -> str:
    s = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    e = text.find(". ", end)
    return text[s: (e + 1 if e >= 0 else len(text))].strip()[:300]


def learn_aliases(text: str, tokens: list[Token], spans: list[tuple[int, int]],
                  org_spans: set[tuple[int, int]], org_words: frozenset[str] = frozenset()) -> list[Learned]:
    """Alias statements in ``text``; ``spans`` are known name matches, ``org_spans`` those of organisations."""
    out: list[Learned] = []
    for m in BRACKET_RE.finditer(text):
        inner, inner_start = m.group(1), m.start(1)
        name = _name_before(text, tokens, m.start(), spans)
        if name is None:
            continue
        name_text = text[name[0]:name[1]]
        evidence = _sentence(text, name[0], m.end())
        aka = AKA_WORDS.match(inner)
        stripped = inner.strip()
        if aka:
            rest = inner[aka.end():]
            relation = "former" if MAIDEN.match(inner) or "former" in aka.group().lower() else "aka"
            offset = inner_start + aka.end()
            for item in _items(rest, offset):
                alias, a_start, a_end = item
                if MAIDEN.match(inner) and len(alias.split()) == 1 and len(name_text.split()) >= 2:
                    alias = " ".join(name_text.split()[:-1] + [alias])  # Ana Kola (née Berisha) -> Ana Berisha
                out.append(Learned(name[0], name[1], alias, a_start, a_end, relation, evidence))
        elif ACRONYM_RE.match(stripped) and sum(c.isupper() for c in stripped) >= 2:
            words = name_text.split()
            if acronym_fits(stripped, words) or name in org_spans:
                s = inner_start + inner.index(stripped)
                out.append(Learned(name[0], name[1], stripped, s, s + len(stripped), "acronym", evidence))
        else:
            items = _items(inner, inner_start)
            is_org = name in org_spans or any(w in org_words for w in name_keys(name_text))
            if len(items) >= 2 and is_org and all(_looks_like_name(a) for a, _, _ in items):
                for alias, a_start, a_end in items:
                    out.append(Learned(name[0], name[1], alias, a_start, a_end, "list", evidence))
    for m in COMMA_AKA_RE.finditer(text):
        name = _name_before(text, tokens, m.start(), spans)
        if name is None:
            continue
        for alias, a_start, a_end in _items(m.group(1), m.start(1)):
            out.append(Learned(name[0], name[1], alias, a_start, a_end, "aka",
                               _sentence(text, name[0], m.end())))
    return out


def _items(inner: str, offset: int) -> list[tuple[str, int, int]]:
    items = []
    pos = 0
    for part in LIST_SPLIT.split(inner):
        idx = inner.find(part, pos)
        pos = idx + len(part)
        clean = part.strip().strip("\"'“”‘’«»…. ")
        if clean in ("", "etc", "etj"):
            continue
        if not _looks_like_name(clean):
            continue
        s = offset + inner.find(clean, idx)
        items.append((clean, s, s + len(clean)))
    return items
