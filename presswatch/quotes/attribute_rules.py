"""English attribution without a parser: a cue word from the learned lexicon (word forms), the noun
phrase before it (or right after it in "…, said Trump") as source, the rest of the clause as content;
"according to X, …" and ", according to X" as their own pattern. Same output as the parse path."""

from __future__ import annotations

import re
from dataclasses import replace

from presswatch.quotes.attribute import _univocal, _with_quotes, quotations
from presswatch.quotes.lexicon import CueLexicon, load_lexicon, weak_cue
from presswatch.quotes.rules_data import RulesData, abbreviation_re, load_rules_data
from presswatch.quotes.spans import Attribution, Span, trim
from presswatch.quotes.speaker_checks import (
    colon_attributions,
    discourse_marker,
    generic_you,
    has_a_speaker,
    interview_turns,
    named_line,
    non_speakers,
    passive_words,
    reported,
    thing_source_words,
)

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.&-]*[A-Za-z0-9]|[A-Za-z0-9]|[“”\"]|[,;:()–—]")
SENT_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z0-9])|\n\s*\n|\n")


def sentences(text: str) -> list[Span]:
    abbrev = abbreviation_re()
    out, start = [], 0
    for m in SENT_END.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group() and abbrev.search(text[max(0, m.start() - 6):m.start()]):
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


class RuleAttributor:
    def __init__(self, lexicon: CueLexicon | None = None, threshold: float = 0.35, data: RulesData | None = None,
                 noun_threshold: float = 0.3):
        self.lex = lexicon or load_lexicon()
        self.threshold = threshold
        self.noun_threshold = noun_threshold  # as the parse path's (Attributor)
        self.data = data or load_rules_data()

    def weak(self, word: str, frame: str) -> bool:
        """A weak cue ("offers", "focuses", "known"), judged as the parse path judges it
        (:meth:`~presswatch.quotes.lexicon.CueLexicon.verb_weight`, :func:`~presswatch.quotes.lexicon.weak_cue`):
        the form's lemma as a verb, in the complement frame of the content found ("ccomp" for a reported
        clause or quotation, "xcomp" for "to …", "dobj" for an object)."""
        return weak_cue(self.weight(word, frame))

    def weight(self, word: str, frame: str) -> float:
        return self.lex.verb_weight(self.lex.verb_lemma(word), frame)

    def is_cue(self, word: str) -> bool:
        w = word.lower()
        if w not in self.data.cue_forms and (w, "NOUN") in self.lex.lemmas and \
                (self.lex.verb_lemma(w), "VERB") not in self.lex.lemmas and self.lex.ratio(w, "NOUN") < self.noun_threshold:
            return False  # a noun only, and no cue noun for the parse either: "footage", "statement", "criticism"
        return w in self.data.cue_forms or (w not in self.data.not_cues and self.lex.form_ratio(w) >= self.threshold
                                            and w.isalpha())

    def attribute(self, text: str, gate: bool = True) -> list[Attribution]:
        """``gate``: weak cues only in a text that reports someone (:func:`~presswatch.quotes.speaker_checks.reported`)."""
        quotes = quotations(text)
        interview = interview_turns(text)
        not_speakers = non_speakers(interview)
        out: list[Attribution] = []
        for ss, se in sentences(text):
            toks = [(m.start() + ss, m.end() + ss, m.group()) for m in WORD.finditer(text[ss:se])]
            out.extend(a for a in self._sentence(text, ss, se, toks, not_speakers)
                       if not (discourse_marker(text, a) or generic_you(text, a, quotes, interview)))
        # "Basha: The government has lost …" lines, as the parse path finds them (their colon a strong cue)
        out.extend(c for c in colon_attributions(text, out) if named_line(text, c))
        # each attribution one role per token with every cue as sure (the rules' choice between nested
        # ones), then the cue's own weight, as the parse path gives it
        weights = {a.cue: a.weight for a in out}
        found = [replace(a, weight=weights.get(a.cue, 1.0)) for a in
                 _univocal([_with_quotes(text, replace(a, weight=1.0), quotes) for a in out])]
        return reported(text, found) if gate else found

    def _sentence(self, text: str, ss: int, se: int, toks: list[tuple[int, int, str]],
                  not_speakers: frozenset[str]) -> list[Attribution]:
        out: list[Attribution] = []
        low = [t[2].lower() for t in toks]
        for k, (_s, _e, w) in enumerate(toks):
            if low[k] == "according" and k + 1 < len(toks) and low[k + 1] == "to":
                a = self._according(text, ss, se, toks, k)
                if a is not None:
                    out.append(a)
                continue
            if not self.is_cue(w):
                continue
            found = self._verb(text, ss, se, toks, k)
            if found is None:
                continue
            a, frame = found
            weight = self.weight(w, frame)
            if weak_cue(weight) and (not has_a_speaker(text, a, not_speakers) or thing_source_words(text, a)):
                continue  # a weak cue said by nobody: "systems that offer", "If you hope …"
            if passive_words(text, a):
                a = replace(a, source=None)  # "He was told that …": the subject does not speak
            out.append(replace(a, weight=weight))
            if len(out) >= 2:
                break
        return out

    def _np_before(self, toks: list[tuple[int, int, str]], k: int) -> Span | None:
        """The subject noun phrase ending right before token ``k`` (adverbs and auxiliaries skipped):
        a pronoun, a run of names, a determiner phrase ("the port authority", "the foundation's
        director"), or a name with its apposition ("Elira Basha, the leader of the NDP,")."""
        j = k - 1
        while j >= 0 and toks[j][2].lower() in self.data.between:
            j -= 1
        if j < 0:
            return None
        if toks[j][2] == ",":
            # "Elira Basha, the leader of the NDP, said": an apposition between commas
            c = j - 1
            while c >= 0 and toks[c][2] not in (",", "“", "”", "\"", ";", ":") and j - c <= 10:
                c -= 1
            if c >= 1 and toks[c][2] == "," and toks[c + 1][2].lower() in self.data.determiners | {"a", "an"}:
                head = self._np_before(toks, c)
                if head is not None:
                    return head[0], toks[j - 1][1]
            if c >= 0 and toks[c][2] == ",":
                head = self._np_before(toks, c)
                if head is not None and toks[c + 1][2].lower().endswith("ing"):
                    return head  # "A party official, speaking on condition of anonymity, said"
                if head is not None and toks[c + 1][2][:1].isupper():
                    return head[0], toks[j - 1][1]  # "Its chairman, Jonas Feld, said"
            return None
        w = toks[j][2]
        if w.lower() in self.data.pronouns:
            return toks[j][0], toks[j][1]
        if w[:1].isupper() and w not in "“”\"":
            i = j
            while i - 1 >= 0:
                p = toks[i - 1][2]
                if (p[:1].isupper() and p not in "“”\"") or p.lower() in self.data.np_inner or \
                        (p.lower() in self.data.subject_nouns and i - 1 > 0 and toks[i - 2][2].lower() in
                         self.data.np_inner):
                    i -= 1  # "a spokesperson for the Ministry of Energy"
                    continue
                break
            while i < j and toks[i][2].lower() in ("of", "and", "for"):
                i += 1
            return toks[i][0], toks[j][1]
        if not w.isalpha() or w.lower() in self.data.not_cues:
            return None
        # a lower-case head: walk back at most five words to a determiner or a name
        i = j
        while i - 1 >= 0 and j - i < 5:
            p = toks[i - 1][2]
            if p.lower() in self.data.determiners:
                d = i - 1
                # "a spokesperson for the ministry": the role, not the ministry, is the source
                if d >= 2 and toks[d - 1][2].lower() in ("for", "of", "at") and \
                        toks[d - 2][2].lower() in self.data.subject_nouns:
                    d -= 2
                    if d >= 1 and toks[d - 1][2].lower() in self.data.determiners | {"a", "an"}:
                        d -= 1
                return toks[d][0], toks[j][1]
            if not (p.isalpha() or p.endswith(("'s", "’s"))) or p.lower() in self.data.not_cues:
                break
            i -= 1
        if w.lower() in self.data.subject_nouns:
            return toks[j][0], toks[j][1]
        return None

    def _np_after(self, toks: list[tuple[int, int, str]], k: int) -> Span | None:
        j = k + 1
        if j >= len(toks):
            return None
        w = toks[j][2]
        if w.lower() in self.data.pronouns:
            # "…,” he said" / "said she": personal pronouns only ("adding that" is no inversion)
            return (toks[j][0], toks[j][1]) if w.lower() not in ("who", "which", "that", "this") else None
        if not (w[:1].isupper() or w.lower() in self.data.np_inner):
            return None
        i = j
        while i + 1 < len(toks) and (toks[i + 1][2][:1].isupper() or toks[i + 1][2].lower() in self.data.np_inner) \
                and toks[i + 1][2] not in "“”\"":
            i += 1
        while i > j and toks[i][2].lower() in self.data.np_inner:
            i -= 1
        if all(t[2].lower() in self.data.np_inner for t in toks[j:i + 1]):
            return None
        return toks[j][0], toks[i][1]

    def _clause_after(self, toks: list[tuple[int, int, str]], k: int) -> int | None:
        """Index of the first token of the reported clause after the cue at ``k``: past an object of
        "told" and adverbials ("on Tuesday", "in a statement", "to reporters") up to "that", a colon
        or a quotation; for "said" also a clause right after it ("said the vote was rigged")."""
        n = len(toks)
        j = k + 1
        if j < n and toks[j][2] in (",", ":"):
            return j + 1 if j + 1 < n else None
        if j < n and toks[j][2].lower() == "that":
            return j
        if j < n and (toks[j][2] in "“\"" or (toks[j][2][:1].islower() and toks[j][2].lower() not in
                                                 self.data.no_complement and toks[k][2].lower() in self.data.say_verbs)):
            return j
        for i in range(j, min(n, j + 12)):
            w = toks[i][2].lower()
            if w == "that" or toks[i][2] in ":“\"":
                return i if w == "that" or toks[i][2] != ":" else (i + 1 if i + 1 < n else None)
            if w in (".", ";") or (w == "," and i + 1 < n and toks[i + 1][2].lower() not in ("that",)):
                return None
        return None

    def _verb(self, text: str, ss: int, se: int, toks: list[tuple[int, int, str]],
              k: int) -> tuple[Attribution, str] | None:
        """The attribution at the cue ``k`` and the complement frame its content stands in (as spaCy
        would parse it: "ccomp" for a reported clause or a quotation before or after, "xcomp" for
        "to …", "dobj" for an object)."""
        cue = (toks[k][0], toks[k][1])
        before = self._np_before(toks, k)
        prev = toks[k - 1][2] if k else ""
        if before is not None:
            start = self._clause_after(toks, k)
            frame = "ccomp"
            if start is None and toks[k][2].lower() not in self.data.say_verbs | self.data.told_forms \
                    and k + 1 < len(toks) and toks[k + 1][2].isalpha():
                start = k + 1  # "criticized the plan": the object is the content (a paraphrase)
                frame = "xcomp" if toks[start][2].lower() == "to" else "dobj"
            if start is not None:
                content = trim(text, (toks[start][0], se))
                if content is not None and len(text[content[0]:content[1]].split()) >= 3:
                    return Attribution(before, cue, content, content_spans=(content,)), frame
            # "“…,” he said." / "The result is a disgrace, Kola said." — the content comes first
            lead = trim(text, (ss, before[0]))
            if lead is not None and len(text[lead[0]:lead[1]].split()) >= 3 and \
                    text[ss:before[0]].rstrip()[-1:] in (",", "”", "\"", "—", "–"):
                return Attribution(before, cue, lead, content_spans=(lead,)), "ccomp"
            return None
        if (prev in (",", "”", "\"") or k == 0) and not toks[k][2].lower().endswith("ing"):
            after = self._np_after(toks, k)
            if after is not None:
                lead = trim(text, (ss, cue[0]))
                if lead is not None and len(text[lead[0]:lead[1]].split()) >= 3:
                    return Attribution(after, cue, lead, content_spans=(lead,)), "ccomp"
        return None

    def _according(self, text: str, ss: int, se: int, toks: list[tuple[int, int, str]], k: int) -> Attribution | None:
        cue = (toks[k][0], toks[k + 1][1])
        j = k + 2
        end = j
        while end < len(toks) and toks[end][2] not in (",", ";", "“", "\"", "(", "–", "—"):
            end += 1
        if end == j:
            return None
        source = (toks[j][0], toks[min(end, len(toks)) - 1][1])
        if end + 1 < len(toks) and toks[end][2] == "," and toks[end + 1][2][:1].isupper():
            # "According to the foundation's director, Teuta Marku, the level …": the name belongs to it
            nxt = end + 1
            while nxt < len(toks) and toks[nxt][2][:1].isupper() and nxt - end <= 4:
                nxt += 1
            if nxt < len(toks) and toks[nxt][2] == "," and nxt - end >= 3:
                source = (toks[j][0], toks[nxt - 1][1])
                end = nxt
        if k == 0 or (k > 0 and text[ss:cue[0]].strip() == ""):
            content = trim(text, (toks[end][0] if end < len(toks) else source[1], se))
        else:
            content = trim(text, (ss, cue[0]))
        if content is None or len(text[content[0]:content[1]].split()) < 2:
            return None
        return Attribution(source, cue, content, content_spans=(content,))


def attribute_rules(text: str, attributor: RuleAttributor | None = None, gate: bool = True) -> list[Attribution]:
    return (attributor or RuleAttributor()).attribute(text, gate)
