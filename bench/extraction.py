"""Extraction benchmark: presswatch's HTML extraction vs trafilatura alone, in the same run.

Sets (read from ../shared/data/extraction, see its README.md):
  AEB       181 English news pages; body F1 by the benchmark's own 4-word-shingle method.
  WCXB dev  1,497 pages of 7 kinds; bag-of-words F1 averaged over pages, `with`/`without` snippet
            hit rates, and metadata accuracy (title, author, date). The 2 pages whose ground truth
            has no ``main_content`` count for snippets and metadata, not for body F1.

Peer: trafilatura with its default settings (``bare_extraction(..., with_metadata=True)``; its text
is the main text followed by comments, exactly what ``trafilatura.extract`` outputs as text).
Both systems run on the same page one after the other (order alternating), so machine load hits
both alike; only the extraction call is timed (reading and decompressing files is not).

Metadata matching rule (WCXB): title and author match when equal after Unicode NFKC, case folding,
whitespace collapsing, typographic quotes and dashes made plain and stripping
surrounding punctuation (for authors, ``;``, ``,``, ``&`` and ``and`` between names are one separator);
the date matches when the calendar day
(first 10 characters of the ISO date) is the same. A field the ground truth leaves empty is correct
only when the system leaves it empty too ("all pages"); "stated" counts only pages whose ground truth
has the field.

Usage: .venv/bin/python bench/extraction.py [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from presswatch.errors import Unprocessable  # noqa: E402
from presswatch.extract import scoring  # noqa: E402
from presswatch.extract.dates import normalise_date  # noqa: E402
from presswatch.extract.html import HtmlOptions, extract_html  # noqa: E402


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSWATCH_SHARED") or REPO.parent / "shared")


@dataclass
class Page:
    id: str
    html: str
    url: str | None
    body: str | None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    kind: str = "article"
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


@dataclass
class Output:
    text: str
    title: str | None
    author: str | None
    date: str | None


def read_gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def aeb_pages(root: Path, limit: int | None) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for i, (key, item) in enumerate(sorted(truth.items())):
        if limit is not None and i >= limit:
            break
        yield Page(key, read_gz(root / "html" / f"{key}.html.gz"), item.get("url"), item.get("articleBody") or "")


def wcxb_pages(root: Path, step: int) -> Iterator[Page]:
    for path in sorted((root / "ground-truth").glob("*.json"))[::step]:
        data = json.loads(path.read_text(encoding="utf-8"))
        gt = data.get("ground_truth", {})
        kind = data.get("_internal", {}).get("page_type", {}).get("primary", "unknown")
        yield Page(path.stem, read_gz(root / "html" / f"{path.stem}.html.gz"), data.get("url"),
                   gt.get("main_content"), gt.get("title"), gt.get("author"), gt.get("publish_date"), kind,
                   tuple(_as_list(gt.get("with"))), tuple(_as_list(gt.get("without"))))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def run_presswatch(page: Page) -> Output:
    try:
        r = extract_html(page.html, page.url, OPTIONS)
    except Unprocessable:
        return Output("", None, None, None)
    return Output(r.text, r.metadata.title, r.metadata.author, r.metadata.published)


def run_trafilatura(page: Page) -> Output:
    try:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    except Exception:  # the peer's own failures count as empty output
        doc = None
    if doc is None:
        return Output("", None, None, None)
    get: Callable[[str], Any] = (doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if get("comments"):
        text = f"{text}\n{get('comments')}"
    return Output(text, get("title"), get("author"), get("date"))


OPTIONS = HtmlOptions()
SYSTEMS: dict[str, Callable[[Page], Output]] = {"presswatch": run_presswatch, "trafilatura": run_trafilatura}


AUTHOR_SEP_RE = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm_field(value: str | None) -> str:
    text = unicodedata.normalize("NFKC", value or "").casefold().translate(QUOTES)
    return " ".join(text.split()).strip(" .,:;|-–—\"'“”‘’«»()[]")


def norm_author(value: str | None) -> str:
    """Several authors compare equal whatever the separator (``A; B``, ``A, B``, ``A & B``, ``A and B``)."""
    return ", ".join(p for p in (norm_field(x) for x in AUTHOR_SEP_RE.split(value or "")) if p)


def same_day(expected: str | None, got: str | None) -> bool:
    exp = (normalise_date(expected) or "")[:10]
    return exp == ((normalise_date(got) or "")[:10])


class Tally:
    """Scores of one system on one set."""

    def __init__(self) -> None:
        self.aeb: list[scoring.PageCounts] = []
        self.bow: list[tuple[float, float, float]] = []
        self.bow_by_kind: dict[str, list[float]] = defaultdict(list)
        self.seconds = 0.0
        self.pages = 0
        self.empty = 0
        self.snip = [0, 0, 0, 0]
        self.meta_all: dict[str, list[bool]] = defaultdict(list)
        self.meta_stated: dict[str, list[bool]] = defaultdict(list)

    def add(self, page: Page, out: Output, seconds: float, metadata: bool) -> None:
        self.seconds += seconds
        self.pages += 1
        self.empty += not out.text.strip()
        if page.body is not None:
            self.aeb.append(scoring.aeb_page(page.body, out.text))
            prf = scoring.bow_prf(page.body, out.text)
            self.bow.append(prf)
            self.bow_by_kind[page.kind].append(prf[2])
        for i, n in enumerate(scoring.snippet_hits(out.text, page.with_, page.without)):
            self.snip[i] += n
        if metadata:
            checks = {
                "title": (page.title, out.title, lambda e, g: norm_field(e) == norm_field(g)),
                "author": (page.author, out.author, lambda e, g: norm_author(e) == norm_author(g)),
                "date": (page.date, out.date, same_day),
            }
            for name, (exp, got, match) in checks.items():
                ok = bool(match(exp, got))
                self.meta_all[name].append(ok)
                if norm_field(exp):
                    self.meta_stated[name].append(ok)

    def summary(self) -> dict[str, Any]:
        aeb = scoring.aeb_score(self.aeb)
        bow = scoring.wcxb_score(self.bow)
        out: dict[str, Any] = {
            "pages": self.pages, "empty": self.empty,
            "pages_per_s": self.pages / self.seconds if self.seconds else 0.0,
            "aeb_f1": aeb.f1, "aeb_precision": aeb.precision, "aeb_recall": aeb.recall,
            "bow_f1": bow.f1, "bow_precision": bow.precision, "bow_recall": bow.recall,
        }
        if self.snip[1] or self.snip[3]:
            out["with_hit_rate"] = self.snip[0] / self.snip[1] if self.snip[1] else None
            out["without_hit_rate"] = self.snip[2] / self.snip[3] if self.snip[3] else None
        if self.meta_all:
            out["metadata_all_pages"] = {k: sum(v) / len(v) for k, v in self.meta_all.items()}
            out["metadata_stated"] = {k: (sum(v) / len(v) if v else None) for k, v in self.meta_stated.items()}
            out["bow_f1_by_kind"] = {k: sum(v) / len(v) for k, v in sorted(self.bow_by_kind.items())}
        return out


def run_set(name: str, pages: Iterator[Page], metadata: bool) -> dict[str, dict[str, Any]]:
    tallies = {s: Tally() for s in SYSTEMS}
    for i, page in enumerate(pages):
        order = list(SYSTEMS) if i % 2 == 0 else list(reversed(SYSTEMS))
        for system in order:
            start = time.perf_counter()
            out = SYSTEMS[system](page)
            tallies[system].add(page, out, time.perf_counter() - start, metadata)
        if (i + 1) % 50 == 0:
            print(f"  {name}: {i + 1} pages", file=sys.stderr, flush=True)
    return {s: t.summary() for s, t in tallies.items()}


def fmt(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else ("-" if v is None else str(v))


def print_table(results: dict[str, dict[str, dict[str, Any]]]) -> None:
    for set_name, per_system in results.items():
        pw, tf = per_system["presswatch"], per_system["trafilatura"]
        print(f"\n{set_name} ({pw['pages']} pages)")
        print(f"{'metric':<28}{'presswatch':>12}{'trafilatura':>13}{'ratio':>9}")
        keys = ["aeb_f1", "aeb_precision", "aeb_recall", "bow_f1", "bow_precision", "bow_recall",
                "with_hit_rate", "without_hit_rate", "pages_per_s", "empty"]
        rows = [(k, pw.get(k), tf.get(k)) for k in keys if k in pw]
        for group in ("metadata_all_pages", "metadata_stated", "bow_f1_by_kind"):
            for k in pw.get(group, {}):
                rows.append((f"{group.replace('metadata_', 'meta ')}.{k}", pw[group][k], tf[group].get(k)))
        for key, a, b in rows:
            ratio = a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
            print(f"{key:<28}{fmt(a):>12}{fmt(b):>13}{fmt(ratio):>9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="60 AEB pages and every 10th WCXB page")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "extraction.json")
    args = parser.parse_args(argv)
    root = shared_dir() / "data" / "extraction"
    if not (root / "aeb" / "ground-truth.json").is_file():
        print(f"benchmark data not found in {root}; set PRESSWATCH_SHARED to the shared folder", file=sys.stderr)
        return 2
    started = time.time()
    results = {
        "aeb": run_set("aeb", aeb_pages(root / "aeb", 60 if args.quick else None), metadata=False),
        "wcxb_dev": run_set("wcxb", wcxb_pages(root / "wcxb-dev", 10 if args.quick else 1), metadata=True),
    }
    print_table(results)
    report = {"quick": args.quick, "trafilatura_version": trafilatura.__version__,
              "seconds": round(time.time() - started, 1), "results": results}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
