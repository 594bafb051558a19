"""Blocks of a page's text with offsets and the cheap signals page anatomy decides on.

A block is one line of trafilatura's main text (HTML) or one blank-line-separated paragraph of a text
dump. Blocks that glue an image file name or alt text in front of a title are split in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from presswatch.anatomy.markers import Markers, norm

MARKER = re.compile(r"^\s*(?P<m>#\d{1,3}\b|(?:[-–—•·*▪►▸→✓✔■□◆◇○●❖➤>+#~=»]\s*){1,4}|\d{1,3}[.)](?!\d)|\(\d{1,3}\)|[a-z][.)]\s)\s*")
FILENAME = re.compile(r"^\s*(?:[\w-]*_[\w-]*|IMG[\w-]*|DSC[\w-]*|[\w-]+)\.(?:jpe?g|png|gif|webp|svg|avif|tiff?)",
                      re.IGNORECASE)
FILENAME_ANY = re.compile(r"[\w-]+\.(?:jpe?g|png|gif|webp|svg|avif)\b", re.IGNORECASE)
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
GLUE = re.compile(r"[a-zë](?=[A-ZÇË][a-zë])")
CODE = re.compile(r"[{}\[\]=<>]|;(?!\s+\w)|\(\)|//")   # "prices rise; households save" is a headline
# a related post's title cut short by the site: "Why the budget will not reach the villages…"
CUT_TITLE = re.compile(r"^[^…]{6,}?[^\s.!?,;:…](?:…|\.\.\.)['\"”’»]*$")
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÇË]")
MAX_CUT_TITLE_WORDS = 14
CAMEL_OK = re.compile(r"(?:Mc|Mac|iP|eB|YouT|LinkedI|WhatsA|TikT|PlayS|JavaS|GitH|PayP)$")
END_PUNCT = re.compile(r"[.!;:,…。۔]['\"”’»)]*$")
NAV_SEP = re.compile(r"\s*(?:›|»|>|/|\||·|•)\s*")


@dataclass(frozen=True)
class SiteHints:
    """Optional per-site hints from ``[anatomy.sites."host"]`` (normalized lines)."""

    boilerplate: frozenset[str] = frozenset()
    read_more: frozenset[str] = frozenset()


@dataclass
class Block:
    index: int
    start: int
    end: int
    text: str
    script: str = "latin"        # "latin", "arabic", "none"
    marker: str | None = None    # normalized leading marker ("-", "N.", "■", ...)
    gap_before: bool = False     # a blank line before it
    flags: set[str] = field(default_factory=set)
    lang: str | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


def script_of(text: str) -> str:
    a = len(ARABIC.findall(text))
    latin = len(LATIN.findall(text))
    if a == 0 and latin == 0:
        return "none"
    return "arabic" if a > latin else "latin"


def marker_of(text: str) -> str | None:
    m = MARKER.match(text)
    if not m or m.end() >= len(text.rstrip()):
        return None
    raw = m.group("m").strip()
    raw = re.sub(r"\d+", "N", raw)
    raw = re.sub(r"^[a-z]([.)])$", r"a\1", raw)
    return re.sub(r"\s+", "", raw)


def _raw_blocks(text: str, dump: bool) -> Iterable[tuple[int, int, bool]]:
    """(start, end, gap_before) of each block; text dumps split at blank lines, then at marker lines."""
    if dump:
        # one text node per line: a saved page keeps every element on a line of its own
        prev_end = 0
        for m in re.finditer(r"[^\n]+", text):
            if m.group().strip():
                yield m.start(), m.end(), m.start() == 0 or "\n\n" in text[prev_end:m.start()].replace(" ", "")
                prev_end = m.end()
    else:
        prev_end = 0
        for m in re.finditer(r"[^\n]+", text):
            if m.group().strip():
                yield m.start(), m.end(), "\n\n" in text[prev_end:m.start()]
                prev_end = m.end()


def split_glued(text: str, alts: frozenset[str]) -> int:
    """Length of an image file name / alt text glued in front of a title, or 0."""
    m = FILENAME.match(text)
    if m and m.end() < len(text):
        return m.end()
    head = text[:160]
    for alt in alts:   # alt text (from the HTML) glued in front of a title
        if len(alt) >= 8 and head.startswith(alt) and len(text) > len(alt) + 3 \
                and not text[len(alt)].isspace() and is_title_like(text[len(alt):].split("\n")[0]):
            return len(alt)
    # script change with no space: "تظاهرات در تهرانProtesters in Tehran"
    mixed = bool(ARABIC.search(head)) and bool(LATIN.search(head))
    for i in range(4, min(len(head), 140) if mixed else 0):
        a, b = text[i - 1], text[i]
        if a.isalpha() and b.isalpha() and bool(ARABIC.match(a)) != bool(ARABIC.match(b)):
            if text[:i].count(" ") >= 1 and len(text) - i > 12:
                return i
            break
    # lower-case letter or full stop glued to a capital: "Police in the squareProtests continue"
    if len(text) > 250:
        return 0
    for g in GLUE.finditer(head):
        i = g.end()
        token_start = text.rfind(" ", 0, i) + 1
        if CAMEL_OK.search(text[token_start:i + 1]) or text[:i].count(" ") < 2 \
                or re.search(r"[|:,/.!?\"“”()]", text[:i]) or not is_title_like(text[i:].split("\n")[0]):
            continue
        return i
    return 0


def make_blocks(text: str, *, dump: bool, markers: Markers, alts: frozenset[str] = frozenset(),
                captions: frozenset[str] = frozenset(), hints: SiteHints | None = None) -> list[Block]:
    """Blocks of ``text``. ``alts``: image alt/title texts (split off when glued in front of a title);
    ``captions``: figure captions (a block equal to one is a caption; an alt text equal to a paragraph
    is the paragraph, since alt texts often repeat a sentence of the article)."""
    from presswatch.anatomy.glue import glue_cut

    blocks: list[Block] = []
    raw = list(_raw_blocks(text, dump))
    page_markers: frozenset[str] = frozenset()
    if dump:   # list markers that start two or more lines, or appear glued behind a caption
        found = [marker_of(text[s:e].lstrip()) for s, e, _ in raw]
        counts: dict[str, int] = {}
        for mk in found:
            if mk:
                counts[mk] = counts.get(mk, 0) + 1
        page_markers = frozenset(mk for mk, c in counts.items() if c >= 2)
    for s, e, gap in raw:
        while text[s].isspace():
            s += 1
        piece = text[s:e]
        cut = split_glued(piece, alts) if len(piece) < 400 or dump else 0
        if dump and not cut:
            cut = glue_cut(piece, markers, page_markers, is_title_like)
        parts = [(s, s + cut, {"glued_caption"}), (s + cut, e, set())] if cut else [(s, e, set())]
        for j, (ps, pe, flags) in enumerate(parts):
            while pe > ps and text[pe - 1].isspace():
                pe -= 1
            while ps < pe and text[ps].isspace():
                ps += 1
            if pe <= ps:
                continue
            t = text[ps:pe]
            b = Block(len(blocks), ps, pe, t, script_of(t), marker_of(t), gap and j == 0, set(flags))
            blocks.append(b)
    for b in blocks:
        b.flags |= block_flags(b, markers, captions)
        if hints is not None:
            key = norm(b.text)
            if key in hints.boilerplate:
                b.flags.add("nav")
            if key in hints.read_more:
                b.flags.add("read_more")
    return blocks


def is_title_like(t: str) -> bool:
    s = t.strip()
    # a closing aside does not end a headline: "… in Tirana (aka MKO, NCRI, Rajavi cult …)"
    bare = re.sub(r"\s*\([^()]{1,60}\)$", "", s) if s.endswith(")") else s
    if len(bare) < 12:
        bare = s
    cut_title = bool(CUT_TITLE.match(s)) and len(s.split()) <= MAX_CUT_TITLE_WORDS \
        and not SENTENCE_BREAK.search(s)
    if not (6 <= len(s) <= 200) or len(s.split()) > 28 or (END_PUNCT.search(bare) and not cut_title) \
            or CODE.search(s):
        return False
    first = s.lstrip("\"'“«([")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or bool(ARABIC.match(first)))


def share_like(low: str, markers: Markers) -> bool:
    """Whether a short line is mostly share/social words ("Share: Facebook | Twitter | WhatsApp")."""
    letters = sum(c.isalpha() for c in low)
    if not letters:
        return False
    rest = f" {re.sub(r'[|,/•·:()]+', ' ', low)} "
    for phrase in sorted(markers.phrases["share"], key=len, reverse=True):
        if f" {phrase} " in rest:
            rest = rest.replace(f" {phrase} ", "  ")
    rest = re.sub(r"\(?\d+\)?", " ", rest)
    return sum(c.isalpha() for c in rest) <= 0.3 * letters


def block_flags(b: Block, markers: Markers, captions: frozenset[str]) -> set[str]:
    t = b.text.strip()
    low = norm(t)
    flags: set[str] = set()
    if not re.search(r"\w", t) or re.fullmatch(r"[\W_]*", low or "_"):
        flags.add("separator")
        return flags
    short = len(t) <= 80
    from presswatch.anatomy.attribution import translator_of
    if short and translator_of(t) is not None:
        flags.add("translator")     # "Translated by X": a byline of the translator, not an announcement
        if is_title_like(t):
            flags.add("title_like")
        return flags
    bare = low.rstrip(":").strip()
    if short and (bare in markers.phrases["end"]):
        flags.add("end")
        return flags
    if short and (markers.starts_norm("link", low) is not None):
        flags.add("link")
        return flags
    if short and bare in markers.phrases["language_heads"]:
        flags.add("translation")
        flags.add("language_head")
        return flags
    if re.fullmatch(r"https?://\S+|www\.\S+", t):
        flags.add("url")
        return flags
    if short:
        for role in ("read_more", "translation", "original", "digest_heading"):
            w = markers.starts_norm(role, low)
            if low in markers.phrases[role]:
                flags.add(role)
            elif role in ("translation", "original") and w and len(t.split()) <= len(w.split()) + 4 \
                    and not END_PUNCT.search(t.rstrip(":").rstrip()) and not re.search(r"[.!?؟]\s", t):
                flags.add(role)
            elif w and len(t.split()) <= len(w.split()) + 5 and role != "digest_heading":
                flags.add(role + "_inline" if len(low) > len(w) + 2 else role)
            elif role == "digest_heading" and w and len(t.split()) <= 8 and not END_PUNCT.search(t):
                flags.add(role)
            elif role in ("digest_heading", "read_more") and len(t.split()) <= 5 and not END_PUNCT.search(t.rstrip(":")) \
                    and any(f" {p} " in f" {low} " for p in markers.phrases[role] if len(p) > 4):
                flags.add(role)
    # "Read more: <title>" one-line teaser
    if (w := markers.starts_norm("read_more", low)) and len(low) > len(w) + 8 and len(t) < 250:
        flags.add("read_more_inline")
    if len(t) <= 150 and share_like(low, markers):
        flags.add("share")
    if short and (low in markers.phrases["nav"] or low in markers.phrases["share"]):
        flags.add("nav")
    parts = [p for p in NAV_SEP.split(t) if p.strip()] if len(t) <= 150 else []
    if len(parts) >= 2 and re.search(r"[›»>]", t) and len(t) <= 150 and all(len(p.split()) <= 4 for p in parts) \
            and any(norm(p) in markers.phrases["nav"] for p in parts):
        flags.add("nav")
    if len(parts) >= 3 and len(t) <= 150 and all(len(p.split()) <= 4 for p in parts) \
            and not END_PUNCT.search(t) and sum(norm(p) in markers.phrases["nav"] for p in parts) >= 1:
        flags.add("nav")
    if len(parts) >= 2 and len(t) <= 80 and all(norm(p) in markers.phrases["nav"] | markers.phrases["share"]
                                                for p in parts):
        flags.add("nav")     # "Log in | Register", "Unsubscribe · Manage preferences"
    if re.match(r"^(tags|etiketa|برچسب)", low) and len(t) < 200:
        flags.add("nav")
    if "©" in t or re.match(r"^(copyright|all rights reserved)", low):
        flags.add("nav")
    if "glued_caption" in b.flags or (FILENAME_ANY.search(t) and len(t) < 200):
        flags.add("caption")
    if markers.starts_norm("caption", low) and len(t) < 300 and re.match(r"^\W*\w+(\s+\w+)?\s*[:/]", t):
        flags.add("caption")
    if re.match(r"^\(?(photo|foto|عکس|image|credit)\b.*\)?$", low) and len(t) < 200:
        flags.add("caption")
    if t in captions:
        flags.add("caption")
    if is_title_like(t):
        flags.add("title_like")
        if len(t.split()) <= 14 and any(len(p) >= 6 and f" {p} " in f" {low} " for p in markers.phrases["digest_heading"]):
            flags.add("digest_title")    # "Iran Interlink Weekly Digest – November 03, 2017"
    if len(t) > 300:   # running text is never a share line, menu or caption, whatever it mentions
        flags -= {"share", "nav", "caption"}
    return flags
