"""Search folding: one form for text typed in different ways.

Albanian and other Latin diacritics fold to the base letter (ë→e, ç→c), Arabic-script variants to
the Persian form (ي→ی, ك→ک, ة→ه, Arabic-Indic digits→ASCII), harakat and tatweel are removed and the
zero-width non-joiner becomes nothing, so a query typed either way matches both.
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_VARIANTS = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
    "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u0624": "\u0648",  # WAW WITH HAMZA -> WAW
    "\u0626": "\u06cc",  # YEH WITH HAMZA -> FARSI YEH
}
# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits -> ASCII digits
for _i in range(10):
    ARABIC_VARIANTS[chr(0x06F0 + _i)] = str(_i)
    ARABIC_VARIANTS[chr(0x0660 + _i)] = str(_i)

REMOVE = {
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u200b",  # ZERO WIDTH SPACE
    "\u00ad",  # SOFT HYPHEN
    "\u0640",  # TATWEEL
    "\ufeff",
}


FOLDED_RANGES = ((0x0000, 0x3000), (0xFB00, 0x10000))  # Latin, Greek, Cyrillic, Arabic, ..., presentation forms


def _fold_rule(ch: str) -> str:
    if ch in REMOVE:
        return ""
    mapped = ARABIC_VARIANTS.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    # compatibility forms (Arabic presentation forms, ligatures) may decompose to variants again
    return "".join(ARABIC_VARIANTS.get(c, c) for c in kept if c not in REMOVE).casefold()


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in FOLDED_RANGES:
        for code in range(lo, hi):
            if 0xD800 <= code < 0xE000:
                continue
            ch = chr(code)
            folded = _fold_rule(ch)
            if folded != ch:
                table[code] = folded
    return table


# Built once at import and never changed: code point -> folded form, only where they differ.
FOLD_TABLE: dict[int, str] = _build_table()


# Characters whose folded form is not exactly one character (dropped marks, ZWNJ, ligatures): a text
# without any of them folds one character for one, so its offsets are the identity.
NOT_ONE_TO_ONE = re.compile("[" + "".join(re.escape(chr(c)) for c, f in sorted(FOLD_TABLE.items())
                                          if len(f) != 1) + "]")


def fold_char(ch: str) -> str:
    """Fold one character; returns "" when the character is dropped.

    Characters outside ``FOLDED_RANGES`` (CJK, Hangul, ...) are kept as they are.
    """
    return FOLD_TABLE.get(ord(ch), ch)


def fold(text: str) -> str:
    """Fold a whole text for indexing or querying."""
    return text.translate(FOLD_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for every folded character, the index of its source character.

    ``fold_with_offsets(t)[0] == fold(t)``; a folded span ``[a, b)`` comes from ``t[index[a]:index[b-1] + 1]``.
    """
    table = FOLD_TABLE
    if text.isascii():
        return text.lower(), list(range(len(text)))
    if not NOT_ONE_TO_ONE.search(text):
        return text.translate(table), list(range(len(text)))
    # Runs between the characters that do not fold one for one are translated whole (C speed); only
    # those characters (ZWNJ, harakat, ligatures: a few per line of Persian) are handled one by one.
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in NOT_ONE_TO_ONE.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i].translate(table))
            index.extend(range(pos, i))
        folded = table.get(ord(text[i]), text[i])
        if folded:
            out.append(folded)
            index.extend([i] * len(folded))
        pos = i + 1
    if pos < len(text):
        out.append(text[pos:].translate(table))
        index.extend(range(pos, len(text)))
    return "".join(out), index
