"""Decode pipeline component: raw bytes to text, with the encoding actually used.

Order of evidence (first that holds wins):

1. a byte-order mark (UTF-8, UTF-16, UTF-32), or BOM-less UTF-16 recognised by its NUL pattern;
2. valid UTF-8 — bytes that decode as UTF-8 and contain non-ASCII are UTF-8 whatever a header says
   (a declared single-byte charset cannot produce valid multi-byte UTF-8 by accident);
3. the declared encoding (transport / WARC header, ``<meta charset>``, http-equiv, XML declaration),
   used only if it decodes cleanly and the result does not look like mojibake (scored below);
4. mostly-UTF-8 bytes with a few broken sequences (a cut or damaged page) as UTF-8 with replacements
   (checked first when the page declares UTF-8: then as many valid sequences as broken ones suffice);
5. detection: charset_normalizer, then a plausibility score over the common single-byte code pages
   (letters inside words, no symbols between letters, one script per word, no all-accented "words"
   that are Arabic or Cyrillic seen through a Latin code page);
6. Windows-1252 with replacements, which never fails.

HTML nested deeper than ``[extract] max_depth`` is refused before any parser sees it: a streaming tag
counter (which knows void elements and optional end tags) raises :class:`Unprocessable` ``too_deep``,
so the version is quarantined with its reason and can be retried after raising the limit. Text that
decodes to mostly replacement or control characters raises ``undecodable``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from presswatch.config import Config
from presswatch.errors import Unprocessable
from presswatch.models import Doc
from presswatch.payload import check_payload, utf16_without_bom

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET = re.compile(rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I)
XML_DECL = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{2,40})", re.I)
# WHATWG: these labels mean the superset code page in practice.
SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252", "iso8859-9": "cp1254",
             "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
             "euc_kr": "cp949", "shift_jis": "cp932"}
SINGLE_BYTE_PREFIXES = ("cp12", "iso8859", "koi8", "mac", "cp8", "latin", "cp437", "kz1048", "ptcp154")
# Candidates for the plausibility score, in order of preference on ties.
CANDIDATES = ("cp1252", "cp1250", "cp1256", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "koi8-r")
NON_ASCII_WORD = re.compile(r"[^\s<>\"'=/&;:,.()\[\]{}|]*[^\x00-\x7f][^\s<>\"'=/&;:,.()\[\]{}|]*")
SAMPLE_BYTES = 64_000
SCORE_BYTES = 5_000
SAMPLE_WORDS = 500
NON_ASCII_LINE = re.compile(rb"[^\n]{0,400}[\x80-\xff][^\n]{0,400}")
BAD_CATEGORIES = {"So", "Sk", "Sm", "No", "Sc", "Cc", "Co", "Cn"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for a declared label (WHATWG supersets applied), or None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page that could be read as ASCII cannot really be UTF-16
    return SUPERSETS.get(codec, codec)


def is_single_byte(encoding: str) -> bool:
    return encoding.startswith(SINGLE_BYTE_PREFIXES) or encoding in CANDIDATES


def in_document_charsets(data: bytes) -> list[str]:
    head = data[:16384]
    found = [m.group(1).decode("ascii") for m in XML_DECL.finditer(head[:512])]
    found += [m.group(1).decode("ascii") for m in META_CHARSET.finditer(head)]
    return found


def _script(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    if 0x370 <= cp < 0x400:
        return "greek"
    if 0x400 <= cp < 0x530:
        return "cyrillic"
    if 0x590 <= cp < 0x600:
        return "hebrew"
    if 0x600 <= cp < 0x780 or 0xFB50 <= cp < 0xFF00:
        return "arabic"
    return "other"


def plausibility(text: str) -> tuple[int, int]:
    """How much the non-ASCII words of ``text`` look like real words: (score, penalties).

    The score is one point per non-ASCII letter minus the penalties; higher is better.
    """
    score = penalty = 0
    for word in NON_ASCII_WORD.findall(text)[:SAMPLE_WORDS]:
        letters = [c for c in word if c.isalpha()]
        scripts = {_script(c) for c in letters}
        odd_letters = [c for c in letters if ord(c) > 127]
        prev_alpha = False
        for i, ch in enumerate(word):
            alpha = ch.isalpha()
            if ord(ch) > 127:
                if alpha:
                    score += 1
                elif unicodedata.category(ch) in BAD_CATEGORIES:
                    penalty += 2
                elif prev_alpha and i + 1 < len(word) and word[i + 1].isalpha() and ch not in "\u200c\u200d\u00ad\u2019":
                    penalty += 2  # punctuation between two letters: "Za¿ó³æ"
            if alpha and prev_alpha and ch.isupper() and word[i - 1].islower() and ord(ch) > 127:
                penalty += 2  # lower-to-upper inside a word: Arabic read as Cyrillic ("зСИ")
            prev_alpha = alpha
        if len(scripts - {"other"}) > 1:
            penalty += 3 * len(odd_letters)
        elif (scripts == {"latin"} and len(odd_letters) >= 3 and len(odd_letters) == len(letters)):
            penalty += 2 * len(odd_letters)  # "ÎÈÑÇä": Arabic or Cyrillic seen through a Latin code page
    return score - penalty, penalty


def best_single_byte(sample: bytes, prefer: str | None = None) -> tuple[str, int, int] | None:
    """The single-byte code page under which ``sample`` reads most plausibly: (name, score, penalties)."""
    order = ["cp1252"] + ([prefer] if prefer and prefer != "cp1252" else [])
    order += [c for c in CANDIDATES if c not in order]
    best: tuple[str, int, int] | None = None
    for enc in order:
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score, penalty = plausibility(text)
        if best is None or score > best[1]:
            best = (enc, score, penalty)
    return best


def _sample(data: bytes) -> bytes:
    """The head of ``data`` (cut at a line end) for charset_normalizer."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE_BYTES)
    return data[: cut if cut > 0 else SAMPLE_BYTES]


def _score_sample(data: bytes) -> bytes:
    """Lines holding non-ASCII bytes, up to SCORE_BYTES: all the plausibility score looks at."""
    parts: list[bytes] = []
    size = 0
    for m in NON_ASCII_LINE.finditer(data):
        parts.append(m.group())
        size += len(m.group())
        if size >= SCORE_BYTES:
            break
    return b"\n".join(parts)


def detect(data: bytes) -> tuple[str, str] | None:
    """Guess an encoding for bytes that are not UTF-8 and declare nothing usable."""
    import charset_normalizer

    scored = _score_sample(data)
    best = best_single_byte(scored)
    if best is not None and best[2] == 0 and best[1] > 0:  # a code page reads without any doubt
        return best[0], "detected (code-page plausibility)"
    guess = charset_normalizer.from_bytes(_sample(data)).best()
    guessed = normalize_encoding(guess.encoding) if guess is not None else None
    if guessed and not is_single_byte(guessed) and guessed != "utf-8":
        return guessed, "detected (charset_normalizer)"
    if guessed and best is not None and guessed != best[0]:
        best = best_single_byte(scored, prefer=guessed)  # ties go to charset_normalizer's guess
    if best is not None:
        return best[0], "detected (code-page plausibility)"
    if guessed:
        return guessed, "detected (charset_normalizer)"
    return None


def decode_bytes(data: bytes, declared: str | None = None, *, html: bool = True) -> Decoded:
    """Decode ``data`` following the order of evidence in the module docstring; never raises."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, errors="replace"), codec.replace("-sig", ""), "byte-order mark")
    if b"\x00" in data[:4096]:
        utf16 = utf16_without_bom(data[:4096])
        if utf16:
            return Decoded(data.decode(utf16, errors="replace"), utf16, "UTF-16 without byte-order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8", "valid UTF-8" if not data.isascii() else "ASCII")
    rejected: list[str] = []
    labels = [(declared, "declared by the transport")] if declared else []
    if html:
        labels += [(name, "declared in the page") for name in in_document_charsets(data)]
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127) - broken
    said_utf8 = next((how for label, how in labels if normalize_encoding(label) == "utf-8"), None)
    if said_utf8 and good >= broken:
        # Declared UTF-8 and at least as many valid multi-byte characters as broken bytes: a damaged
        # UTF-8 page, not a page in another code page (that would have almost no valid sequences).
        return Decoded(lenient, "utf-8", f"UTF-8 {said_utf8}, {broken} broken byte sequence(s) replaced")
    for label, how in labels:
        enc = normalize_encoding(label)
        if enc is None or enc == "utf-8" or enc in rejected:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            rejected.append(enc)
            continue
        if is_single_byte(enc):
            sample = _score_sample(data)
            own, penalty = plausibility(sample.decode(enc))
            best = best_single_byte(sample, prefer=enc) if penalty else None  # no doubt: no search
            if best is not None and best[0] != enc and own < best[1] - max(3, abs(best[1]) // 10):
                rejected.append(enc)
                return Decoded(data.decode(best[0], errors="replace"), best[0],
                               f"{label} {how} reads as mojibake; {best[0]} reads right")
        return Decoded(text, enc, f"{label} {how}")
    if good > 0 and broken <= max(2, good // 2):
        return Decoded(lenient, "utf-8", f"UTF-8 with {broken} broken byte sequence(s) replaced")
    found = detect(data)
    why = f" (declared {', '.join(rejected)} does not decode)" if rejected else ""
    if found is not None:
        return Decoded(data.decode(found[0], errors="replace"), found[0], found[1] + why)
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "last resort" + why)


VOID = frozenset("area base br col embed hr img input link meta param source track wbr basefont bgsound "
                 "frame keygen command image isindex nextid spacer".split())
# Optional end tags: opening one closes an open one of the same family up to the boundary.
IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"optgroup", "option"}), frozenset({"select"})),
    "p": (frozenset({"p"}), frozenset()),
}
P_CLOSERS = frozenset("address article aside blockquote details div dl fieldset figcaption figure footer form "
                      "h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section table ul".split())
TOKEN = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]*)|!--)")
RAW_TEXT_END = {name: re.compile(f"</{name}", re.I) for name in ("script", "style", "textarea", "title", "xmp")}
RAW_TEXT = frozenset(RAW_TEXT_END)
BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")


def html_depth_exceeds(html: str, max_depth: int) -> int | None:
    """The depth reached when it goes past ``max_depth`` (stopping there), else None.

    A cheap pre-parse pass: tags are found with a small regular expression, comments and the
    contents of script/style are jumped over, and optional end tags are implied the way HTML parsers
    do (a new ``<li>`` closes the open one, a block element closes an open ``<p>``, ...).
    """
    if html.count("<") <= max_depth:
        return None
    stack: list[str] = []
    pos = 0
    while True:
        m = TOKEN.search(html, pos)
        if m is None:
            return None
        name = m.group(2)
        if name is None:  # comment
            end = html.find("-->", m.end())
            if end < 0:
                return None
            pos = end + 3
            continue
        gt = html.find(">", m.end())
        if gt < 0:
            return None
        pos = gt + 1
        name = name.lower()
        if m.group(1):  # end tag: close up to the matching open element, if any
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] == name:
                    del stack[i:]
                    break
            continue
        if name in RAW_TEXT:
            close = RAW_TEXT_END[name].search(html, pos)
            if close is None:
                return None
            pos = close.start()
            continue
        if name in VOID or html[gt - 1] == "/":
            continue
        if name in P_CLOSERS and stack and stack[-1] == "p":
            stack.pop()
        implied = IMPLIED.get(name)
        if implied is not None:
            family, boundary = implied
            cut = None
            for i in range(len(stack) - 1, max(-1, len(stack) - 8), -1):
                if stack[i] in boundary:
                    break
                if stack[i] in family:
                    cut = i
            if cut is not None:
                del stack[cut:]
        stack.append(name)
        if len(stack) > max_depth:
            return len(stack)


def _check_text(text: str, location: str) -> None:
    if not text.strip():
        raise Unprocessable("empty", "the decoded page is empty")
    sample = text[:100_000]
    bad = len(BAD_CHARS.findall(sample))
    if bad > 0.25 * len(sample):
        raise Unprocessable("undecodable", f"{bad:,} of the first {len(sample):,} characters cannot be decoded; "
                            "the file is damaged or not text")


@dataclass
class Decode:
    config: Config
    name: str = "decode"
    reads: frozenset[str] = field(default=frozenset({"raw"}))
    adds: frozenset[str] = field(default=frozenset({"decoded"}))

    def __call__(self, doc: Doc) -> Doc:
        raw = doc.raw
        data, declared, kind = raw.data, raw.declared_encoding, raw.media_type
        if kind == "eml":
            from presswatch.mail import message_body

            body = message_body(data)
            if body is None:
                raise Unprocessable("no_body", "the message has no text or HTML part")
            kind, data, declared = body[0], body[1], body[2]  # type: ignore[assignment]
            bad = check_payload(raw.location, data)   # the same content checks as any input's bytes
            if bad is not None:
                if bad.reason == "empty" and body[3]:
                    raise Unprocessable("undecodable", f"the e-mail body is damaged ({body[3]}); nothing to read")
                raise Unprocessable(bad.reason, f"the e-mail body: {bad.message}")
        decoded = decode_bytes(data, declared, html=kind == "html")
        _check_text(decoded.text, raw.location)
        if kind == "html":
            limit = int(self.config.get("extract.max_depth", 400))
            depth = html_depth_exceeds(decoded.text, limit)
            if depth is not None:
                raise Unprocessable("too_deep", f"HTML nested deeper than {limit} elements; raise [extract] "
                                    "max_depth and run `presswatch process --retry-quarantined` to accept it")
            doc.html = decoded.text
        else:
            doc.text = decoded.text
        doc.encoding = decoded.encoding
        doc.notes.append(f"encoding {decoded.encoding}: {decoded.how}")
        return doc
