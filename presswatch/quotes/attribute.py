"""English attribution as PolNeAR defines it: direct quotes, indirect quotes, paraphrases and
"according to" constructions, each with a source span (the text's own mention: a pronoun stays a
pronoun), a cue span and a content span, in character offsets.

Two paths: :func:`attribute_parsed` reads a spaCy dependency parse (subject of a reporting verb is the
source, its clausal complement or object the content); :mod:`presswatch.quotes.attribute_rules` works
on the text alone. Which lemmas are cues, and how often, comes from the cue lexicon learned on the
PolNeAR training split (``presswatch/lang/en/cue_lexicon.tsv``; counts only, no texts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from presswatch.quotes.lexicon import CueLexicon, load_lexicon

Span = tuple[int, int]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# a cue without a subject of its own takes the subject of the verb it hangs from ("He smiled and said",
# "…, adding that", "wants to say")
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl"})
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr")
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
OPEN_QUOTES = "\"“”"
EDGE_PUNCT = " \n\t,.;:-–—"


@dataclass(frozen=True)
class Attribution:
    source: Span | None
    cue: Span | None
    content: Span | None
    direct: bool = False
    content_spans: tuple[Span, ...] = field(default=())
    outlet: Span | None = None


def quotations(text: str) -> list[Span]:
    """Spans of double quotations, marks included (PolNeAR content keeps them), within a paragraph or
    continued by an opening mark at the start of the next one."""
    out: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in "\"“":
            i += 1
            continue
        close = "\"" if ch == "\"" else "”"
        j = i + 1
        while j < n:
            c = text[j]
            if c == close or (close == "”" and c == "\""):
                break
            if c == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] == ch:
                    j = k + 1
                    continue
                j = -1
                break
            j += 1
        if j < 0 or j >= n:
            i += 1
            continue
        if j - i > 2:
            out.append((i, j + 1))
        i = j + 1
    return out


def _tok_span(tokens: list[Any]) -> Span | None:
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(tok: Any) -> Span:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def _trim(text: str, span: Span | None, keep_quotes: bool = True) -> Span | None:
    if span is None:
        return None
    s, e = span
    while s < e and text[s] in EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in EDGE_PUNCT:
        e -= 1
    if s < e and text[s] in OPEN_QUOTES and text[s + 1:e].count("\"") + text[s + 1:e].count("”") == 0:
        s += 1  # a stray mark from a quotation the span only starts
    return (s, e) if e > s else None


def _subject(tok: Any, depth: int = 0) -> Any | None:
    for ch in tok.children:
        if ch.dep_ in SUBJECT_DEPS:
            return ch
    for ch in tok.children:
        if ch.dep_ == "agent":  # "was described by X"
            for g in ch.children:
                if g.dep_ == "pobj":
                    return g
    if depth < 2 and tok.dep_ in INHERIT_DEPS and tok.head is not tok:
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head if tok.head.pos_ in ("PROPN", "PRON") else None
        return _subject(tok.head, depth + 1)
    return None


def _source_span(text: str, src: Any) -> Span | None:
    if src.pos_ == "PRON" or src.tag_ in ("WP", "WDT"):
        return src.idx, src.idx + len(src.text)
    # the noun phrase without a trailing relative clause or a long apposition
    toks = [t for t in src.subtree]
    cut = [t for t in src.children if t.dep_ in ("relcl", "acl") and t.i > src.i]
    if cut:
        toks = [t for t in toks if t.i < cut[0].left_edge.i]
    return _trim(text, _tok_span(toks))


class Attributor:
    def __init__(self, lexicon: CueLexicon | None = None, threshold: float = 0.4, ccomp_threshold: float = 0.15):
        self.lex = lexicon or load_lexicon()
        self.threshold = threshold
        self.ccomp_threshold = ccomp_threshold

    def is_cue(self, tok: Any) -> bool:
        if tok.pos_ not in ("VERB",):
            return False
        ratio = self.lex.ratio(tok.lemma_.lower(), tok.pos_)
        if ratio >= self.threshold:
            return True
        return ratio >= self.ccomp_threshold and any(c.dep_ == "ccomp" for c in tok.children)

    def attribute(self, text: str, doc: Any) -> list[Attribution]:
        quotes = quotations(text)
        out: list[Attribution] = []
        for tok in doc:
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                a = self._according(text, doc, tok)
            elif self.is_cue(tok):
                a = self._verb(text, doc, tok)
            else:
                continue
            if a is not None:
                out.append(_with_quotes(text, a, quotes))
        return _univocal(out)

    def _according(self, text: str, doc: Any, tok: Any) -> Attribution | None:
        to = doc[tok.i + 1]
        cue = (tok.idx, to.idx + len(to.text))
        objs = [c for c in to.children if c.dep_ == "pobj"]
        source = _source_span(text, objs[0]) if objs else None
        sent = tok.sent
        prep = tok if tok.head is not tok else to
        # the clause "according to" modifies, without the prepositional phrase
        head = tok.head if tok.dep_ == "prep" else to.head
        if head is tok or head.dep_ == "punct":
            head = sent.root
        lo, hi = _subtree(head)
        plo, phi = prep.left_edge.idx, max(prep.right_edge.idx + len(prep.right_edge.text),
                                           (source or cue)[1])
        parts = [p for p in ((lo, plo), (phi, hi)) if p[1] - p[0] > 0]
        parts2 = [x for x in (_trim(text, p) for p in parts) if x is not None]
        if not parts2:
            return None
        best = max(parts2, key=lambda p: p[1] - p[0])
        return Attribution(source, cue, best, content_spans=(best,))

    def _verb(self, text: str, doc: Any, tok: Any) -> Attribution | None:
        cue = (tok.idx, tok.idx + len(tok.text))
        src_tok = _subject(tok)
        source = _source_span(text, src_tok) if src_tok is not None else None
        content: Span | None = None
        for dep in CONTENT_DEPS:
            kids = [c for c in tok.children if c.dep_ == dep]
            if kids:
                content = _subtree(kids[0])
                break
        if content is None:
            preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i]
            for p in preps:
                objs = [c for c in p.children if c.dep_ in ("pobj", "pcomp")]
                if objs and p.lower_ in ("on", "about", "to", "for", "that", "of", "as"):
                    content = _subtree(objs[0])
                    break
        if content is None and tok.dep_ in PARENTHETICAL_DEPS and tok.head is not tok:
            lo, hi = _subtree(tok.head)
            tlo, thi = _subtree(tok)
            parts = [p for p in ((lo, tlo), (thi, hi)) if p[1] > p[0]]
            if parts:
                content = max(parts, key=lambda p: p[1] - p[0])
        content = _trim(text, content)
        if content is None:
            return None
        if source is not None and content[0] <= source[0] and source[1] <= content[1]:
            # "X, he said, is ...": the content is split around its source and cue
            left = _trim(text, (content[0], min(source[0], cue[0])))
            right = _trim(text, (max(source[1], cue[1]), content[1]))
            frags = tuple(x for x in (left, right) if x is not None)
            return Attribution(source, cue, content, content_spans=frags)
        return Attribution(source, cue, content, content_spans=(content,))


def _with_quotes(text: str, a: Attribution, quotes: list[Span]) -> Attribution:
    """A content that reaches into a quotation takes the whole quotation, marks included."""
    if a.content is None:
        return a
    s, e = a.content
    hit = [q for q in quotes if q[0] < e and s < q[1]]
    if not hit:
        return a
    s2, e2 = min(s, hit[0][0]), max(e, hit[-1][1])
    for span in (a.cue, a.source):
        if span is not None and s2 <= span[0] < e2:
            # never swallow the cue or source
            if span[0] >= e:
                e2 = min(e2, span[0])
            else:
                s2 = max(s2, span[1])
    c = _trim(text, (s2, e2))
    if c is None:
        return a
    if text[c[1]:c[1] + 1] in "\"”" and (text[c[1] - 1:c[1]] in ".,!?"):
        c = (c[0], c[1] + 1)
    return Attribution(a.source, a.cue, c, True, (c,), a.outlet)


def _univocal(attrs: list[Attribution]) -> list[Attribution]:
    """Each token has at most one role in one attribution (PolNeAR): an attribution whose cue lies in
    another one's content is kept only when the outer one is not a quotation."""
    keep = []
    for a in attrs:
        if a.cue is None:
            continue
        inner = any(b is not a and b.content is not None and b.cue is not None and
                    b.content[0] <= a.cue[0] < b.content[1] for b in attrs)
        if inner:
            continue
        keep.append(a)
    return keep


def attribute_parsed(text: str, doc: Any, attributor: Attributor | None = None) -> list[Attribution]:
    return (attributor or Attributor()).attribute(text, doc)


def attribute_text(text: str, doc: Any | None = None) -> list[Attribution]:
    """Attributions of ``text``: from the parse when ``doc`` is given, else from the rules."""
    if doc is not None:
        return attribute_parsed(text, doc)
    from presswatch.quotes.attribute_rules import attribute_rules

    return attribute_rules(text)
