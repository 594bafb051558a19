"""Learn which common nouns head a source on the PolNeAR training split (never dev or test).

    PYTHONPATH=. .venv/bin/python bench/learn_sources.py

Every gold source span of train is parsed alone (spaCy, as bench/learn_cues.py parses); when the head of
its noun phrase is a common noun, its lemma is counted ("official", "poll", "study", "report"). Writes
presswatch/lang/en/source_nouns.tsv (lemma and count, seen at least ``MIN_COUNT`` times; counts only, no
text). Attribution reads it so that a weak cue whose subject is a thing ("This style focuses on",
"The widespread adoption of analytics emphasizes") is no attribution (quotes12, docs/decisions.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from attribution import MODEL, load_docs  # noqa: E402

OUT = REPO / "presswatch" / "lang" / "en" / "source_nouns.tsv"
MIN_COUNT = 2




def main() -> None:
    import spacy

    nlp = spacy.load(MODEL, exclude=["ner"])
    sources = [a["source"][2] for d in load_docs("train") for a in d["attributions"]
               if a.get("source") and a["source"][2].strip()]
    counts: Counter[str] = Counter()
    for doc in nlp.pipe(sources, batch_size=256):
        root = doc[:].root
        if root.pos_ == "NOUN":
            counts[root.lemma_.lower()] += 1
    rows = sorted((n, w) for w, n in counts.items() if n >= MIN_COUNT and w.isalpha())
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# common nouns heading a gold source on PolNeAR train (bench/learn_sources.py): lemma, count\n")
        for n, w in sorted(rows, key=lambda r: (-r[0], r[1])):
            f.write(f"{w}\t{n}\n")
    print(f"{len(sources)} sources, {sum(counts.values())} with a common-noun head, {len(rows)} lemmas written",
          file=sys.stderr)


if __name__ == "__main__":
    main()
