"""English attribution as PolNeAR defines it: direct quotes, indirect quotes, paraphrases and
"according to" constructions, each with a source span (the text's own mention: a pronoun stays a
pronoun), a cue span and a content span, in character offsets.

Two paths: :func:`attribute_parsed` reads a spaCy dependency parse (subject of a reporting verb is the
source, its clausal complement or object the content); :mod:`presswatch.quotes.attribute_rules` works
on the text alone. Which lemmas are cues, and how often, comes from the cue lexicon learned on the
PolNeAR training split (``presswatch/lang/en/cue_lexicon.tsv``; counts only, no texts).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from presswatch.quotes.lexicon import CueLexicon, load_lexicon, verb_frame, weak_cue
from presswatch.quotes.spans import SUBJECT_DEPS, Attribution, Span, trim
from presswatch.quotes.speaker_checks import (
    colon_attributions,
    discourse_marker,
    generic_you,
    has_a_speaker,
    imperative,
    interview_turns,
    named_claim,
    no_speaker_here,
    non_speakers,
    passive_patient,
    reported,
    thing_source_parsed,
    within_paragraphs,
)

# a cue without a subject of its own takes the subject of the verb it hangs from ("He smiled and said",
# "…, adding that", "wants to say")
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl"})
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr")
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl"})


def quotations(text: str) -> list[Span]:
    """Spans of double quotations ("…", “…”, and ''…'' as some newspapers write them), marks included
    (PolNeAR content keeps them), within a paragraph or continued by an opening mark at the start of
    the next one."""
    out: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        twin = text.startswith("''", i) and (i == 0 or not text[i - 1].isalnum())
        if ch not in "\"“" and not twin:
            i += 1
            continue
        opener = "''" if twin else ch
        j = i + len(opener)
        while j < n:
            c = text[j]
            if (twin and text.startswith("''", j)) or (not twin and (c == "\"" or (ch == "“" and c == "”"))):
                break
            if c == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text.startswith(opener, k):
                    j = k + len(opener)
                    continue
                j = -1
                break
            j += 1
        if j < 0 or j >= n:
            i += 1
            continue
        end = j + (2 if twin else 1)
        if j - i > 2:
            out.append((i, end))
        i = end
    return out


def _subtree(tok: Any) -> Span:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def _agent(tok: Any) -> Any | None:
    for ch in tok.children:
        if ch.dep_ == "agent":  # "was first reported by MSNBC"
            for g in ch.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _subject(tok: Any, depth: int = 0) -> Any | None:
    agent = _agent(tok)
    if agent is not None:
        return agent
    for ch in tok.children:
        if ch.dep_ in SUBJECT_DEPS:
            return ch
    if depth < 2 and tok.dep_ == "pcomp" and tok.head.head is not tok.head:
        return _subject(tok.head.head, depth + 1)  # "… by saying", "after calling"
    if depth < 2 and tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ == "acomp":
        return _subject(tok.head.head, depth + 1)  # "Sexton was quick to point out", "more likely to say"
    if depth < 2 and tok.dep_ in INHERIT_DEPS and tok.head is not tok:
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head if tok.head.pos_ in ("PROPN", "PRON") else None
        return _subject(tok.head, depth + 1)
    return None


def _source_span(text: str, src: Any, cue_start: int | None = None) -> Span | None:
    """The source noun phrase: the subject's subtree, from the start of its line, with a trailing
    apposition comma or dash kept when the cue follows it ("Jack Dorsey, Twitter's chief executive,
    said"), as PolNeAR marks it."""
    if (src.pos_ == "PRON" and not list(src.children)) or src.tag_ in ("WP", "WDT"):
        return src.idx, src.idx + len(src.text)
    span = trim(text, _subtree(src))
    if span is None:
        return None
    s, e = span
    nl = text.rfind("\n", s, e)
    if nl >= 0 and nl < src.idx:
        s = nl + 1
        while s < e and text[s].isspace():
            s += 1
    if cue_start is not None and s < cue_start < e:
        cut = trim(text, (s, cue_start))  # a source never runs into its cue
        if cut is None:
            return None
        s, e = cut
    if cue_start is not None and e < cue_start:
        gap = text[e:cue_start]
        if gap.strip() in (",", "—", "–", "--") and text[e - 1:e] not in (",", "—"):
            e = e + len(gap.rstrip())
    return (s, e) if e > s else None


class Attributor:
    def __init__(self, lexicon: CueLexicon | None = None, threshold: float = 0.3, lemma_threshold: float = 0.3,
                 univocal: bool = True, noun_threshold: float = 0.3):
        self.lex = lexicon or load_lexicon()
        self.threshold = threshold
        self.lemma_threshold = lemma_threshold
        self.univocal = univocal
        self.noun_threshold = noun_threshold

    def is_cue(self, tok: Any) -> bool:
        """A verb is a cue when, with the same complement frame, it headed a PolNeAR train cue at least
        ``threshold`` of the time ("say" with a clause); rarer frames back off to the lemma."""
        if tok.pos_ != "VERB":
            return False
        lemma = tok.lemma_.lower()
        ratio = self.lex.frame_ratio(lemma, verb_frame(tok))
        if ratio is not None:
            return ratio >= self.threshold
        return self.lex.ratio(lemma, "VERB") >= self.lemma_threshold

    def attribute(self, text: str, doc: Any, interview: bool | None = None, gate: bool = True) -> list[Attribution]:
        """``interview``: whether the text is an interview's questions and answers, where "you" is the one
        asked (:func:`interview_turns`; by default judged on ``text`` itself); ``gate``: weak cues only
        in a text that reports someone (:func:`reported`; off when ``text`` is a part of the text)."""
        quotes = quotations(text)
        interview = interview_turns(text) if interview is None else interview
        not_speakers = non_speakers(interview)
        out: list[Attribution] = []
        for tok in doc:
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                a = self._according(text, doc, tok)
            elif self.is_cue(tok):
                a = self._verb(text, doc, tok, quotes)
            elif tok.pos_ == "NOUN" and self.lex.ratio(tok.lemma_.lower(), "NOUN") >= self.noun_threshold:
                a = self._noun(text, tok)
            else:
                continue
            if a is not None and not imperative(tok) and (
                    not weak_cue(a.weight) or tok.lower_ == "according" or (
                        has_a_speaker(text, a, not_speakers) and not thing_source_parsed(doc, a))):
                if no_speaker_here(text, tok, a) or discourse_marker(text, a) or \
                        generic_you(text, a, quotes, interview):
                    continue
                kept = within_paragraphs(text, _with_quotes(text, a, quotes))
                if kept is not None and kept.source is not None and passive_patient(tok, self.is_cue):
                    kept = replace(kept, source=None)  # "He was told that …": the subject does not speak
                if kept is not None:
                    out.append(kept)
        out.extend(c for c in colon_attributions(text, out) if named_claim(doc, c))
        out = _univocal(out) if self.univocal else out
        return reported(text, out) if gate else out

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
        parts2 = [x for x in (trim(text, p) for p in parts) if x is not None]
        if not parts2:
            return None
        best = max(parts2, key=lambda p: p[1] - p[0])
        return Attribution(source, cue, best, content_spans=(best,))

    def _noun(self, text: str, tok: Any) -> Attribution | None:
        """"his claim that the vote was rigged", "Trump's criticism of the deal": a reporting noun with
        its owner as source and its clause or "of/about" object as content."""
        content: Span | None = None
        for ch in tok.children:
            if ch.dep_ in ("acl", "ccomp", "relcl") and any(g.lower_ == "that" and g.dep_ == "mark" for g in ch.children):
                content = _subtree(ch)
                break
            if ch.dep_ == "prep" and ch.lower_ in ("of", "on", "about", "against", "over") and ch.i == tok.i + 1:
                objs = [g for g in ch.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    content = _subtree(objs[0])
                    break
        content = trim(text, content)
        if content is None:
            return None
        owner = [ch for ch in tok.children if ch.dep_ == "poss"]
        source = _source_span(text, owner[0]) if owner else None
        if source is not None and text[source[1]:source[1] + 2] in ("'s", "’s"):
            source = (source[0], source[1])
        cue = (tok.idx, tok.idx + len(tok.text))
        return Attribution(source, cue, content, content_spans=(content,),
                           weight=self.lex.ratio(tok.lemma_.lower(), "NOUN"))

    def _verb(self, text: str, doc: Any, tok: Any, quotes: list[Span]) -> Attribution | None:
        a = self._verb_core(text, doc, tok, quotes)
        if a is None or a.cue is None or a.content is None:
            return a
        weight = self.lex.verb_weight(tok.lemma_.lower(), verb_frame(tok))
        return Attribution(a.source, _cue_extent(text, doc, tok, a), a.content, a.direct, a.content_spans,
                           weight)

    def _verb_core(self, text: str, doc: Any, tok: Any, quotes: list[Span]) -> Attribution | None:
        cue = (tok.idx, tok.idx + len(tok.text))
        src_tok = _subject(tok)
        source = _source_span(text, src_tok, cue[0]) if src_tok is not None else None
        content: Span | None = None
        if _agent(tok) is not None:
            # passive with its agent: the subject is what was said ("The move was reported by MSNBC")
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if passive:
                content = _subtree(passive[0])
        for dep in CONTENT_DEPS if content is None else ():
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
        content = trim(text, content)
        if content is None or len(text[content[0]:content[1]].split()) < 2:
            near = _adjacent_quote(text, quotes, cue, source)
            content = near if near is not None else content
        if content is None:
            return None
        if source is not None and content[0] <= source[0] and source[1] <= content[1]:
            # "X, he said, is ...": the content is split around its source and cue
            left = trim(text, (content[0], min(source[0], cue[0])))
            right = trim(text, (max(source[1], cue[1]), content[1]))
            frags = tuple(x for x in (left, right) if x is not None)
            return Attribution(source, cue, content, content_spans=frags)
        return Attribution(source, cue, content, content_spans=(content,))


LEFT_CUE_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
MAX_CUE_GAP = 8


def _cue_extent(text: str, doc: Any, tok: Any, a: Attribution) -> Span:
    """The cue as PolNeAR marks it: the verb with its auxiliaries, negation and adverbs right before it
    ("also said", "has emphasized", "would only say"), and everything between it and a content that
    follows ("said in an interview on ABC News", "asked Mrs. Clinton about", "warned:")."""
    assert a.cue is not None and a.content is not None
    lo_i = tok.i
    while lo_i - 1 >= 0 and doc[lo_i - 1].head.i == tok.i and doc[lo_i - 1].dep_ in LEFT_CUE_DEPS:
        lo_i -= 1
    lo = doc[lo_i].idx
    if a.source is not None and a.source[0] < tok.idx < a.source[1]:
        lo = tok.idx
    hi = a.cue[1]
    if a.content[0] >= hi:
        gap = doc.char_span(hi, a.content[0], alignment_mode="contract")
        between = [t for t in gap] if gap is not None else []
        blocked = a.source is not None and hi <= a.source[0] < a.content[0]
        if not blocked and len(between) <= MAX_CUE_GAP and all(t.text not in "“\"" for t in between):
            hi = a.content[0]
    s, e = lo, hi
    while e > s and text[e - 1] in " \n\t,“\"":
        e -= 1
    return s, e


def _adjacent_quote(text: str, quotes: list[Span], cue: Span, source: Span | None) -> Span | None:
    """A quotation right before the source and cue ("“Okay,” I said") or right after them ("said: “…”")."""
    lo = min(cue[0], source[0]) if source else cue[0]
    hi = max(cue[1], source[1]) if source else cue[1]
    for q in quotes:
        if q[1] <= lo and len(text[q[1]:lo].strip(" ,—–-")) == 0 and lo - q[1] <= 4:
            return q
        if q[0] >= hi and len(text[hi:q[0]].strip(" ,:")) == 0 and q[0] - hi <= 4:
            return q
    return None


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
    c = trim(text, (s2, e2))
    if c is None:
        return a
    if text[c[1]:c[1] + 1] in "\"”'" and (text[c[1] - 1:c[1]] in ".,!?'"):
        c = (c[0], min(len(text), c[1] + 1 + (text[c[1]:c[1] + 2] == "''")))
    frags: tuple[Span, ...] = (c,)
    # "“A,” he said. “B.”" / "“A,” he said, “B.”": the quotation that goes on right after the source
    # and cue belongs to the same content (PolNeAR: one content in two fragments)
    after = max(x[1] for x in (a.source, a.cue) if x is not None)
    if c[1] <= min(x[0] for x in (a.source, a.cue) if x is not None):
        for q in quotes:
            if q[0] >= after and q[0] - after <= 3 and text[after:q[0]].strip() in ("", ",", ".", ":"):
                frags = (c, q)
                c = (c[0], q[1])
                break
    return Attribution(a.source, a.cue, c, True, frags, a.weight)


def _inside(pos: int, b: Attribution) -> bool:
    return any(s <= pos < e for s, e in (b.content_spans or ((b.content,) if b.content else ())))


def _univocal(attrs: list[Attribution], greedy: bool = True, margin: float = 0.4) -> list[Attribution]:
    """Each token has at most one role in one attribution (PolNeAR): an attribution whose cue lies in
    another one's content is dropped. A content joined over two quotations ("“A,” she said. “B.”")
    gives up its second part when another cue stands between them ("“B,” Kola said")."""
    out = list(attrs)
    for i, b in enumerate(out):
        if b.content is None or len(b.content_spans) < 2:
            continue
        first = b.content_spans[0]
        if any(a is not b and a.cue is not None and first[1] <= a.cue[0] < b.content[1] and not _inside(a.cue[0], b)
               for a in out):
            out[i] = Attribution(b.source, b.cue, first, b.direct, (first,), b.weight)
    def holds(b: Attribution, a: Attribution) -> bool:
        return b.content is not None and a.cue is not None and b.content[0] <= a.cue[0] < b.content[1]

    if not greedy:
        return [a for a in out if a.cue is not None and not any(b is not a and holds(b, a) for b in out)]
    # the surer cue wins: "“…,” Espinoza said" is not content of a weak cue before it
    keep = [a for a in out if a.cue is not None]
    drop: set[int] = set()
    for i, a in enumerate(keep):
        outer = [j for j, b in enumerate(keep) if j != i and holds(b, a)]
        if not outer:
            continue
        if all(a.weight - keep[j].weight > margin for j in outer):
            drop.update(outer)
        else:
            drop.add(i)
    return [a for i, a in enumerate(keep) if i not in drop]


def attribute_parsed(text: str, doc: Any, attributor: Attributor | None = None,
                     interview: bool | None = None, gate: bool = True) -> list[Attribution]:
    return (attributor or Attributor()).attribute(text, doc, interview, gate)
