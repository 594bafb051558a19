"""Which candidate attributions report someone, on both English paths (the parse's
:mod:`presswatch.quotes.attribute` and the rules' :mod:`presswatch.quotes.attribute_rules`): weak cues
only with a speaker and only on a page that reports someone, cues that report nobody (an imperative, a
purpose infinitive, the writer's modal passive, a label before a colon), attributions held to their
paragraph, the reader's "you" except in an interview, and "Name: text" lines. Tuned on PolNeAR train and
the real-page samples (docs/decisions.md, "Who said it on real pages", quotes10, quotes11)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from presswatch.lang.data import LangDataError, file_text, read
from presswatch.quotes.lexicon import weak_cue
from presswatch.quotes.rules_data import load_rules_data
from presswatch.quotes.spans import SUBJECT_DEPS, Attribution, trim

HEADLINE_SOURCE = re.compile(r"(?m)^([A-Z][\w.’'&-]*(?:\s+(?:[A-Z][\w.’'&-]*|of|the|de|al)){0,4})(\s*:)[ \t]+(\S[^\n]{8,}?)[.]?[ \t]*$")


def reported(text: str, attrs: list[Attribution]) -> list[Attribution]:
    """A text that reports what someone said (at least one attribution with a strong cue, "according
    to" or a "Name: text" line) keeps its weak cues' attributions; a text without any (a product page,
    a how-to: "Drops focuses solely on vocabulary", "ITS are offering customized training") keeps none
    of them: there a weak cue is a verb like any other."""
    def strong(a: Attribution) -> bool:
        return not weak_cue(a.weight) or (a.cue is not None and text[a.cue[0]:a.cue[1]] == ":")
    if any(strong(a) for a in attrs):
        return attrs
    return []


def no_speaker_here(text: str, tok: Any, a: Attribution) -> bool:
    """Cues that report nobody, whatever their weight (tuned on PolNeAR train and the real-page tuning
    sample, docs/decisions.md "quotes11"): a source-less "to"-infinitive that modifies a noun or a clause
    ("sends a signal to the receiver to indicate which circuit"); a passive with a modal, the writer's own
    note ("It must be noted that", "should be considered"); a weak cue whose "source" is a label with a
    colon right after it ("Pros: Shows more detail"; not "we've entered a new era: of X, acknowledging")."""
    if tok.pos_ != "VERB":
        return False
    if a.source is None and tok.dep_ in ("acl", "relcl", "advcl") and tok.head.pos_ != "ADJ" and \
            any(c.tag_ == "TO" for c in tok.children):
        return True
    if any(c.dep_ == "auxpass" for c in tok.children) and any(
            c.dep_ == "aux" and c.lower_ in load_rules_data().writer_modals for c in tok.children):
        return True
    return weak_cue(a.weight) and a.source is not None and text[a.source[1]:tok.idx].strip().startswith(":")


def within_paragraphs(text: str, a: Attribution) -> Attribution | None:
    """The attribution held to the cue's paragraph, or None: a cue that runs over a blank line, or a
    reported (not quoted) content that starts in a later paragraph than its cue, is the parse joining a
    heading or a list item to the next one ("Frequently asked questions …" + the next paragraph, "The IRS
    estimates 4 to 6 weeks." + the next item). A source that runs over one keeps its part after the last
    blank line ("Basha: …" + "The Green Horizon Foundation found that …"); a weak cue whose source then
    still ends in an earlier paragraph than the cue has nobody to say it. A quotation opening the next
    paragraph ("said:" then "“…”") stays."""
    if a.cue is not None and "\n\n" in text[a.cue[0]:a.cue[1]]:
        return None
    if a.cue is not None and a.content is not None and a.content[0] >= a.cue[1] and not a.direct and \
            "\n\n" in text[a.cue[1]:a.content[0]]:
        return None
    if a.source is None or a.cue is None:
        return a
    cue = a.cue
    s, e = a.source
    cut = text.rfind("\n\n", s, e)
    if cut >= 0:
        source = trim(text, (cut + 2, e))
        if source is None:
            return None if weak_cue(a.weight) else replace(a, source=None)
        a = replace(a, source=source)
        s, e = source
    if weak_cue(a.weight) and e <= cue[0] and "\n\n" in text[e:cue[0]]:
        return None
    return a


def non_speakers(interview: bool) -> frozenset[str]:
    """The sources of a weak cue that are nobody speaking (lang/en/quotes.toml, ``[attribution]``): a
    relative "that"/"which", and the reader's "you" except in an interview, where "you" is the one asked."""
    data = load_rules_data()
    return data.relative_things if interview else data.not_speakers


def has_a_speaker(text: str, a: Attribution, not_speakers: frozenset[str]) -> bool:
    """A weak cue ("offer", "show", "find", "add to") is an attribution only with a speaker: not without
    a source ("It must be noted that", "to indicate which"), not with a relative "that"/"which" whose
    antecedent is a thing ("systems that offer flexibility"), not with the reader's "you"."""
    if a.source is None:
        return False
    return text[a.source[0]:a.source[1]].lower() not in not_speakers


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """The common nouns that headed a gold source on PolNeAR train ("official", "poll", "study", "report";
    ``lang/en/source_nouns.tsv``, bench/learn_sources.py). A missing or empty list is an error: without it
    every common noun would be a thing."""
    text = file_text("en", "source_nouns.tsv")
    nouns = frozenset(line.split("\t")[0] for line in (text or "").splitlines() if line and not line.startswith("#"))
    if not nouns:
        raise LangDataError("presswatch/lang/en/source_nouns.tsv is missing or empty")
    return nouns


@dataclass(frozen=True)
class PeopleNouns:
    roles: frozenset[str]       # [speakers] role_nouns
    suffixes: tuple[str, ...]   # [attribution] people_suffixes
    things: frozenset[str]      # [attribution] suffix_things
    bodies: frozenset[str]      # [attribution] people_bodies


@lru_cache(maxsize=1)
def people_nouns() -> PeopleNouns:
    data = read("en", "quotes")

    def lst(section: str, key: str) -> list[str]:
        return [str(w).lower() for w in data.get(section, {}).get(key, ())]

    return PeopleNouns(frozenset(lst("speakers", "role_nouns")), tuple(lst("attribution", "people_suffixes")),
                       frozenset(lst("attribution", "suffix_things")), frozenset(lst("attribution", "people_bodies")))


def _singulars(w: str) -> set[str]:
    out = {w}
    if w.endswith("ies"):
        out.add(w[:-3] + "y")
    if w.endswith("s"):
        out.add(w[:-1])
    if w.endswith("es"):
        out.add(w[:-2])
    if w.endswith("men"):
        out.add(w[:-3] + "man")
    return out


def people_noun(w: str) -> bool:
    """Does the lower-case noun ``w`` name people (quotes14)? A role noun ("mayor", "chief"), a body of
    people ("jury", "board", "government"), or a noun with an agent suffix ("doctors", "farmers", "regulator",
    "scientist", "physician", "applicant", "residents", "chairmen", "people"), singular or plural, that is none
    of the things with such a suffix ("computer", "monitor", "list", "plant"; never a "-ment" noun)."""
    data = people_nouns()
    forms = _singulars(w)
    if forms & (data.roles | data.bodies):
        return True
    return any(f.endswith(data.suffixes) and len(f) > 4 and f not in data.things and not f.endswith("ment")
               for f in forms)


def a_thing(lemma: str) -> bool:
    """Is a source headed by the common noun ``lemma`` a thing that says nothing ("This style focuses on",
    "The widespread adoption of analytics emphasizes", "These posts appear")? A noun no PolNeAR source was
    headed by and that names no people (:func:`people_noun`: "doctors", "the jury", "the regulator"); "%" is
    "percent" ("41% of employers plan to")."""
    w = "percent" if lemma == "%" else lemma.lower()
    if lemma != "%" and not w.isalpha():
        return False
    return w not in source_nouns() and not people_noun(w)


def thing_source_parsed(doc: Any, a: Attribution) -> bool:
    """:func:`a_thing` for the head of the parse's source (a common noun; names and pronouns never are).
    A capitalised head is a name the parser took for a noun ("Noem doubled down"), unless it opens its
    sentence as a plural ("Posts appear", judged as "post"); so is a head in an entity."""
    if a.source is None:
        return False
    span = doc.char_span(a.source[0], a.source[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    if root.pos_ != "NOUN" or root.ent_type_:
        return False
    if root.text[:1].isupper() and not (root.i == root.sent.start and root.lemma_.lower() != root.lower_):
        return False
    return a_thing(root.lemma_) and a_thing(root.lower_)


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:;"


def thing_source_words(text: str, a: Attribution) -> bool:
    """:func:`a_thing` without a parse (the rules path): the head of the source, its last word before a
    preposition ("The widespread adoption of analytics in SaaS": "adoption"), in lower case, as it stands or
    without a plural "s" ("posts"); an adverb or an "-ing" form there is no head to judge. As on the parse
    path, a capitalised head is a name, unless it opens its sentence as a plural ("Posts appear": "posts")."""
    if a.source is None:
        return False
    words = text[a.source[0]:a.source[1]].split()
    data = load_rules_data()
    cut = next((i for i, w in enumerate(words) if i > 0 and w in data.head_ends), len(words))
    words = words[:cut]
    if not words:
        return False
    w = words[-1].strip(".,;:!?\"“”()")
    if len(words) == 1 and w[:1].isupper() and w[1:].islower() and w.endswith("s") and \
            _opens_sentence(text, a.source[0]):
        w = w.lower()  # "Doctors found", "Posts appear": a common noun capitalised by its place
    if not w.isalpha() or not w.islower() or w in data.pronouns or w.endswith(("ly", "ing")):
        return False  # a source the rules ran past its head ("The nominee aggressively", "… began taking")
    return a_thing(w) and not (w.endswith("s") and not a_thing(w[:-1])) and \
        not (w.endswith("ies") and not a_thing(w[:-3] + "y"))


def generic_you(text: str, a: Attribution, quotes: list[tuple[int, int]], interview: bool) -> bool:
    """The reader's "you" as anyone, outside a quotation and not in an interview: after a subordinating
    word ("When you are seeking a certificate that …") or with a modal before its cue ("why you can't
    possibly expect to get much out of it"); whatever the cue, nobody is reported. A "you" that makes a
    claim of its own ("You claim that …", quotes10) stays."""
    if interview or a.source is None or a.cue is None or a.cue[0] < a.source[1]:
        return False
    if text[a.source[0]:a.source[1]].lower() not in load_rules_data().reader:
        return False
    if any(q0 <= a.source[0] < q1 for q0, q1 in quotes):
        return False
    data = load_rules_data()
    before = text[max(0, a.source[0] - 12):a.source[0]].split()
    between = {w.lower() for w in text[a.source[1]:a.cue[0]].split()}
    return bool((before and before[-1].lower().strip(",") in data.generic_you_after) or between & data.generic_you_modals)


def discourse_marker(text: str, a: Attribution) -> bool:
    """"That said, the design is …", "This said, …": a sentence that opens with a demonstrative and a cue
    and a comma is a discourse marker (the writer goes on), no one's attribution."""
    if a.source is None or a.cue is None or text[a.source[0]:a.source[1]].lower() not in ("that", "this"):
        return False
    before = text[:a.source[0]].rstrip(" \t\"“")
    opens = not before or before[-1] in ".!?\n:;"
    return opens and text[a.source[1]:a.cue[0]].strip() == "" and text[a.cue[1]:].lstrip(" ").startswith(",")


def interview_turns(text: str) -> bool:
    """Is ``text`` an interview in questions and answers ("Q: … A: …", "Interviewer: …")? At least
    :data:`MIN_TURNS` lines open with a turn label of lang/en/quotes.toml (``interview_turns``), one of
    them a question's (``question_turns``)."""
    data = load_rules_data()
    labels = [m.group(1).lower() for m in TURN.finditer(text)]
    turns = [w for w in labels if w in data.interview_turns]
    return len(turns) >= MIN_TURNS and any(w in data.question_turns for w in turns)


# a line's first word and the colon, full stop or dash after it ("Q:", "A.", "Interviewer –")
TURN = re.compile(r"(?m)^[ \t]*\**([A-Za-z]+)\**[ \t]*(?::|\.(?=[ \t])|[ \t][–—-](?=[ \t]))")
MIN_TURNS = 2


def imperative(tok: Any) -> bool:
    """"Remember, this formula gives an estimate", "Consider that …": the reader is told, nobody says."""
    return tok.tag_ == "VB" and (tok.dep_ in ("ROOT", "parataxis") or tok.i == tok.sent.start) and not any(
        c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in tok.children)


def named_claim(doc: Any, a: Attribution) -> bool:
    """A "Name: text" line is an attribution when the name is a proper name and the text a clause with
    a subject ("Graham: Trump's rhetoric is hateful"), not a label and its value ("Cost: $98 a month",
    "Pros: Shows more detail", "Client Wins: Bossman, Cup & Leaf")."""
    assert a.source is not None and a.content is not None
    src = doc.char_span(a.source[0], a.source[1], alignment_mode="expand")
    con = doc.char_span(a.content[0], a.content[1], alignment_mode="expand")
    if src is None or con is None or not all(t.pos_ == "PROPN" for t in src):
        return False
    return any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in con)


def named_line(text: str, a: Attribution) -> bool:
    """:func:`named_claim` without a parse (the rules path): the name is no label of lang/en/quotes.toml
    (``line_labels``: "Cost", "Pros", "Note") and does not open with one ("Price range:", "Photo credit:",
    "Best For Beginners:"; "Mark Price:" is a name), and the text holds a finite verb of ``line_verbs``
    after its first word ("Basha: The government has lost …", not "Cost: $98 a month", "Pros: Shows more detail")."""
    assert a.source is not None and a.content is not None
    data = load_rules_data()
    name = text[a.source[0]:a.source[1]].lower().split()
    # the name or its first words are a label, of one word or several ("best for", "bottom line")
    if any(" ".join(name[:n]) in data.line_labels for n in range(1, len(name) + 1)):
        return False
    words = [w.strip(".,;:!?\"“”()").lower() for w in text[a.content[0]:a.content[1]].split()]
    return len(words) > 2 and any(w in data.line_verbs for w in words[1:])


# "Name: text" lines from which on a block of them is a list
MIN_LIST = 4
# and the other lines of a page with such a block that are more of it
MIN_LIST_AFTER = 2


def label_list(names: list[str], least: int = MIN_LIST) -> bool:
    """Are the "Name: text" lines of one block of consecutive lines, with these names, the labels of a list
    (a glossary, a list of factors or of courses: "Group Size: …", "Session Length: …", "Travel Costs: …")?
    At least :data:`MIN_LIST` of them, most with a name no other line has. An interview's or a transcript's
    names come back line after line ("Q:", "A:", "Kola:"), a headline's is one line."""
    if len(names) < least:
        return False
    seen: dict[str, int] = {}
    for n in names:
        seen[n.lower()] = seen.get(n.lower(), 0) + 1
    return sum(1 for n in names if seen[n.lower()] == 1) * 2 > len(names)


def named_elsewhere(text: str, name: str, starts: set[int]) -> bool:
    """Is the one-word ``name`` of a "Name: text" line the surname of a person the text names in full
    elsewhere, with a capitalised word right before it ("… came from Elira Basha and Edi Rama")? Then
    the line is that person's, never a label (quotes14: a reaction round-up "Basha: …", "Kola: …"). Not a
    name the text only repeats as it stands ("… the Craft Music …", a heading of a list of products)."""
    if " " in name or name.lower() in load_rules_data().line_labels:
        return False
    for m in re.finditer(r"(?<![\w’'-])" + re.escape(name) + r"(?![\w’'-])", text):
        if m.start() in starts:
            continue
        given = re.search(r"(?:^|[\s(“\"‘'])([A-Z][a-z]+)[ \t]+$", text[max(0, m.start() - 40):m.start()])
        if given is None:
            continue
        if given.group(1).lower() not in load_rules_data().determiners:
            return True
    return False


def colon_attributions(text: str, taken: list[Attribution]) -> list[Attribution]:
    """"Graham: Trump's rhetoric is hateful" — a line that opens with a name and a colon (headlines,
    interview transcripts): the name is the source, the colon the cue, the rest of the line the content.
    A block of consecutive such lines that is a list of labels (:func:`label_list`) gives none, and lines
    outside it are not counted with it (quotes14: a spec box "Price:", "Size:", … does not remove "Rama: The
    government …" further down); the other lines are counted over the page (a list whose items each have a
    paragraph). A line whose name is the surname of a person the text names (:func:`named_elsewhere`) is
    never a label."""
    out = []
    lines = [m for m in HEADLINE_SOURCE.finditer(text) if not (m.group(1).isupper() and len(m.group(1)) > 3)]
    starts = {m.start(1) for m in lines}
    named = {m.start(1) for m in lines if named_elsewhere(text, m.group(1), starts)}
    blocks: list[list[re.Match[str]]] = []
    for m in lines:
        if blocks and not text[blocks[-1][-1].end():m.start()].strip():
            blocks[-1].append(m)
        else:
            blocks.append([m])
    dropped: set[int] = set()
    for block in blocks:
        labels = [m for m in block if m.start(1) not in named]
        if label_list([m.group(1) for m in labels]):
            dropped |= {m.start(1) for m in labels}
    # the labels of a list spread over the page (an item, its paragraph, the next item) still count together,
    # without the blocks already judged a list; on a page that has one, two more lines with labels of their
    # own are more of it ("Treadmill Falls: …", "Weightlifting Accidents: …" above such a block), one is not
    rest = [m for m in lines if m.start(1) not in named and m.start(1) not in dropped]
    if label_list([m.group(1) for m in rest], MIN_LIST_AFTER if dropped else MIN_LIST):
        dropped |= {m.start(1) for m in rest}
    for m in lines:  # not "WASHINGTON:", "UPDATE:": a dateline or label
        if m.start(1) in dropped:
            continue
        src, cue, content = (m.start(1), m.end(1)), (m.end(2) - 1, m.end(2)), (m.start(3), m.end(3))
        if any(a.cue is not None and a.cue[0] < content[1] and content[0] < a.cue[1] for a in taken):
            continue
        out.append(Attribution(src, cue, content, content_spans=(content,), weight=0.5))
    return out


def passive_patient(tok: Any, cue_below: Any) -> bool:
    """Is the parse's source of the cue ``tok`` the patient of a passive, not the speaker? A passive cue
    (a passive subject or auxiliary of its own) with no "by …" agent ("Their relatives were branded as agents", "He was told
    that …", "was ordered to stop"), or a participle modifying a noun ("the camp, known as …"): PolNeAR
    train gives such cues no source. Not when a reporting verb hangs from it ("X was quoted as saying",
    "X is reported to have called"; ``cue_below(token)``: is that token a cue), where the subject speaks."""
    if tok.pos_ != "VERB" or any(c.dep_ == "agent" for c in tok.children):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
    if not passive:
        return False
    below = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    below += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
              if g.dep_ == "pcomp" and g.pos_ == "VERB"]
    return not any(cue_below(v) for v in below)


def passive_words(text: str, a: Attribution) -> bool:
    """:func:`passive_patient` without a parse (the rules path): a be-form right before the cue word (past
    the adverbs the rules let stand there), the cue a participle (in "-ed" or of ``participles``), or a
    naming participle right after its noun ("the camp known as …"); no "by" right after it, and not
    "quoted as saying", "reported to have" (``speaker_passive_after``)."""
    if a.source is None or a.cue is None or a.cue[0] < a.source[1]:
        return False
    data = load_rules_data()
    between = text[a.source[1]:a.cue[0]].lower().split()
    words = [w for w in between if (w not in data.between or w in data.be_forms) and not w.endswith("ly")]
    cue = text[a.cue[0]:a.cue[1]].lower().split()
    verb = cue[0] if cue else ""
    rest = text[a.cue[1]:a.cue[1] + 60].lstrip()
    after = " ".join(text[a.cue[0]:a.cue[0] + 60].lower().split()[1:3])
    if after.startswith("by") or after in data.speaker_passive_after:
        return False
    if not words or words[-1].strip(",") == "":
        # a naming participle after its noun ("the camp in Manza known as …", "an article titled “…”"), no
        # perfect ("has known"), and not after a pronoun ("I’d known", "We’ve known"); "known" is never a past
        # tense, the others only after a common noun ("a website called “…”", not "Mr. Hedge called “…”") and
        # with "as" or a quotation after them
        last = text[a.source[0]:a.source[1]].split()[-1]
        if verb not in data.naming_forms or any(w in ("has", "have", "had") for w in between) or \
                last.lower() in data.pronouns or "’" in last or "'" in last:
            return False
        if verb == "known":
            return True
        return last.isalpha() and last.islower() and (
            (rest[:1] != "" and rest[:1] in "“‘\"'") or rest.lower().startswith(("as ", "to as ")))
    if words[-1] not in data.be_forms:
        return False
    return verb.endswith("ed") or verb in data.participles


def stored_claim(text: str, a: Attribution) -> bool:
    """Is the attribution a claim to store as a quote? PolNeAR counts two kinds that are none (they stay
    attributions, bench/attribution.py scores them): a naming cue with no source ("the camp, known as …",
    "were branded as agents", "is titled …"; ``naming_forms``), and a cue ending in a preposition of
    ``topic_preps`` right before a reported noun phrase (or a content that opens with one of them but "to"
    and "of"), the topic and not what was said ("responded to this question, which …", "asked about the
    budget", "reported on their activities"); a quotation, a clause ("asked about how …", "pointed to what
    …") or an "-ing" form after it stays."""
    if a.cue is None or a.content is None:
        return True
    data = load_rules_data()
    cue = text[a.cue[0]:a.cue[1]].lower().split()
    if a.source is None and any(w.strip(".,;:") in data.naming_forms for w in cue):
        return False
    if a.direct or not cue or " ".join(cue[-2:]) == "according to":
        return True
    if a.content[0] < a.cue[1] or text[a.cue[1]:a.content[0]].strip():
        return True
    words = [w.lower().strip("“\"‘'(") for w in text[a.content[0]:a.content[1]].split()[:2]]
    if cue[-1] not in data.topic_preps:
        # the rules' content may hold the preposition ("reported" + "on their activities"); not "to" or "of"
        # there, which open an infinitive or a partitive as often ("asked" + "to host them")
        if len(words) < 2 or words[0] not in data.topic_preps or words[0] in ("to", "of"):
            return True
        words = words[1:]
    return words[0] in data.clause_openers or words[0].endswith("ing")
