"""A unit's lead skips site boilerplate once the reuse stage has flagged it (issue 10, point 8).

Anatomy runs before reuse, so an article unit's text may open with a paragraph that the reuse stage only
later finds on other, unrelated pages. The inbox excerpt, the unit list, the export's ``lead`` and the
best snippet of a unit search hit all start at the unit's own text. Real ingest into a real archive."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from linkpages import parallel

from presswatch.api import inbox, ingest
from presswatch.browse.units import list_units
from presswatch.export.jsonl import export_jsonl
from presswatch.project import Project
from presswatch.reuse.boilerplate import boilerplate_spans, lead_texts, without_spans
from presswatch.search.units import search_units
from presswatch.triage.inbox import _excerpt

TEXTS = parallel()
OWN = ("The fishermen's newsletter of Durrës reported the quarrel over quotas first, in March.",
       "A teachers' newsletter collected two hundred signatures against the closure of the school.",
       "Our weekly newsletter on water prices will follow the vote in the council next month.")
BOILERPLATE = ("Sign up here to receive our free morning newsletter with the stories our editors picked "
               "for you, delivered to your inbox every day.")


def _sites(project: Project, tmp_path: Path, n: int = 3) -> None:
    records = [{"url": f"https://site{k}.example/a", "outlet": f"Site {k}", "published": f"2024-04-0{k}",
                "title": f"Story {k}", "text": BOILERPLATE + "\n\n" + TEXTS[(f"s0{k}a", "en")].replace("\n", "\n\n")
                + "\n\n" + OWN[k - 1]}
               for k in range(1, n + 1)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    ingest(project, [feed], progress=False)


def test_without_spans_keeps_a_unit_that_is_all_boilerplate() -> None:
    text = "Sign up here.\n\nThe story.\n\nMore."
    assert without_spans(text, [(0, 13)]) == "The story.\n\nMore."
    assert without_spans(text, [(0, len(text))]) == text
    assert without_spans(text, []) == text


def test_unit_leads_skip_boilerplate_the_reuse_stage_found(project: Project, tmp_path: Path) -> None:
    _sites(project, tmp_path)
    conn = project.connect()
    try:
        rows = conn.execute("SELECT id, text FROM units WHERE kind = 'article'").fetchall()
        assert len(rows) == 3
        # the stored text still opens with the notice: anatomy cannot know it is repeated elsewhere
        assert all(str(r[1]).startswith("Sign up here") for r in rows)
        assert all(_excerpt(str(r[1]), None).startswith("Sign up here") for r in rows)   # the old excerpt
        spans = boilerplate_spans(conn, [int(r[0]) for r in rows])
        assert set(spans) == {int(r[0]) for r in rows} and all(s[0][0] == 0 for s in spans.values())
        leads = lead_texts(conn, {int(r[0]): str(r[1]) for r in rows})
        assert not any("Sign up" in t for t in leads.values())
        listed = list_units(conn, kind="article").items
        assert len(listed) == 3 and not any(u.excerpt.startswith("Sign up") for u in listed), \
            [u.excerpt[:30] for u in listed]
        out = io.StringIO()
        export_jsonl(conn, out, types=["unit"])
        exported = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
        articles = [r for r in exported if r.get("type") == "unit" and r["kind"] == "article"]
        assert len(articles) == 3 and all(r["lead"] and "Sign up" not in r["lead"] for r in articles)
        assert all(r["text"].startswith("Sign up here") for r in articles)       # the text itself is whole
    finally:
        conn.close()
    page = inbox(project, reader=None)
    excerpts = [u.excerpt for g in page.groups for u in g.units if u.kind == "article"]
    assert len(excerpts) == 3 and not any(e.startswith("Sign up") for e in excerpts), excerpts
    # "newsletter" is in the shared notice and in each page's own last line: the own line is the snippet
    hits = search_units(project, "newsletter").hits
    assert len(hits) == 3
    assert not any("Sign up" in h.snippet for h in hits), [h.snippet[:40] for h in hits]


def test_a_lone_page_keeps_its_opening(project: Project, tmp_path: Path) -> None:
    """One page: nothing is repeated elsewhere, so nothing is skipped (the rule needs the reuse index)."""
    _sites(project, tmp_path, n=1)
    conn = project.connect()
    try:
        listed = list_units(conn, kind="article").items
    finally:
        conn.close()
    assert listed and listed[0].excerpt.startswith("Sign up here")


def test_a_short_notice_opening_two_pages_is_never_a_digest_lead(project: Project, tmp_path: Path,
                                                                  opening_not_a_lead: Callable[..., None]) -> None:
    """Two unrelated pages open with the same disclosure, too short for the reuse index and on fewer
    than three pages: it opens both, so it is a notice, not either story's lead."""
    notice = "This post may contain affiliate links."
    records = [{"url": f"https://blog{k}.example/p", "outlet": f"Blog {k}", "published": f"2024-06-0{k}",
                "title": f"Post {k}", "text": notice + " " + TEXTS[(f"s0{k}a", "en")].replace("\n", "\n\n")}
               for k in (4, 5)]
    feed = tmp_path / "blogs.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    ingest(project, [feed], progress=False)
    opening_not_a_lead(notice, 2, marker="affiliate")
