"""Boilerplate digest leads on the WCXB dev article pages, before and after, from one run.

Ingests the article pages (``page_type.primary == "article"``) of ../shared/data/extraction/wcxb-dev
into a fresh project (the page pipeline and the reuse and translation stages), then drafts one digest of every page twice
from the same archive: leads chosen as before (``skip_repeated=False``) and as now (passages the reuse
stage found on other, unrelated pages, and sentences standing in 3+ pages' texts, are never a lead). A
lead counts as boilerplate when one of its sentences lies inside such a repeated text; as an independent
check, leads whose first sentence is also another page's lead are counted too.

    .venv/bin/python bench/boilerplate_leads.py [--limit N]

Writes bench/results/boilerplate_leads.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.anatomy.evaluate import shared_dir, wcxb_article_ids  # noqa: E402
from presswatch.api import ingest  # noqa: E402
from presswatch.digest.build import build_digest  # noqa: E402
from presswatch.project import Project  # noqa: E402
from presswatch.reuse.boilerplate import is_repeated, lead_texts, repeated_passages, shared_sentences  # noqa: E402
from presswatch.reuse.lead import lead_sentences  # noqa: E402
from presswatch.text.sentences import sentences  # noqa: E402


def count_boilerplate(conn, digest) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Leads with a sentence inside a passage the reuse index found on other, unrelated pages, or a
    sentence that stands in the texts of 3+ pages (boilerplate under the index's minimum length)."""
    ids = [i.unit_id for i in digest.items if i.unit_id is not None]
    repeated = repeated_passages(conn, ids)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, page_id, text FROM units WHERE id IN ({marks})", ids).fetchall() if ids else []
    for uid, sents in shared_sentences({int(r[0]): (int(r[1]), str(r[2])) for r in rows}).items():
        repeated.setdefault(uid, []).extend(sents)
    bad = []
    for item in digest.items:
        rep = repeated.get(item.unit_id or -1, [])
        if rep and any(is_repeated(s, rep) for s in sentences(item.lead)):
            bad.append(item.lead[:100])
    return len(bad), bad


def same_lead_elsewhere(conn, digest) -> int:  # type: ignore[no-untyped-def]
    """Independent check: items whose first lead sentence is also the first lead sentence of an item
    from another page (a lead repeated across pages is not the story)."""
    first: dict[str, set[int]] = {}
    page_of = {int(r[0]): int(r[1]) for r in conn.execute("SELECT id, page_id FROM units")}
    for item in digest.items:
        s = sentences(item.lead)
        if s and item.unit_id is not None:
            first.setdefault(" ".join(s[0].casefold().split()), set()).add(page_of.get(item.unit_id, -1))
    return sum(len(p) for p in first.values() if len(p) > 1)


def unit_leads(conn) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Article units whose lead (first prose sentences: what the inbox, unit list, export and unit search
    show first) has a sentence inside a passage the reuse index flagged, from the stored text (before)
    and from :func:`lead_texts` (after)."""
    rows = conn.execute("SELECT id, title, text FROM units WHERE kind = 'article'").fetchall()
    units = {int(r[0]): str(r[2] or "") for r in rows}
    titles = {int(r[0]): r[1] for r in rows}
    repeated = repeated_passages(conn, list(units))
    leads = lead_texts(conn, units)
    out = {"article_units": len(units), "opening_with_boilerplate_before": 0, "opening_with_boilerplate_after": 0}
    for uid, text in units.items():
        rep = repeated.get(uid, [])
        if not rep:
            continue
        for key, source in (("before", text), ("after", leads[uid])):
            if any(is_repeated(x, rep) for x in lead_sentences(source, 2, title=titles[uid])):
                out[f"opening_with_boilerplate_{key}"] += 1
    return out


def same_lead_examples(conn, digest) -> list[str]:  # type: ignore[no-untyped-def]
    """The leads the independent check counts, to look at."""
    first: dict[str, list[str]] = {}
    page_of = {int(r[0]): int(r[1]) for r in conn.execute("SELECT id, page_id FROM units")}
    for item in digest.items:
        s = sentences(item.lead)
        if s and item.unit_id is not None:
            first.setdefault(" ".join(s[0].casefold().split()), []).append(
                f"page {page_of.get(item.unit_id)} unit {item.unit_id}: {item.lead[:160]}")
    return [x for v in first.values() if len(v) > 1 for x in v]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N article pages")
    args = ap.parse_args()
    root = shared_dir() / "data" / "extraction" / "wcxb-dev"
    ids = wcxb_article_ids(root)[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for fid in ids:
            (pages / f"{fid}.html").write_bytes(gzip.decompress((root / "html" / f"{fid}.html.gz").read_bytes()))
        project = Project.init(Path(tmp) / "proj")
        # the stages a digest lead depends on (entities and quotes do not change leads; they are slow)
        with (project.root / "presswatch.toml").open("a", encoding="utf-8") as fh:
            fh.write('\n[process]\nstages = ["decode", "extract", "anatomy", "passages", "lang", "reuse", "translation"]\n')
        project = Project.open(project.root)
        t0 = time.perf_counter()
        report = ingest(project, [pages], process=True, progress=False)
        seconds = time.perf_counter() - t0
        conn = project.connect()
        try:
            before = build_digest(conn, "1900-01-01", "2100-12-31", save=False, skip_repeated=False)
            after = build_digest(conn, "1900-01-01", "2100-12-31", save=False)
            n_before, ex_before = count_boilerplate(conn, before)
            n_after, ex_after = count_boilerplate(conn, after)
            same_before, same_after = same_lead_elsewhere(conn, before), same_lead_elsewhere(conn, after)
            units = unit_leads(conn)
            same_examples = same_lead_examples(conn, after)
            passage_links = conn.execute("SELECT COUNT(*) FROM links WHERE level = 'passage'").fetchone()[0]
        finally:
            conn.close()
    result = {"pages": len(ids), "ingest_seconds": round(seconds, 1), "passage_links": passage_links,
              "leads_before": len(before.items), "boilerplate_leads_before": n_before,
              "leads_after": len(after.items), "boilerplate_leads_after": n_after,
              "same_first_sentence_as_another_page_before": same_before,
              "same_first_sentence_as_another_page_after": same_after,
              "unit_leads": units, "same_first_sentence_examples_after": same_examples,
              "examples_before": ex_before[:15], "examples_after": ex_after[:15],
              "counts": {k: v for k, v in report.counts.items() if k.startswith("reuse:")}}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "boilerplate_leads.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                                encoding="utf-8")


if __name__ == "__main__":
    main()
