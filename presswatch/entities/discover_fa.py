"""Persian names without a model (Persian has no capitals).

At each token, the longest of these wins:

* a listed name (CLDR places through Babel, and the derived list in ``lang/fa/ner_derived.tsv``);
* an organisation head (سازمان, وزارت, دانشگاه, شرکت, حزب ...) and the tokens after it, up to a boundary;
  a weak head (دولت, سفارت) only before a listed or known name;
* a place head (استان, شهر, شهرستان ...) and one or two tokens after it;
* a title (آقای, دکتر, آیت‌الله ...) and one to three name tokens after it (the title is not part of it);
* a listed given name (علی, محمد, سید ...) and one or two tokens after it.

A boundary is punctuation, a number, a verb or auxiliary, a function word, or a token the derived list
names as one that is (almost) never inside a name: so "امینیان افزود" gives no person "امینیان افزود".
"""

from __future__ import annotations

from presswatch.entities.candidate import Candidate
from presswatch.entities.lexicon import Lexicon, lexicon
from presswatch.entities.normalize import Token

MAX_ORG = 7
GIVEN_RUN = 2


def _joined(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    return len(gap) <= 2 and all(c in " \u200c\u00a0-" for c in gap)


def _clause_start(text: str, tokens: list[Token], i: int) -> bool:
    before = text[tokens[i - 1].end if i else 0:tokens[i].start]
    return i == 0 or any(c in before for c in ".:؛!؟\n")


def persian_names(text: str, tokens: list[Token], covered: set[int], lex: Lexicon | None = None,
                  soft: set[int] | None = None) -> list[Candidate]:
    """``covered``: tokens of known names; ``soft``: those of them that were discovered (not on the
    watchlist), which a longer organisation or place may take in ("سازمان انرژی اتمی [ایران]"). A pattern
    that runs into a watchlist name is dropped: the watchlist name stands ("شورای شهر [تهران]")."""
    lex = lex or lexicon("fa")
    soft = covered if soft is None else soft
    hard = covered - soft
    keys = [t.key for t in tokens]
    n = len(tokens)

    def stop(k: int) -> bool:
        key = keys[k]
        if key in lex.boundary or key.isdigit() or len(key) < 2:
            return True
        return k + 1 < n and keys[k + 1] in lex.light_verbs and lex.longest(keys, k) is None

    def run(start: int, limit: int, into_covered: bool = False, person: bool = False) -> int:
        """End of the name tokens from ``start``: joined, not a boundary, at most ``limit``; a person's name
        also stops at a role or a time word."""
        j = start
        while (j < n and j - start < limit and not stop(j) and j not in hard and (into_covered or j not in covered)
               and not (person and keys[j] in lex.person_stops)
               and (j == start or _joined(text, tokens[j - 1], tokens[j]))
               and (j > start or start == 0 or _joined(text, tokens[start - 1], tokens[start]))):
            j += 1
        return j

    out: list[Candidate] = []
    i = 0
    while i < n:
        block_end = i
        while block_end in covered:
            block_end += 1
        if block_end > i and i - 1 in covered:
            i = block_end  # inside a known name
            continue
        options: list[tuple[int, int, int, str, bool]] = []   # (end, priority, first, kind, listed)
        listed = lex.longest(keys, i)
        if listed:
            options.append((listed[0], 3, i, listed[1], True))
        key = keys[i]
        if key in lex.org_heads:
            j = run(i + 1, MAX_ORG - 1, into_covered=True)
            # "کمیسیون صنایع و معادن", "آموزش و پرورش": "و" joins two words of one organisation's name when
            # a name word follows it
            while (j > i + 1 and j + 1 < n and keys[j] == "و" and j + 2 - i <= MAX_ORG
                   and (k := run(j + 1, MAX_ORG - (j + 1 - i), into_covered=True)) > j + 1):
                j = k
            if j > i + 1:
                options.append((j, 2, i, "org", False))
        elif key in lex.weak_org_heads and i + 1 < n and _joined(text, tokens[i], tokens[i + 1]):
            inner = lex.longest(keys, i + 1)
            if inner and inner[1] in ("org", "place"):
                options.append((inner[0], 2, i, "org", False))
            elif i + 1 in covered:
                j = i + 1
                while j in covered:
                    j += 1
                options.append((j, 2, i, "org", False))
        if key in lex.place_heads:
            j = run(i + 1, 2, into_covered=True)
            if j > i + 1:
                options.append((j, 1, i, "place", False))
        elif key in lex.weak_place_heads and i + 1 < n and _joined(text, tokens[i], tokens[i + 1]):
            inner = lex.longest(keys, i + 1)
            if inner and inner[1] == "place":
                options.append((inner[0], 1, i, "place", False))
        for t_len in (4, 3, 2, 1):
            if tuple(keys[i:i + t_len]) in lex.titles and i + t_len < n:
                j = run(i + t_len, 3, person=True)
                if j > i + t_len:
                    options.append((j, 1, i + t_len, "person", False))
                break
        if key in lex.name_prefixes:
            j = run(i + 1, 3, person=True)
            if j > i + 1:
                options.append((j, 1, i, "person", False))
        if _clause_start(text, tokens, i):
            for m in (2, 1):
                if (i + m < n and keys[i + m] in lex.speech_verbs and run(i, m) == i + m
                        and not any(keys[k] in lex.org_heads or keys[k] in lex.place_heads for k in range(i, i + m))
                        and (lex.longest(keys, i) or (0, "person"))[1] == "person"
                        and _joined(text, tokens[i + m - 1], tokens[i + m])):
                    options.append((i + m, 0, i, "person", True))  # one token is enough here
                    break
        if key in lex.given:
            j = run(i + 1, GIVEN_RUN, person=True)
            if j > i + 1 and (key not in lex.weak_given or not lex.common_word(keys[i + 1])):
                options.append((j, 0, i, "person", False))
        options = [o for o in options if o[0] > block_end and o[0] not in hard]  # a known name is only replaced by a longer one
        if not options:
            i = max(i + 1, block_end)
            continue
        end, _, first, kind, is_listed = max(options)
        if (kind == "person" and end < n and lex.surname_tail(keys[end]) and run(end, 1, person=True) == end + 1
                and end - first <= GIVEN_RUN):
            end += 1   # "شیما امینی [مقدم]", "موحدی [کرمانی]"
        out.append(Candidate(first, end, kind, titled=not is_listed and kind == "person", listed=is_listed))
        i = end
    return out
