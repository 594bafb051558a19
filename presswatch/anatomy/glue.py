"""Where a text dump's line glues an image caption, alt text or file name in front of the real text.

Saved pages lose the element boundaries: "…National Security IssueFax Web, Albania, January 11 2020:…",
"Maryam_Rajavi_…_2019BBC: The Strange World…", "…rajavi cult mek mko ncri++ Homeira Mohammad Nejad
from…", "Nobody Can Be “Comfortable”…MEKNobody Can Be “Comfortable”…". A glue point is a letter, digit
or full stop followed by a capital with no space (or a run of capitals followed by a capitalised word);
it is taken only with evidence about what follows it: a dateline or attribution head, a list marker
that starts other lines of the page, the same title twice, or a title after a caption-shaped prefix.
"""

from __future__ import annotations

import re

from presswatch.anatomy.bylines import find_date, parse_head
from presswatch.anatomy.markers import Markers

GLUE_POINT = re.compile(r"(?<=[a-zë\d.’'])(?=[A-ZÇË][a-zëç’'])|(?<=[a-zë])(?=[A-Z]{2,}\b)|(?<=[A-Z]{2})(?=[A-Z][a-zë])|(?<=\d)(?=[A-Z]{2,})")
MARKER_AT = re.compile(r"(?:\+\+|--|[•·▪►■]|\d{1,2}[.)])\s+\S")
CAMEL_OK = re.compile(r"(?:Mc|Mac|iP|eB|YouT|LinkedI|WhatsA|TikT|PlayS|JavaS|GitH|PayP|PowerP|McD)$")
SENTENCE = re.compile(r"[.!?;]\s+[a-zë]|[^\W\d_]{4,}[.!?]\s+\S.*[^\W\d_]{4,}[.!?]\s")
FILE_LIKE = re.compile(r"^\S*[_-]\S*$|^\S+\d$")
HEAD_SCAN = 200
# an image file name in front of the text: "Parliament_Tirana_2022 Opposition…" (a space after it), or
# "کارگران_نفت_آبادان_۱۴۰۱اعتراض…" / "Fishermen_Durres_2021Fishermen…" (its digits glued to the text)
FILE_TOKEN_SPACE = re.compile(r"^(?:[^\W_]+_){2,}[^\W_]+\s+(?=\S)|^(?:[^\W_]+_)+[^\W_]*\d\s+(?=\S)")
FILE_TOKEN_GLUED = re.compile(r"^(?:[^\W\d_]+_){2,}[^\W_]*?\d+(?=[^\W\d_])")
PERSIAN_CAPTION = re.compile(r"^[\u0600-\u06FF\u200c][\u0600-\u06FF\u200c\s\d]{2,80}?\s+(?=[A-Z])")


def _head_evidence(rest: str, markers: Markers) -> bool:
    """A dateline/attribution head at the start: "Fax Web, Albania, January 11 2020:…", "X, Outlet:"."""
    attr = parse_head(rest[:400], markers)
    if not attr.found or not attr.head_end or attr.head_end > 160:
        return False
    head = rest[:attr.head_end]
    return bool(attr.published) or "…" in rest[attr.head_end - 2:attr.head_end + 2] \
        or (attr.author is not None and attr.outlet is not None) or head.rstrip().endswith(":")


def glue_cut(text: str, markers: Markers, page_markers: frozenset[str], title_like: object) -> int:
    """Length of a caption/alt text/file name glued in front of the block's text, or 0.

    ``page_markers``: list markers ("++", "•", "N.") that start two or more lines of the page;
    ``title_like``: the title-shape test of :mod:`presswatch.anatomy.blocks`."""
    n = len(text)
    if n < 12:
        return 0
    half = n // 2
    if n % 2 == 0 and n >= 24 and text[:half] == text[half:] and not text[half - 1].isspace():
        return half     # the same title twice: alt text equal to the title
    is_title = title_like  # a callable; kept untyped to avoid an import cycle with blocks
    m = FILE_TOKEN_GLUED.match(text) or FILE_TOKEN_SPACE.match(text)
    if m and re.search(r"[a-zë][A-ZÇË]", m.group()):
        m = None            # "UN_Albania_LogoMeeting …": the title is glued inside the token (below)
    if m and n - m.end() >= 8:
        return m.end()      # a file name is never prose: whatever follows it is the text
    m = PERSIAN_CAPTION.match(text)
    if m and callable(is_title) and (is_title(text[m.end():].split("\n")[0]) or _head_evidence(text[m.end():], markers)):
        return m.end()      # Persian alt text, then a space, then the English title
    head = text[:HEAD_SCAN]
    for m in MARKER_AT.finditer(head):
        i = m.start()
        marker = re.sub(r"\d+", "N", m.group().split()[0]).rstrip()
        before = text[i - 1] if i else " "
        if marker == "N." and not before.isalpha():
            continue    # "in 2013. However": a year, not a glued number
        if i >= 3 and (before.isalnum() or before in ")’'") and marker in page_markers \
                and not SENTENCE.search(text[:i]):
            return i
    for g in GLUE_POINT.finditer(head):
        i = g.start()
        if i < 3:
            continue
        prefix, rest = text[:i], text[i:]
        token_start = prefix.rfind(" ") + 1
        if CAMEL_OK.search(text[token_start:i + 1]) or SENTENCE.search(prefix):
            continue
        if rest[:1].isupper() and find_date(prefix[-12:] + rest[:6], markers) and not prefix[-1].isalpha():
            continue    # "March 04 2017" is not glued
        if _head_evidence(rest, markers):
            return i
        first_line = rest.split("\n")[0]
        words = prefix.split()
        caption_shaped = len(words) >= 3 or bool(FILE_LIKE.match(prefix.strip())) \
            or (len(words) == 1 and prefix.endswith(".") and len(prefix) >= 5)
        if n <= 250 and caption_shaped and callable(is_title) and is_title(first_line) \
                and not re.search(r"[|:/!?\"“”]", prefix):
            return i
    return 0
