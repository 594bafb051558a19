"""Persian NER on PEYMA dev and the ARMAN folds: presswatch rules beside a memorisation baseline.

PER/ORG/LOC only (other gold types are O). Scores are computed by ../shared/data/ner/score_ner.py
(conlleval) on files written to a temporary folder; nothing from the corpora is kept.

    python bench/ner_fa.py            # PEYMA dev + ARMAN test folds 1-3 (reported figures)
    python bench/ner_fa.py --tune     # PEYMA train + ARMAN train_fold1 (what the rules were tuned on)
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

from presswatch.entities.conll import Memorised, Sentence, read_conll, tag_sentences
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


def run_set(name: str, test: list[Sentence], train: list[Sentence], tmp: Path) -> dict:
    t0 = time.process_time()
    ours = tag_sentences(Linker(), [s.tokens for s in test])
    secs = time.process_time() - t0
    memo = Memorised(train)
    base = [memo.tag(s.tokens) for s in test]
    res = {"presswatch": official(test, ours, tmp), "memorised": official(test, base, tmp),
           "sentences": len(test), "cpu_s_per_1000": round(1000 * secs / max(1, len(test)), 2)}
    line = [f"{name:12s}"]
    for system in ("presswatch", "memorised"):
        r = res[system]
        per = " ".join(f"{t} {r['per_type'].get(t, {}).get('f1', 0):5.1f}" for t in ("PER", "ORG", "LOC"))
        o = r["overall"]
        line.append(f"{system} P {o['precision']:5.1f} R {o['recall']:5.1f} F1 {o['f1']:5.1f} ({per})")
    print(" | ".join(line), flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tune", action="store_true", help="score the training splits instead")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    peyma_train = read_conll(FA / "peyma" / "train.txt", "pipe")
    results = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.tune:
            results["peyma_train"] = run_set("peyma train", peyma_train, peyma_train, tmp)
            arman = read_conll(FA / "arman" / "train_fold1.txt")
            results["arman_train1"] = run_set("arman tr1", arman, arman, tmp)
        else:
            results["peyma_dev"] = run_set("peyma dev", read_conll(FA / "peyma" / "dev.txt", "pipe"), peyma_train, tmp)
            for k in (1, 2, 3):
                results[f"arman_{k}"] = run_set(f"arman fold{k}", read_conll(FA / "arman" / f"test_fold{k}.txt"),
                                                read_conll(FA / "arman" / f"train_fold{k}.txt"), tmp)
            for system in ("presswatch", "memorised"):
                avg = sum(results[f"arman_{k}"][system]["overall"]["f1"] for k in (1, 2, 3)) / 3
                print(f"ARMAN 3-fold average F1 {system}: {avg:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
