"""Persian NER on PEYMA dev and the ARMAN folds: presswatch rules beside a memorisation baseline.

PER/ORG/LOC only (other gold types are O). Scores are computed by ../shared/data/ner/score_ner.py
(conlleval) on files written to a temporary folder; nothing from the corpora is kept.

    python bench/ner_fa.py            # PEYMA dev + ARMAN test folds 1-3 (reported figures)
    python bench/ner_fa.py --tune     # PEYMA train + ARMAN train_fold1 (what the rules were tuned on)

On ARMAN the memorisation baseline memorises ARMAN's own train fold, while presswatch's shipped lists come
from PEYMA (another corpus, other conventions). So each ARMAN fold is also scored with presswatch's lists
derived from PEYMA train *and* that fold's train split ("presswatch + fold's names"): the same memory the
baseline has, plus the rules. No rule is tuned on it; the shipped figure stays the first one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from presswatch.entities.conll import Memorised, Sentence, derive_lexicon, read_conll, tag_sentences
from presswatch.entities.lexicon import build_lexicon
from presswatch.entities.linker import Linker

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared") / "data" / "ner"
FA = SHARED / "fa"


def official(sentences: list[Sentence], pred: list[list[str]], tmp: Path) -> dict:
    path = tmp / "pred.conll"
    with path.open("w", encoding="utf-8") as f:
        for s, tags in zip(sentences, pred, strict=True):
            for tok, g, p in zip(s.tokens, s.tags, tags, strict=True):
                f.write(f"{tok.replace(' ', '_') or '_'} {g} {p}\n")
            f.write("\n")
    out = subprocess.run([sys.executable, str(SHARED / "score_ner.py"), "--conlleval", str(path), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def run_set(name: str, test: list[Sentence], train: list[Sentence], tmp: Path, linker: Linker | None = None,
            also: Linker | None = None) -> dict:
    """presswatch (``linker``, default the shipped lists) and the memorisation baseline of ``train`` on
    ``test``; ``also``: a second presswatch linker scored as "presswatch + fold's names"."""
    t0 = time.process_time()
    ours = tag_sentences(linker or Linker(), [s.tokens for s in test])
    secs = time.process_time() - t0
    memo = Memorised(train)
    base = [memo.tag(s.tokens) for s in test]
    res = {"presswatch": official(test, ours, tmp), "memorised": official(test, base, tmp),
           "sentences": len(test), "cpu_s_per_1000": round(1000 * secs / max(1, len(test)), 2)}
    systems = ["presswatch", "memorised"]
    if also is not None:
        res["presswatch + fold's names"] = official(test, tag_sentences(also, [s.tokens for s in test]), tmp)
        systems.append("presswatch + fold's names")
    line = [f"{name:12s}"]
    for system in systems:
        r = res[system]
        per = " ".join(f"{t} {r['per_type'].get(t, {}).get('f1', 0):5.1f}" for t in ("PER", "ORG", "LOC"))
        o = r["overall"]
        line.append(f"{system} P {o['precision']:5.1f} R {o['recall']:5.1f} F1 {o['f1']:5.1f} ({per})")
    print(" | ".join(line), flush=True)
    return res


def write_derived(rows: list[tuple[str, str]], source: str) -> None:
    path = REPO / "presswatch" / "lang" / "fa" / "ner_derived.tsv"
    head = (f"# Derived by bench/ner_fa.py --derive from {source}: names tagged >= 2 times and in >= half of\n"
            "# their occurrences (PER/ORG/LOC), given names (GIVEN), tokens almost never inside a name (BOUNDARY).\n")
    path.write_text(head + "".join(f"{k}\t{t}\n" for k, t in rows), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tune", action="store_true", help="score the training splits instead")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--derive", action="store_true",
                    help="write presswatch/lang/fa/ner_derived.tsv from PEYMA train (names, given names, boundaries)")
    args = ap.parse_args()
    peyma_train = read_conll(FA / "peyma" / "train.txt", "pipe")
    if args.derive:
        write_derived(derive_lexicon(peyma_train), "PEYMA train.txt (github.com/overfit-ir/persian-twitter-ner c0207a9)")
    results = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.tune:
            # lists derived from the first 80% of PEYMA train, scored on the rest of train and on ARMAN
            # train_fold1 (= test folds 2 and 3); PEYMA dev and ARMAN test fold 1 stay untouched
            cut = len(peyma_train) * 4 // 5
            lex = build_lexicon("fa", derive_lexicon(peyma_train[:cut]))
            results["peyma_train_tail"] = run_set("peyma tr-20%", peyma_train[cut:], peyma_train[:cut], tmp,
                                                  Linker(fa_lexicon=lex))
            arman = read_conll(FA / "arman" / "train_fold1.txt")
            results["arman_train1"] = run_set("arman tr1", arman, peyma_train[:cut], tmp, Linker(fa_lexicon=lex))
        else:
            results["peyma_dev"] = run_set("peyma dev", read_conll(FA / "peyma" / "dev.txt", "pipe"), peyma_train, tmp)
            for k in (1, 2, 3):
                train = read_conll(FA / "arman" / f"train_fold{k}.txt")
                both = Linker(fa_lexicon=build_lexicon("fa", derive_lexicon(peyma_train + train)))
                results[f"arman_{k}"] = run_set(f"arman fold{k}", read_conll(FA / "arman" / f"test_fold{k}.txt"),
                                                train, tmp, also=both)
            for system in ("presswatch", "memorised", "presswatch + fold's names"):
                avg = sum(results[f"arman_{k}"][system]["overall"]["f1"] for k in (1, 2, 3)) / 3
                print(f"ARMAN 3-fold average F1 {system}: {avg:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
