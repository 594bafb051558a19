"""A learned judge over the English discovery rules, cross-validated against the rules alone (issue 11 point 4).

Only the tuning samples are used (en_discovery_sample/fresh/tune/tune2.tsv); the never-tuned sample is never
read here. Each row of a tuning sample that the rules still produce gets the features the linker holds at its
last decision on that mention (presswatch/entities/features_en.py, ``Linker.trace``) and the label "right"
(its final kind is the annotated one) or not. A judge drops the mentions it gives a probability below a
threshold; rows the rules already drop stay dropped. Compared in the same run, on held-out folds: precision
and right mentions kept, rules alone (no judge) beside the judge, and how many of the mentions the judge drops
were right (a judge that drops more right than wrong buys precision with real entities).

    python bench/en_discovery_train.py features --cache  # -> tests/data/entities/en_discovery_features.tsv
    python bench/en_discovery_train.py cv                # logistic judges, grouped by page and by sample
    python bench/en_discovery_train.py cv --parse --gbm  # with parse counts (bench/en_discovery_parse.py),
                                                         # and gradient boosting (needs scikit-learn)

The features file holds numbers only (page id, passage, offsets, kind, gold label, feature values), no text.
Folds: grouped by page (5, by a hash of the page id: the same page's mentions are never on both sides), and
leave one sample out (the samples share pages and names, so that split leaks and reads better than it is).
The logistic fit is deterministic (Newton's method, L2 penalty, standardised features).
"""

from __future__ import annotations

import argparse
import csv
import sys
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from presswatch.entities.features_en import BASE_FEATURES, KINDS  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "entities"
TUNING = ("en_discovery_sample.tsv", "en_discovery_fresh.tsv", "en_discovery_tune.tsv", "en_discovery_tune2.tsv")
FEATURES_FILE = DATA / "en_discovery_features.tsv"
HEAD = ("sample", "page", "passage", "start", "end", "kind", "gold")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


def feature_names(kind: str) -> tuple[str, ...]:
    """``base``: the features; ``kinds``: also each of them times each kind (one model per kind, sharing)."""
    if kind == "base":
        return BASE_FEATURES
    rest = [n for n in BASE_FEATURES if not n.startswith("kind_")]
    return BASE_FEATURES + tuple(f"{n}*kind_{k}" for k in KINDS for n in rest)


def expand(f: Mapping[str, float], names: Sequence[str]) -> list[float]:
    """The values of ``names`` ("a", or "a*b": the product of two features)."""
    out = []
    for n in names:
        a, _, b = n.partition("*")
        out.append(f[a] * f[b] if b else f[a])
    return out


def read_fixture(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def make_features(cache: bool) -> None:
    import en_discovery
    trace: list = []
    _found, linker, _ = en_discovery.discover(cache=cache, trace=trace)
    by_span = {(pid, p, s, e): (key, f) for pid, p, s, e, key, f in trace}
    rows = []
    for name in TUNING:
        for r in read_fixture(name):
            got = by_span.get((r["page"], int(r["passage"]), int(r["start"]), int(r["end"])))
            if got is None:
                continue
            key, f = got
            rows.append([name, r["page"], r["passage"], r["start"], r["end"], linker.kinds.get(key, "unknown"),
                         r["gold"]] + [f"{f[n]:.6g}" for n in BASE_FEATURES])
    with FEATURES_FILE.open("w", encoding="utf-8", newline="") as out:
        out.write("# features of the tuning samples' mentions the rules keep (bench/en_discovery_train.py features)\n")
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(HEAD + BASE_FEATURES)
        w.writerows(rows)
    print(f"{len(rows)} rows -> {FEATURES_FILE}")


def load(path: Path = FEATURES_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    return [{**{k: r[k] for k in HEAD}, "f": {n: float(r[n]) for n in BASE_FEATURES},
             "y": float(r["kind"] == r["gold"])} for r in rows]


def matrix(rows: Sequence[dict], names: Sequence[str]) -> np.ndarray:
    return np.array([expand(r["f"], names) for r in rows], dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(means, scales, weights, bias) of an L2-penalised logistic regression (bias not penalised)."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    a = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    pen = np.full(a.shape[1], l2)
    pen[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -30, 30)))
        step = np.linalg.solve((a * (p * (1 - p))[:, None]).T @ a + np.diag(pen + 1e-9), a.T @ (p - y) + pen * w)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return means, scales, w[:-1], float(w[-1])


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    means, scales, w, b = model
    return 1.0 / (1.0 + np.exp(-np.clip(((x - means) / scales) @ w + b, -30, 30)))


def fold_of(page: str, k: int) -> int:
    return zlib.crc32(page.encode()) % k


def groups(rows: Sequence[dict], by: str, k: int = 5) -> np.ndarray:
    return np.array([fold_of(r["page"], k) if by == "page" else TUNING.index(r["sample"]) for r in rows])


def out_of_fold(x: np.ndarray, y: np.ndarray, g: np.ndarray, make) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each group's probabilities from a model fitted on the other groups (``make(x, y)`` -> predict)."""
    out = np.zeros(len(y))
    for fold in sorted(set(g.tolist())):
        test = g == fold
        out[test] = make(x[~test], y[~test])(x[test])
    return out


def logistic(l2: float):  # type: ignore[no-untyped-def]
    def make(x: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
        model = fit(x, y, l2)
        return lambda z: predict(model, z)
    return make


def gbm():  # type: ignore[no-untyped-def]
    from sklearn.ensemble import GradientBoostingClassifier  # only for this comparison, never at run time

    def make(x: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
        m = GradientBoostingClassifier(n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8,
                                       random_state=0).fit(x, y)
        return lambda z: m.predict_proba(z)[:, 1]
    return make


def summary(rows: Sequence[dict], probs: np.ndarray, threshold: float) -> dict:
    """Precision (all and per kind), right mentions kept, mentions dropped by the judge and how many were right."""
    kept = [i for i in range(len(rows)) if probs[i] >= threshold]
    right = sum(rows[i]["y"] for i in kept)
    per_kind = {}
    for kind in KINDS:
        kk = [i for i in kept if rows[i]["kind"] == kind]
        per_kind[kind] = round(sum(rows[i]["y"] for i in kk) / len(kk), 3) if kk else None
    dropped = [i for i in range(len(rows)) if probs[i] < threshold]
    return {"precision": round(right / len(kept), 3) if kept else None, "right": int(right), "kept": len(kept),
            **per_kind, "dropped": len(dropped), "dropped_right": int(sum(rows[i]["y"] for i in dropped))}


def line(label: str, s: dict) -> str:
    return (f"{label:>7}: {s['precision']:.3f} ({s['right']}/{s['kept']}; person {s['person']} org {s['org']} "
            f"place {s['place']}) dropped {s['dropped']}, {s['dropped_right']} of them right")


def add_parse(rows: list[dict]) -> tuple[str, ...]:
    """The parse counts of bench/en_discovery_parse.py as extra features of each row (by its name)."""
    import en_discovery_parse as ep

    from presswatch.entities.normalize import token_key
    surface = {(r["page"], r["passage"], r["start"]): r["surface"] for name in TUNING for r in read_fixture(name)}
    names = [tuple(token_key(w) for w in surface[(r["page"], r["passage"], r["start"])].replace("-", " ").split())
             for r in rows]
    stats = ep.name_stats(ep.load(), set(names))
    for r, name in zip(rows, names, strict=True):
        c = stats[name]
        r["f"]["parse_n"] = float(np.log1p(c["n"]))
        for st in ep.STATS[1:]:
            r["f"]["parse_" + st] = c[st] / c["n"] if c["n"] else 0.0
    return ("parse_n", *("parse_" + st for st in ep.STATS[1:]))


def run_cv(k: int = 5, parse: bool = False, boosting: bool = False) -> None:
    rows = load()
    extra = add_parse(rows) if parse else ()
    y = np.array([r["y"] for r in rows])
    print(f"{len(rows)} rows the rules keep, {int(y.sum())} right")
    print(line("rules", summary(rows, np.ones(len(rows)), 0.5)))
    models = [(f"logistic {feats} l2={l2}", feature_names(feats) + extra, logistic(l2))
              for feats in ("base", "kinds") for l2 in (1.0, 3.0, 10.0, 30.0)]
    if boosting:
        models.append(("gradient boosting", BASE_FEATURES + extra, gbm()))
    for label, names, make in models:
        x = matrix(rows, names)
        for by in ("page", "sample"):
            probs = out_of_fold(x, y, groups(rows, by, k), make)
            print(f"{label} ({len(names)} features), held out by {by}:")
            for t in THRESHOLDS:
                print("  " + line(f"t={t:.2f}", summary(rows, probs, t)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["features", "cv"])
    ap.add_argument("--cache", action="store_true", help="features: reuse spaCy spans from a temporary file")
    ap.add_argument("--parse", action="store_true", help="cv: with parse counts (bench/en_discovery_parse.py)")
    ap.add_argument("--gbm", action="store_true", help="cv: also gradient boosting (needs scikit-learn)")
    ap.add_argument("-k", type=int, default=5, help="cv: folds grouped by page")
    args = ap.parse_args()
    if args.what == "features":
        make_features(args.cache)
    else:
        run_cv(args.k, args.parse, args.gbm)


if __name__ == "__main__":
    main()
