"""User query -> safe FTS5 MATCH expression.

Syntax: words (all must match), ``"quoted phrases"``, ``OR`` between two items (either may match),
``-word`` / ``-"a phrase"`` (must not match), ``word*`` (prefix). Everything is folded with
:func:`presswatch.text.fold.fold` exactly like the index, then cut into the same tokens FTS5's
unicode61 tokenizer makes (runs of letters and digits), and every token is written as a quoted FTS5
string, so no user input (quotes, hyphens, colons, stars, brackets, Persian punctuation, unbalanced
quotes) can reach FTS5 as syntax. Smart quotes (“ ” « » „) count as quotes; an unbalanced quote runs
to the end of the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presswatch.text.fold import fold

TOKEN = re.compile(r"[^\W_]+")
QUOTES = "\"“”„«»"
OR_WORDS = {"OR", "|"}
# Persian affixes written with a zero-width non-joiner (which folding removes), a space, or nothing:
# a query word like "می خواهد" is searched as the phrase OR the joined form "میخواهد".
FA_PREFIXES = {"می", "نمی", "بی"}
FA_SUFFIXES = {"ها", "های", "هایی", "هایم", "هایش", "ای", "ام", "اند", "ایم", "اید", "تر", "ترین"}


class QueryError(ValueError):
    """The query has nothing to search for."""


@dataclass(frozen=True)
class Term:
    tokens: tuple[str, ...]   # folded tokens; more than one means a phrase
    prefix: bool = False

    def fts(self) -> str:
        body = " ".join(self.tokens)
        return f'"{body}"' + ("*" if self.prefix else "")


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)
    text: str = ""

    @property
    def positive_tokens(self) -> list[str]:
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                for tok in term.tokens:
                    seen[tok] = None
        return list(seen)

    @property
    def prefix_tokens(self) -> set[str]:
        return {t.tokens[-1] for g in self.groups for t in g if t.prefix}

    def fts(self) -> str:
        if not self.groups:
            raise QueryError(
                f"the query {self.text!r} has no word to search for (only exclusions or punctuation); "
                "add at least one word")
        parts = []
        for group in self.groups:
            alts = [t.fts() for t in group]
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        expr = " AND ".join(parts)
        if self.excluded:
            expr = f"({expr}) NOT (" + " OR ".join(t.fts() for t in self.excluded) + ")"
        return expr


def _raw_items(text: str) -> list[tuple[str, bool, bool]]:
    """(item text, quoted, negated) in order; ``OR`` comes out as its own unquoted item."""
    items: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch in "-−" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch in QUOTES:
            j = i + 1
            while j < n and text[j] not in QUOTES:
                j += 1
            items.append((text[i + 1:j], True, negated))
            i = j + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in QUOTES:
            j += 1
        items.append((text[i:j], False, negated))
        i = j
    return items


def _term(raw: str, quoted: bool) -> Term | None:
    tokens = tuple(TOKEN.findall(fold(raw)))
    if not tokens:
        return None
    prefix = not quoted and raw.rstrip().endswith("*") and len(tokens) == 1
    return Term(tokens, prefix)


def _joined(a: Term, b: Term) -> list[Term]:
    """Persian affix split off by a space: the two words as a phrase, or written together."""
    return [Term(a.tokens + b.tokens), Term((a.tokens[0] + b.tokens[0],), b.prefix)]


def _single(term: Term | None) -> str | None:
    return term.tokens[0] if term is not None and len(term.tokens) == 1 and not term.prefix else None


# Terms a query may keep after repeats are dropped ([search] max_query_terms overrides it).
MAX_QUERY_TERMS = 64


def parse_query(text: str, max_terms: int = MAX_QUERY_TERMS) -> Query:
    """Parse a user query (never raises on odd input, except :class:`QueryError` for more than
    ``max_terms`` distinct terms; :meth:`Query.fts` raises if nothing is left). A word repeated is
    one term: ``a AND a`` finds what ``a`` finds, at the cost of one."""
    query = _parse(text)
    query.groups = list({tuple(g): g for g in query.groups}.values())
    query.excluded = list(dict.fromkeys(query.excluded))
    terms = sum(len(g) for g in query.groups) + len(query.excluded)
    if terms > max_terms:
        raise QueryError(f"the query has {terms:,} different terms; at most {max_terms} are searched "
                         "([search] max_query_terms). Use fewer words or an exact \"phrase\"")
    return query


def _parse(text: str) -> Query:
    query = Query(text=text)
    pending_or = False
    prev: Term | None = None  # the last plain word, when it stands alone in its group
    for raw, quoted, negated in _raw_items(text):
        if not quoted and not negated and raw in OR_WORDS:
            pending_or = bool(query.groups)
            prev = None
            continue
        term = _term(raw, quoted)
        if term is None:
            continue
        if not quoted and not negated and not pending_or and prev is not None and len(term.tokens) == 1:
            if _single(prev) in FA_PREFIXES or _single(term) in FA_SUFFIXES:
                query.groups[-1] = _joined(prev, term)
                prev = None
                continue
        prev = term if (not quoted and not negated and not pending_or and len(term.tokens) == 1) else None
        if negated:
            query.excluded.append(term)
        elif pending_or and query.groups:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = False
    return query
