"""Parsing attributions in front of excerpts: author, outlet, date ("Jane Doe | Balkan Insight | 12 March
2026 — …", "Nga Arben Hoxha, Koha Ditore: …", "به گزارش ایسنا، …", "Jane Doe writes in X that …")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presswatch.anatomy.markers import Markers, norm

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?")
DMY_NUM = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
YMD_SLASH = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
WORD = r"[^\W\d_]+\.?"
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(" + WORD + r")\s*,?\s+(\d{4})\b")
MONTH_DAY_YEAR = re.compile(r"\b(" + WORD + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
HEAD_SEP = re.compile(r":\s*(?:…|\.\.\.)\s*|\s+[—–-]\s+|:\s+|\s*[—–]\s*|،\s+")
FIELD_SEP = re.compile(r"\s*[|·•()\[\]]\s*|\s+/\s+|,\s+|،\s*|\s+-\s+")
URL = re.compile(r"https?://\S+|\bwww\.\S+")
NAME = re.compile(r"^(?:[A-ZÇË][\w'’.-]+)(?:\s+(?:(?:and|&|dhe)\s+)?[A-ZÇË][\w'’.-]+){1,4}$")
PERSIAN = re.compile(r"[\u0600-\u06FF]")


def _jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    month_days = [0, 31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 1
    while gm <= 12 and gd > month_days[gm]:
        gd -= month_days[gm]
        gm += 1
    return gy, gm, gd


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31 and 1000 < y < 2200:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def find_date(text: str, markers: Markers) -> tuple[str, tuple[int, int]] | None:
    """The first date in ``text`` as ISO 8601 and its span, or None (Jalali dates are converted)."""
    t = text.translate(DIGITS)
    found: list[tuple[int, int, str]] = []
    for m in ISO.finditer(t):
        if (iso := _iso(int(m[1]), int(m[2]), int(m[3]))):
            found.append((m.start(), m.end(), iso))
    for m in YMD_SLASH.finditer(t):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if y < 1500:
            y, mo, d = _jalali_to_gregorian(y, mo, d)
        if (iso := _iso(y, mo, d)):
            found.append((m.start(), m.end(), iso))
    for m in DMY_NUM.finditer(t):
        if (iso := _iso(int(m[3]), int(m[2]), int(m[1]))):
            found.append((m.start(), m.end(), iso))
    for m in DAY_MONTH_YEAR.finditer(t):
        month = markers.months.get(norm(m[2]))
        if month:
            y, mo, d = int(m[3]), month, int(m[1])
            if PERSIAN.search(m[2]) or y < 1500:
                y, mo, d = _jalali_to_gregorian(y, mo, d)
            if (iso := _iso(y, mo, d)):
                found.append((m.start(), m.end(), iso))
    for m in MONTH_DAY_YEAR.finditer(t):
        month = markers.months.get(norm(m[1]))
        if month and (iso := _iso(int(m[3]), month, int(m[2]))):
            found.append((m.start(), m.end(), iso))
    if not found:
        return None
    start, end, iso = min(found)
    return iso, (start, end)


@dataclass
class Attribution:
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    head_end: int = 0      # characters of the block taken by the attribution (0: none in front)
    place: str | None = None        # a dateline's place ("Albania", "Tirana")
    translator: str | None = None   # "Translated by X"

    @property
    def found(self) -> bool:
        return bool(self.author or self.outlet or self.published)


def _strip_byline_word(field: str, markers: Markers) -> tuple[str, bool]:
    word = markers.starts("byline", field)
    if word:
        extra = len(word.split()) - 1
        rest = re.sub(r"^\W*\S+(?:\s+\S+){" + str(extra) + r"}\s*[:\-]?\s*", "", field.strip())
        return rest.strip(), True
    return field.strip(), False


def looks_outlet(field: str, markers: Markers) -> bool:
    low = norm(field)
    if re.search(r"\.(com|org|net|al|ir|info|co\.uk|eu|mk|rs|me)\b", low):
        return True
    if field.isupper() and sum(c.isalpha() for c in field) <= 5:   # BBC, AFP, BIRN, RFE/RL, N1 (not COSMOS)
        return True
    words = set(low.split())
    return any(w in words or (" " in w and w in low) for w in markers.phrases["outlet_words"])


def looks_name(field: str) -> bool:
    return bool(NAME.match(field.strip())) or (bool(PERSIAN.search(field)) and 1 < len(field.split()) <= 4)


def split_fields(head: str, markers: Markers, attr: Attribution) -> list[str]:
    """Take the first date out of ``head`` (into ``attr``) and split the rest into fields."""
    date = find_date(head, markers)
    if date and not attr.published:
        attr.published = date[0]
        head = head[:date[1][0]] + " | " + head[date[1][1]:]
    return [f for f in FIELD_SEP.split(head) if f.strip(" ()[]«»\"'")]


FOR_OUTLET = re.compile(r"^(?P<author>.+?)\s+(?:for|in|at|për|në|te|برای|در)\s+(?P<outlet>[A-ZÇË\u0600-\u06FF].+)$")


def parse_fields(fields: list[str], markers: Markers, attr: Attribution, *, byline: bool = False,
                 byline_word: bool = False) -> bool:
    """Assign author/outlet/date from short fields; False when a field is none of those.

    ``byline``: the fields are a line of their own under a title, where a lone name is the author
    (in front of an excerpt a lone name is the outlet)."""
    from presswatch.anatomy.attribution import translator_of
    from presswatch.anatomy.places import is_place

    names: list[tuple[str, bool]] = []
    dated = bool(attr.published) or any(find_date(f, markers) for f in fields)
    for raw in fields:
        f = raw.strip(" ()[]«»\"'\xa0–—-")
        if not f:
            continue
        if (tr := translator_of(f)) is not None:
            attr.translator = attr.translator or tr
            continue
        if (dated or len(fields) > 1) and is_place(f) and not URL.search(f):
            attr.place = attr.place or f     # "Outlet, Country, Date": a place, never the outlet
            continue
        date = find_date(f, markers)
        if date and len(f) - (date[1][1] - date[1][0]) < 8:
            attr.published = attr.published or date[0]
            continue
        if URL.fullmatch(f):
            attr.url = attr.url or f
            continue
        for role in ("published", "source"):
            if (w := markers.starts(role, f)) and len(norm(f)) > len(w):
                f = f[len(w) + 1:].strip(" :") if f.lower().startswith(w) else f.split(":", 1)[-1].strip()
        if any(norm(f) in markers.phrases[r] for r in ("published", "source", "byline")):
            continue
        f, by = _strip_byline_word(f, markers)
        if f[:1].islower() and looks_outlet(f, markers) and len(f.split()) <= 4:
            f = f.title()        # " gazeta impakt –": an outlet printed in lower case
        if not f or f[:1].islower() or not (f[:1].isalnum() or PERSIAN.match(f)):
            if dated and names and f[:1].islower() and len(f.split()) <= 4:
                continue     # "Huffington post (and Top Topic)": an aside in a dateline
            return False
        if markers.has("roles", f):
            continue     # "By Av. M.B., Lawyer": a job title, neither outlet nor name
        if len(f) > 60 or len(f.split()) > 5 or re.search(r"[!?؟]$|[^\W\d_]{4,}[.!?]\s+\w", f) \
                or (f.endswith(".") and len(f.split()) > 2):
            return False
        if by and (m := FOR_OUTLET.match(f)) and not attr.outlet:   # "Written by X for Outlet"
            attr.outlet = m["outlet"].strip()
            f = m["author"].strip()
        names.append((f, by))
    lone_outlet = not byline_word and len(names) == 1 and attr.place is not None
    for f, by in names:
        if lone_outlet and not attr.outlet:
            attr.outlet = f      # "Fax Web, Albania, 8 January 2020": a dateline names the outlet
        elif by and not attr.author:
            attr.author = f
        elif looks_outlet(f, markers) and not attr.outlet:
            attr.outlet = f
        elif looks_name(f) and not attr.author and (len(names) > 1 or byline):
            attr.author = f
        elif not attr.outlet:
            attr.outlet = f
        elif not attr.author:
            attr.author = f
        elif attr.published and len(f.split()) <= 4:
            attr.place = attr.place or f    # "…, Tel Aviv university, August 08 2017": an institution/place
        else:
            return False
    return attr.found


def parse_byline_line(text: str, markers: Markers) -> Attribution | None:
    """A whole short block that is only a byline/dateline ("By Jane Doe | 12 March 2026")."""
    t = text.strip()
    if not t or len(t) > 160:
        return None
    from presswatch.anatomy.attribution import strip_honorific, translator_of

    attr = Attribution(head_end=len(text))
    if (tr := translator_of(t)) is not None:
        attr.translator = tr
        return attr
    by = markers.starts("byline", t)
    if by:
        # "By A (B) and C": an aside that names an outlet is the outlet, any other aside is dropped
        for aside in re.findall(r"\(([^()]{2,40})\)", t):
            if looks_outlet(aside, markers) and not attr.outlet:
                attr.outlet = aside.strip()
        t = re.sub(r"\s*\([^()]{2,40}\)", "", t)
        # a handle for a name: "By massoud.doe" -> "By Massoud Doe"
        t = re.sub(r"(?<=\s)([A-Za-z]{2,})\.([A-Za-z]{2,})$", lambda m: f"{m[1].capitalize()} {m[2].capitalize()}", t)
    fields = split_fields(t, markers, attr)
    if by or markers.starts("published", t) or markers.starts("source", t):
        if not parse_fields(fields, markers, attr, byline=True, byline_word=bool(by)):
            return None
        return attr
    name, title = strip_honorific(t)
    if title and NAME.match(name) and len(name.split()) <= 4:
        attr.author = name      # "Dr Olsi Jazexhi", "Dr. Raz Zimmt"
        return attr
    if not (attr.published or any(looks_outlet(f, markers) for f in fields)):
        return None
    if parse_fields(fields, markers, attr, byline=True):
        return attr
    return None


WRITES_EN = re.compile(r"^(?P<author>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s+(?:writes|wrote|reports|argues|"
                       r"notes|warns|explains|says|claims)\s+(?:in|for|at)\s+(?P<outlet>[^,:;]{2,50}?)\s+"
                       r"(?:that\b|,|:)")
WRITES_SQ = re.compile(r"^(?P<author>[A-ZÇË][\w'’.-]+(?:\s+[A-ZÇË][\w'’.-]+){0,3})\s+(?:shkruan|raporton|"
                       r"argumenton|vëren|paralajmëron|thotë)\s+(?:në|te|tek)\s+(?P<outlet>[^,:;]{2,50}?)\s+"
                       r"(?:se\b|,|:)")
ACCORDING = re.compile(r"^(?:Sipas|According to|به گزارش)\s+(?P<outlet>[^,،:;]{2,50}?)\s*[,،:]")


def parse_head(text: str, markers: Markers, *, lenient: bool = False) -> Attribution:
    """Attribution in front of an excerpt; ``head_end`` is where the excerpt (or title) starts."""
    t = text
    lead = re.match(r"^\s*", t)
    offset = lead.end() if lead else 0
    body = t[offset:]
    for rx in (WRITES_EN, WRITES_SQ):
        m = rx.match(body)
        if m:
            return Attribution(author=m["author"], outlet=m["outlet"].strip(), head_end=offset)
    m = ACCORDING.match(body)
    if m:
        return Attribution(outlet=m["outlet"].strip(), head_end=offset)
    seps = list(HEAD_SEP.finditer(body[:200]))
    for i, sep in enumerate(seps):
        head = body[:sep.start()]
        if not head.strip() or len(head) > 140:
            continue
        attr = Attribution()
        fields = split_fields(head, markers, attr)
        if parse_fields(fields, markers, attr):
            if len(fields) == 1 and not (attr.published or attr.author or looks_outlet(fields[0], markers)) \
                    and not (lenient and len(fields[0].split()) <= 4):
                continue
            attr.head_end = offset + sep.end()
            for nxt in seps[i + 1:]:   # "Outlet — 12 March 2026 — excerpt": take the date too
                segment = body[attr.head_end - offset:nxt.start()]
                date = find_date(segment, markers)
                if not date or len(segment.strip()) - (date[1][1] - date[1][0]) > 6:
                    break
                attr.published = attr.published or date[0]
                attr.head_end = offset + nxt.end()
            return attr
    return Attribution(head_end=0)
