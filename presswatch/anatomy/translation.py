"""Translations inside one page: announced blocks get linked to what they translate; unannounced runs in
another language that mirror an earlier unit (paragraph count, length, numbers) become translations."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from presswatch.anatomy.blocks import Block
from presswatch.lang.identify import shared_py3langid_model

if TYPE_CHECKING:
    from presswatch.anatomy.draft import Draft

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MIN_LETTERS = 40
MIN_PROB = 0.95


def block_lang(b: Block) -> str | None:
    """Language of a block: Arabic script counts as one language; Latin blocks need a confident guess."""
    if b.lang is None:
        b.lang = ""
        if b.script == "arabic":
            b.lang = "fa"
        elif b.script == "latin" and sum(c.isalpha() for c in b.text) >= MIN_LETTERS:
            lang, prob = shared_py3langid_model().classify(b.text)
            if prob >= MIN_PROB:
                b.lang = str(lang)
    return b.lang or None


def sample_lang(blocks: list[Block]) -> str | None:
    """Language of a few blocks of one script taken together (one identifier call)."""
    if not blocks:
        return None
    if all(b.script == "arabic" for b in blocks):
        return "fa"
    if len(blocks) == 1:
        return block_lang(blocks[0])
    joined = Block(-1, 0, 0, " ".join(b.text for b in blocks)[:600], blocks[0].script)
    return block_lang(joined)


def majority(langs: list[str | None]) -> str | None:
    counts = Counter(x for x in langs if x)
    return counts.most_common(1)[0][0] if counts else None


def numbers(blocks: list[Block]) -> set[str]:
    return {n.replace(",", ".") for b in blocks for n in NUMBER.findall(b.text.translate(DIGITS))}


def mirrored(a: list[Block], b: list[Block]) -> bool:
    """Whether ``b`` could be ``a`` in another language: similar paragraph count, length and numbers."""
    if not a or not b:
        return False
    na, nb = len(a), len(b)
    if min(na, nb) / max(na, nb) < 0.6 and abs(na - nb) > 1:
        return False
    la, lb = sum(len(x.text) for x in a), sum(len(x.text) for x in b)
    if not 0.45 <= lb / max(la, 1) <= 2.2:
        return False
    sa, sb = numbers(a), numbers(b)
    if sa and sb and len(sa & sb) / len(sa | sb) < 0.3:
        return False
    return True


def find_translations(drafts: list[Draft], blocks: list[Block]) -> None:
    from presswatch.anatomy.draft import Draft

    articles_before: list[Draft] = []
    extra: list[Draft] = []
    for d in list(drafts):
        if d.kind == "translation" and "translation_of" not in d.meta:
            target = _best_target(d, articles_before, blocks)
            if target is not None:
                d.meta["translation_of"] = target
            own = majority([block_lang(blocks[i]) for i in d.body])
            before = majority([block_lang(blocks[i]) for i in target.body]) if target is not None else None
            if target is None or (own and own == before):   # nothing to translate, or the same language
                d.kind = "article"
                d.meta.pop("translation_of", None)
                d.meta.pop("announced", None)
        if d.kind not in ("article", "translation"):
            continue
        body = [blocks[i] for i in d.body]
        if not body:
            articles_before.append(d)
            continue
        # cheap first: the language of the beginning and of the end of the unit's text (a name line or
        # caption of a few words in another script does not decide it)
        sample = [b for b in body if len(b.text) >= 60] or body
        lang = sample_lang([b for b in sample[:2] if b.script == sample[0].script])
        last = sample_lang([b for b in sample[-2:] if b.script == sample[-1].script])
        if lang is None or last is None:
            articles_before.append(d)
            continue
        if lang == last and d.kind == "article" and not any(
                (sample_lang([blocks[i] for i in e.body[:1]]) or lang) != lang for e in articles_before):
            articles_before.append(d)
            continue
        langs = [block_lang(b) for b in body]
        # a whole article in another language mirroring an earlier one
        for earlier in reversed(articles_before if d.kind == "article" else []):
            if earlier.kind == "translation" or any(o.meta.get("translation_of") is earlier for o in drafts):
                continue    # already one side of a translation pair on this page
            eb = [blocks[i] for i in earlier.body]
            if lang and majority([block_lang(x) for x in eb]) not in (lang, None) and mirrored(eb, body):
                d.kind = "translation"
                d.meta["translation_of"] = earlier
                break
        if d.kind == "translation" and d.meta.get("translation_of") is not d and "announced" not in d.meta \
                and d.meta.get("translation_of") in articles_before:
            articles_before.append(d)
            continue
        # a run at the end of the article's text in another language, mirroring the part before it
        known = [k for k in range(len(body)) if langs[k]]
        # only where the language changes from the previous identified block (keeps long pages linear-ish)
        changes = [k for j, k in enumerate(known) if j > 0 and langs[k] != langs[known[j - 1]]][:20]
        for k in changes:
            head, tail = langs[:k], langs[k:]
            l1, l2 = majority(head), majority(tail)
            if not l1 or not l2 or l1 == l2 or langs[k] != l2:
                continue
            if sum(x == l2 for x in tail) < 0.8 * sum(1 for x in tail if x):
                continue
            if mirrored(body[:k], body[k:]):
                cut = d.body[k]
                t = Draft("translation")
                t.blocks = [i for i in d.blocks if i >= cut]
                t.body = [i for i in d.body if i >= cut]
                t.pieces = [p for p, i in zip(d.pieces, d.body, strict=True) if i >= cut]
                t.meta["translation_of"] = d.meta["translation_of"] if d.kind == "translation" else d
                d.pieces = [p for p, i in zip(d.pieces, d.body, strict=True) if i < cut]
                d.blocks = [i for i in d.blocks if i < cut]
                d.body = [i for i in d.body if i < cut]
                extra.append(t)
                break
        articles_before.append(d)
    drafts.extend(extra)


def _best_target(d: Draft, candidates: list[Draft], blocks: list[Block]) -> Draft | None:
    body = [blocks[i] for i in d.body]
    for c in reversed(candidates):
        if mirrored([blocks[i] for i in c.body], body):
            return c
    return candidates[-1] if candidates else None
