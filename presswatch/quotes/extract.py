"""Who said what: direct quotes in every quote style and indirect claims, with speaker and outlet.

Works on a unit's text (paragraphs joined), so a quote may span paragraphs (the usual convention: no
closing mark at the end of a paragraph, an opening mark at the start of the next). Cue patterns run
over folded text (:mod:`presswatch.quotes.cues`). The speaker is resolved to an entity through the
unit's mentions: a mention at the speaker position, else a pronoun referring back to the nearest
person mentioned before, else the speaker phrase is kept as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from presswatch.entities.normalize import lang_data, name_keys
from presswatch.quotes.cues import Cues, load_cues
from presswatch.quotes.rules_data import abbreviation_re
from presswatch.text.fold import fold, fold_with_offsets

PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "‹": "›", "'": "'"}
MIN_WORDS = 3
MAX_QUOTE_CHARS = 5000  # an opening mark without a close within this many characters is not a quote
SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'”’»]?\s+(?=[\"'“‘«„]?[^\s])|\n\s*\n")


@dataclass(frozen=True)
class MentionRef:
    start: int            # unit offsets
    end: int
    entity: str
    kind: str
    surface: str


@dataclass(frozen=True)
class Quote:
    start: int            # content span, unit offsets
    end: int
    text: str
    speaker: str | None
    entity: str | None
    cue: str | None
    direct: bool
    outlet: str | None = None
    source_start: int | None = None   # the source as the text says it (a pronoun stays a pronoun)
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None


def find_direct(text: str) -> list[tuple[int, int]]:
    """Content spans of quoted passages (at least three words), following quotes across paragraphs."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = PAIRS.get(ch)
        if close is None or (ch in "'‘" and i > 0 and text[i - 1].isalnum()) or (i + 1 < n and text[i + 1].isspace()):
            i += 1
            continue
        j = i + 1
        end = -1
        limit = min(n, i + MAX_QUOTE_CHARS)
        while j < limit:
            c = text[j]
            if c == close and not (close in "'’" and j + 1 < n and text[j + 1].isalpha()):
                end = j
                break
            if c == "\n" and text[j:j + 2] == "\n\n" or (c == "\n" and ch in "'\""):
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] == ch:   # the quote continues in the next paragraph
                    j = k + 1
                    continue
                break
            j += 1
        if end < 0:
            i += 1
            continue
        content = text[i + 1:end]
        if len(content.split()) >= MIN_WORDS:
            out.append((i + 1, end))
            i = end + 1
        else:
            i += 1
    return out


class Extractor:
    """Extract quotes from one unit in one language."""

    def __init__(self, lang: str):
        self.orig_map: Callable[[int], int] = lambda f: f
        self.cues: Cues = load_cues(lang)
        self.lang = self.cues.lang
        c = self.cues
        self.cue_word = re.compile(rf"(?<!\w){c.verb_re}(?!\w)")   # a cue verb anywhere (folded text)
        self.after_cue = re.compile(rf"^\s*[,،]?\s*(?:{c.adv_re}\s+)?({c.verb_re})\b\s*(.{{1,80}}?)\s*(?:[.,;!?]|$)")
        self.after_spk = re.compile(rf"^\s*[,،]?\s*(.{{1,80}}?)\s+(?:{c.adv_re}\s+)?({c.verb_re})\b")
        self.before = re.compile(rf"(?:^|[.!?]\s+|[,،]\s*)([^.!?,،]{{1,120}}?)\s+(?:{c.adv_re}\s+)?({c.verb_re})\b[^.!?\"“«„]{{0,60}}[:,]?\s*$")
        self.before_colon = re.compile(r"(?:^|[.!?]\s+)([^.!?:]{1,60}?)\s*:\s*$")
        self.according = re.compile(rf"{c.according_re}\s+([^,،]{{1,80}}?)\s*[,،]\s*(.+)$")
        self.interview = re.compile(
            rf"{c.interview_re}\s+([^,،]{{1,60}}?)\s*[,،]\s*(.{{1,120}}?)\s+(?:{c.adv_re}\s+)?({c.verb_re})\b"
            rf"(?:\s+{c.comp_re})?\s*[,:]?\s*(.+)$")
        self.writes_in = re.compile(
            rf"^(.{{1,120}}?)\s+(?:{c.adv_re}\s+)?({c.write_re})\s+{c.writes_in_re}\s+(.{{1,60}}?)\s+{c.comp_re}\s+(.+)$")
        if self.lang == "fa":
            self.claim = re.compile(rf"^(.{{1,160}}?)\s+({c.verb_re})\s*(?:{c.comp_re}|:)\s*(.+)$")
        else:
            self.claim = re.compile(
                rf"^(.{{1,160}}?)\s+(?:{c.adv_re}\s+)?({c.verb_re})\b(?:\s+((?:per\s+|to\s+)?[^,.;]{{1,40}}?))?\s*,?\s+{c.comp_re}\s+(.+)$")
        self.negation = re.compile(c.negation_re)
        self.adding_re = re.compile(rf"[,،]\s+(?:{c.participle_re})"
                                    rf"\s+(?:{c.comp_re})\s+([^\n]+?)(?:[.!?](?=\s|$)|\n|$)")
        self.verb_search = re.compile(rf"\s(?:{c.adv_re}\s+)?({c.verb_re})\b")
        self.comp_start = re.compile(rf"^\s*,?\s*{c.comp_re}\s+")
        self.obj_comp = re.compile(rf"^\s+((?:\S+\s+){{0,5}}?\S+?)\s*,?\s+{c.comp_re}\s+")
        self.trailing = re.compile(rf"^(.{{12,}}?)[,،]\s+(?:({c.verb_re})\s+(.{{1,60}}?)|(.{{1,60}}?)\s+({c.verb_re}))\s*[.!]?$")

    # -- speakers ---------------------------------------------------------------------------------

    def speaker(self, text: str, s: int, e: int, mentions: list[MentionRef], *, first: bool = False
                ) -> tuple[str | None, str | None]:
        """Resolve the speaker phrase at ``text[s:e]`` (unit offsets)."""
        phrase = text[s:e].strip(" ,،:\"'“”«»")
        clitics = self.cues.words.get("object_clitics")
        if clitics:  # "Avokatja u tha": the object clitic before the verb is not the speaker's
            words = phrase.split()
            while len(words) > 1 and fold(words[-1].lower()) in clitics:
                phrase = phrase[:phrase.rfind(words.pop())].rstrip()
        if not phrase:
            return None, None
        first_word = fold(phrase.split()[0]) if phrase.split() else ""
        if first_word in self.cues.pronouns and len(phrase.split()) <= 6:
            before = [m for m in mentions if m.end <= s and m.kind == "person"]
            if before:  # "او به روزنامه مریدین گفت": he, not the newspaper
                return before[-1].surface, before[-1].entity
        if self.lang != "fa":
            # "Besides having more oomph, Nissan" / "so far, the commission": the subject follows the last
            # comma, unless the phrase ends with an apposition ("Basha, the leader of the NDP"); "A party
            # official, speaking on condition of anonymity," keeps the part before the first comma
            parts = re.split(r"[,،]\s*", phrase)
            if len(parts) > 1 and not any(m.start >= s and m.end <= e for m in mentions):
                for part in (parts[-1], parts[0]):
                    if self._plausible_subject(part.split()):
                        phrase = part
                        break
                else:
                    phrase = parts[-1]
                s += text[s:e].rfind(phrase)
        inside = [m for m in mentions if m.start >= s and m.end <= e and m.kind in ("person", "org", "unknown")]
        if inside:
            m = inside[0] if first or self.lang == "fa" else inside[-1]
            if not first and self.lang != "fa":
                # "Basha, the leader of the NDP," -> Basha: prefer the mention before an apposition
                head = text[s:m.start]
                if "," in head or "،" in head:
                    before_comma = [x for x in inside if x.end <= s + max(head.find(","), head.find("،"))]
                    if before_comma:
                        m = before_comma[-1]
            if re.match(r"['’]s\s+\w", text[m.end:e]) and len(text[m.end:e].split()) >= 2:
                # "Gaddafi's former adviser" is not Gaddafi
                owner = text[m.start:e].strip(" ,:\"'“”")
                return (owner, None) if len(owner.split()) <= 7 else (None, None)
            lead_words = fold(text[s:m.start].strip(" ،,")).split()
            if self.lang == "fa" and lead_words and lead_words[0] in lang_data("fa").roles and "،" not in text[s:m.start]:
                return phrase, None  # "سخنگوی وزارت انرژی": the spokesperson, not the ministry
            if self.lang == "sq" and re.search(r"\w\s+(?:e|i|të|së)\s+$", text[s:m.start]) and m.start - s < 40:
                return phrase, None  # "Kritikët e Hoxhës" (Hoxha's critics) is not Hoxha
            return m.surface, m.entity
        words = phrase.split()
        last = words[-1].lower() if words else ""
        nominal = self._nominal(words, s, mentions)
        if nominal is not None:
            return nominal
        if last in self.cues.pronouns or (words and words[0].lower() in self.cues.pronouns and len(words) <= 2):
            before = [m for m in mentions if m.end <= s and m.kind == "person"]
            if before:
                return before[-1].surface, before[-1].entity
            return phrase, None
        while words and words[0].lower().strip(",") in self.cues.words.get("leading_conjunctions", ()):
            words = words[1:]
        if not words or len(words) > 7 or any(w.lower().strip(",") in self.cues.words.get("not_a_subject", ()) for w in words):
            return None, None  # "only to find", "He has consistently": a clause, not a speaker
        if self.lang == "en" and not (words[0][:1].isupper() or self.cues.has("determiners", words[0].lower())):
            return None, None
        return " ".join(words), None

    def _plausible_subject(self, words: list[str]) -> bool:
        while words and words[0].lower().strip(",") in self.cues.words.get("leading_conjunctions", ()):
            words = words[1:]
        if not words or len(words) > 7 or any(w.lower().strip(",") in self.cues.words.get("not_a_subject", ()) for w in words):
            return False
        return self.lang != "en" or words[0][:1].isupper() or self.cues.has("determiners", words[0].lower())

    def _nominal(self, words: list[str], s: int, mentions: list[MentionRef]) -> tuple[str, str] | None:
        """"the ministry" -> the last organisation mentioned with "ministry" in its name; "the former
        mayor" -> the last person mentioned (a role noun after "the")."""
        low = [w.lower().strip(",") for w in words]
        if not (2 <= len(low) <= 4) or not self.cues.has("definite", low[0]):
            return None
        head = fold(low[-1])
        before = [m for m in mentions if m.end <= s]
        for m in reversed(before):
            if m.kind == "org" and head in name_keys(m.surface):
                return m.surface, m.entity
        if self.cues.has("role_nouns", head):
            persons = [m for m in before if m.kind == "person"]
            if persons:
                return persons[-1].surface, persons[-1].entity
        return None

    # -- quotes ---------------------------------------------------------------------------------

    def extract(self, text: str, mentions: list[MentionRef]) -> list[Quote]:
        """Quotes found by the cue patterns, with source and cue offsets found back near each content
        (English goes through :mod:`presswatch.quotes.english` first; see there)."""
        return [locate_offsets(text, q) for q in self._extract(text, mentions)]

    def _extract(self, text: str, mentions: list[MentionRef]) -> list[Quote]:
        folded, idx = fold_with_offsets(text)
        to_orig = _Offsets(idx, len(text))
        self.orig_map = to_orig.orig
        quotes: list[Quote] = []
        direct = find_direct(text)
        last_speaker: tuple[str | None, str | None, int] = (None, None, -10**9)
        for s, e in direct:
            q = self._attribute_direct(text, folded, to_orig, s, e, mentions)
            if q.speaker is None and last_speaker[0] is not None and s - last_speaker[2] < 600:
                q = Quote(q.start, q.end, q.text, last_speaker[0], last_speaker[1], None, True)
            if q.speaker is not None:
                last_speaker = (q.speaker, q.entity, e)
            quotes.append(q)
        for ss, se in sentences(text):
            if any(s < se and e > ss for s, e in direct):
                continue
            q2 = self._indirect(text, folded, to_orig, ss, se, mentions)
            if q2 is not None:
                quotes.append(q2)
        quotes.extend(self._adding(text, folded, to_orig, quotes, mentions))
        quotes.sort(key=lambda q: q.start)
        return running_quotes(text, quotes, lambda rest: self.cue_word.search(fold(rest)) is not None)

    def _adding(self, text: str, folded: str, to_orig: _Offsets, quotes: list[Quote],
                mentions: list[MentionRef]) -> list[Quote]:
        """"…,” said Shehu, adding that his campaign …": a second claim by the same speaker."""
        out = []
        for m in self.adding_re.finditer(folded):
            cs, ce = to_orig.orig(m.start(1)), to_orig.orig(m.end(1))
            while ce > cs and text[ce - 1] in " .!?":
                ce -= 1
            if len(text[cs:ce].split()) < MIN_WORDS:
                continue
            cue = m.group(0).split()[1]
            comma = to_orig.orig(m.start())
            start = sentence_start(text, comma)
            # the nearest earlier quote (``quotes`` holds direct quotes first, then indirect ones)
            before = sorted((q for q in quotes if q.speaker and q.end <= cs and cs - q.end < 300), key=lambda q: q.end)
            if before and before[-1].end > start:
                # the claim continues a sentence that already has its speaker ("…,” said Shehu, adding that)
                q = before[-1]
                out.append(Quote(cs, ce, text[cs:ce], q.speaker, q.entity, cue, False))
                continue
            # a new sentence: its own subject speaks ("The finance minister defended the plan, arguing
            # that …"), not the speaker of an earlier sentence
            subject = leading_subject(text, start, comma, self.cues.words.get("finite_hints", frozenset()))
            if subject is not None:
                speaker, entity = self.speaker(text, subject[0], subject[1], mentions, first=True)
                if speaker:
                    out.append(Quote(cs, ce, text[cs:ce], speaker, entity, cue, False))
        return out

    def _attribute_direct(self, text: str, folded: str, to_orig: _Offsets, s: int, e: int,
                          mentions: list[MentionRef]) -> Quote:
        content = text[s:e].strip().rstrip(",،")
        fs, fe = to_orig.folded_pos(s - 1), to_orig.folded_pos(e + 1)
        after = folded[fe:fe + 140].split("\n", 1)[0]
        m = self.after_cue.match(after)
        if m and len(m.group(2).split()) <= 7:
            spk = self.speaker(text, to_orig.orig(fe + m.start(2)), to_orig.orig(fe + m.end(2)), mentions, first=True)
            if spk[0]:
                return Quote(s, e, content, spk[0], spk[1], m.group(1), True)
        m = self.after_spk.match(after)
        if m and len(m.group(1).split()) <= 7:
            spk = self.speaker(text, to_orig.orig(fe + m.start(1)), to_orig.orig(fe + m.end(1)), mentions)
            if spk[0]:
                return Quote(s, e, content, spk[0], spk[1], m.group(2), True)
        line_start = folded.rfind("\n", 0, fs) + 1
        before = folded[max(line_start, fs - 220):fs]
        base = fs - len(before)
        m = self.before.search(before)
        if m:
            spk = self.speaker(text, to_orig.orig(base + m.start(1)), to_orig.orig(base + m.end(1)), mentions,
                               first=self.lang == "fa")
            if spk[0]:
                return Quote(s, e, content, spk[0], spk[1], m.group(2), True)
        m = self.before_colon.search(before)
        if m:
            spk = self.speaker(text, to_orig.orig(base + m.start(1)), to_orig.orig(base + m.end(1)), mentions)
            if spk[0]:
                return Quote(s, e, content, spk[0], spk[1], ":", True)
        return Quote(s, e, content, None, None, None, True)

    def _indirect(self, text: str, folded: str, to_orig: _Offsets, ss: int, se: int,
                  mentions: list[MentionRef]) -> Quote | None:
        fs, fe = to_orig.folded_pos(ss), to_orig.folded_pos(se)
        sent = folded[fs:fe]
        o = to_orig.orig

        def q(spk_span: tuple[int, int], content_span: tuple[int, int], cue: str, outlet: str | None = None,
              first: bool = False) -> Quote | None:
            cs, ce = o(fs + content_span[0]), o(fs + content_span[1])
            while ce > cs and text[ce - 1] in " .!?\n":
                ce -= 1
            if len(text[cs:ce].split()) < MIN_WORDS:
                return None
            name, ent = self.speaker(text, o(fs + spk_span[0]), o(fs + spk_span[1]), mentions, first=first)
            if name is None:
                return None
            return Quote(cs, ce, text[cs:ce], name, ent, cue, False, outlet)

        m = self.interview.search(sent)
        if m:
            outlet_iv = text[o(fs + m.start(1)):o(fs + m.end(1))]
            return q((m.start(2), m.end(2)), (m.start(4), m.end(4)), m.group(3), outlet_iv)
        m = self.according.search(sent)
        if m and re.match(r"(?:a|an)\s", m.group(2)) and len(m.group(2).split()) <= 8:
            m = None  # "according to Edmunds.com, a California-based data firm": an apposition, no claim
        if m:
            appo = re.match(r"([^,،]{2,40})[,،]\s*", m.group(2))
            if appo and any(x.kind == "person" and x.start >= o(fs + m.start(2)) and x.end <= o(fs + m.start(2) + appo.end(1))
                            for x in mentions):
                return q((m.start(2), m.start(2) + appo.end(1)), (m.start(2) + appo.end(), m.end(2)), "according to")
            return q((m.start(1), m.end(1)), (m.start(2), m.end(2)), m.group(0).split()[0] + " " +
                     m.group(0).split()[1], first=True)
        m = self.writes_in.match(sent)
        if m:
            outlet_in = text[o(fs + m.start(3)):o(fs + m.end(3))]
            return q((m.start(1), m.end(1)), (m.start(4), m.end(4)), m.group(2), outlet_in)
        if self.lang == "fa":
            m = self.claim.match(sent)
            if m:
                return q((m.start(1), m.end(1)), (m.start(3), m.end(3)), m.group(2), first=True)
        else:
            for k, m in enumerate(self.verb_search.finditer(sent)):
                if k >= 2:
                    break
                found = self._claim_after_verb(text, sent, fs, m, q)
                if found is not None:
                    return found
        if self.lang != "fa":
            m = self.trailing.match(sent)
            if m:
                if m.group(2):
                    return q((m.start(3), m.end(3)), (m.start(1), m.end(1)), m.group(2), first=True)
                return q((m.start(4), m.end(4)), (m.start(1), m.end(1)), m.group(5))
        return None


    def _claim_after_verb(self, text: str, sent: str, fs: int, m: re.Match[str], q: Any) -> Quote | None:
        """"X said (on Tuesday / to Y) that ...", and in English also "X said the vote was rigged"."""
        o = self.orig_map
        if m.start() < 1 or self.negation.search(sent[:m.start()]) or re.match(r"\s+(?:whether|if|why|how)\b", sent[m.end():]):
            return None  # "did not say whether ..."
        rest = sent[m.end():]
        c = self.comp_start.match(rest)
        if c:
            return q((0, m.start()), (m.end() + c.end(), len(sent)), m.group(1))  # type: ignore[no-any-return]
        c = self.obj_comp.match(rest)
        if c and len(c.group(1).split()) > 4 and not self.cues.has("object_verbs", m.group(1)):
            c = None
        if c and self.lang == "en" and not (self.cues.has("no_complement", c.group(1).split()[0]) or m.group(1) in ("told", "tells")
                                            or text[o(fs + m.end() + c.start(1))].isupper()):
            c = None
        if c:
            obj = text[o(fs + m.end() + c.start(1)):o(fs + m.end() + c.end(1))].strip()
            obj = re.sub(r"^(?:për|per|to|the)\s+", "", obj)
            outlet = obj if obj[:1].isupper() and self.cues.has("object_verbs", m.group(1)) else None
            if outlet and text[o(fs + m.end() + c.start(1)):].lower().startswith("the "):
                outlet = "the " + outlet
            return q((0, m.start()), (m.end() + c.end(), len(sent)), m.group(1), outlet)  # type: ignore[no-any-return]
        if self.lang == "en" and self.cues.has("say_verbs", m.group(1)):
            words = rest.split()
            if len(words) >= MIN_WORDS and not self.cues.has("no_complement", words[0]) and words[0].isalpha():
                start = text[o(fs + m.end()):].lstrip()
                if start[:1].islower():
                    lead = len(rest) - len(rest.lstrip())
                    return q((0, m.start()), (m.end() + lead, len(sent)), m.group(1))  # type: ignore[no-any-return]
        return None


def merge_quotes(first: list[Quote], second: list[Quote]) -> list[Quote]:
    """``first``, plus each quote of ``second`` whose content overlaps none of ``first``."""
    out = list(first)
    for q in second:
        if not any(p.start < q.end and q.start < p.end for p in first):
            out.append(q)
    out.sort(key=lambda q: q.start)
    return out


def running_quotes(text: str, quotes: list[Quote], cue_after: Callable[[str], bool] | None = None) -> list[Quote]:
    """A paragraph that is one quotation with no speaker of its own continues the speaker of the
    paragraph right before it, when that paragraph attributes something to someone ("Rama said that …"
    then a paragraph "“…”"): the news convention of a running quote. ``quotes`` sorted by start;
    ``cue_after``: does the rest of the quotation's line hold a cue (then it is no running quote)."""
    out: list[Quote] = []
    for q in quotes:
        if q.speaker is None and q.direct:
            line = text.rfind("\n", 0, q.start) + 1
            stop = text.find("\n", q.end)
            rest = text[q.end:stop if stop >= 0 else len(text)]
            marks = " \t" + "".join(PAIRS)
            # (the quotation opens its paragraph, and no cue follows it on the line: "…,” wrote a reader"
            # is that reader's, not a running quote)
            if not text[line:q.start].strip(marks) and (cue_after is None or not cue_after(rest)):
                end = line - 1
                while end > 0 and text[end - 1].isspace():
                    end -= 1
                before = text.rfind("\n", 0, end) + 1 if end > 0 else line
                told = [p for p in out if p.speaker and p.start >= before and p.end <= line]
                if told and line > 0:
                    q = replace(q, speaker=told[-1].speaker, entity=told[-1].entity)
        out.append(q)
    return out


def locate_offsets(text: str, q: Quote, window: int = 240) -> Quote:
    """Source and cue offsets for a quote of the pattern extractor: the cue and the speaker phrase as
    they occur nearest the content (within ``window`` characters, outside it)."""
    def near(needle: str | None) -> tuple[int, int] | None:
        if not needle:
            return None
        lo = max(0, q.start - window)
        best: tuple[int, int] | None = None
        for m in re.finditer(re.escape(needle), text[lo:q.end + window]):
            s = lo + m.start()
            if q.start <= s < q.end:
                continue
            dist = q.start - s if s < q.start else s - q.end
            if best is None or dist < best[0]:
                best = (dist, s)
        return (best[1], best[1] + len(needle)) if best else None
    src, cue = near(q.speaker), near(q.cue if q.cue != ":" else None)
    return replace(q, source_start=src[0] if src else None, source_end=src[1] if src else None,
                   cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None)


class _Offsets:
    """Map between folded and original offsets."""

    def __init__(self, idx: list[int], n: int):
        self.idx = idx
        self.n = n
        self.rev: dict[int, int] = {}
        for f, orig in enumerate(idx):
            self.rev.setdefault(orig, f)

    def orig(self, f: int) -> int:
        if f >= len(self.idx):
            return self.n
        return self.idx[f] if f >= 0 else 0

    def folded_pos(self, o: int) -> int:
        while o < self.n and o not in self.rev:
            o += 1
        return self.rev.get(o, len(self.idx))


def sentences(text: str) -> list[tuple[int, int]]:
    abbrev = abbreviation_re()
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        prev = text[max(0, m.start() - 6):m.start()]
        if abbrev.search(prev):
            continue
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def sentence_start(text: str, pos: int) -> int:
    """Offset where the sentence holding ``pos`` starts (after ``. ``, ``! ``, ``? `` or a line break)."""
    start = 0
    for m in re.finditer(r"[.!?؟][\"”’»]?\s+|\n", text[:pos]):
        start = m.end()
    return start


def leading_subject(text: str, start: int, end: int, finite_hints: frozenset[str] = frozenset()
                    ) -> tuple[int, int] | None:
    """Span of the words before the main verb of ``text[start:end]`` ("The finance minister" in "The
    finance minister defended the plan"): leading words up to the first lower-case word that looks like
    a finite verb (-ed, -s) or a common reporting/action verb; None when there is no such split."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, w in enumerate(words[1:], 1):
        token = w.group().strip(",;:")
        if token.islower() and (token.endswith(("ed", "es")) or token in finite_hints
                                or (token.endswith("s") and len(token) > 3 and not token.endswith("ss"))):
            if i > 7:
                return None
            return start + words[0].start(), start + words[i - 1].end()
    return None


