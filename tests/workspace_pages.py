"""Small real pages for the editor's-workspace tests (triage, digest workflow, publishing), ingested
into a real SQLite project."""

from __future__ import annotations

from pathlib import Path

from presswatch.api import ingest
from presswatch.project import Project

PARAS = [
    "The regional council approved the new water plan on Tuesday after a long debate.",
    "Opponents said that the plan ignores the farmers who depend on the river.",
    "The vote was 21 to 9, and the plan now goes to the ministry for approval.",
]
SQ = ["Këshilli rajonal miratoi të martën planin e ri për ujin pas një debati të gjatë.",
      "Kundërshtarët thanë se plani nuk merr parasysh fermerët që varen nga lumi."]


def page(title: str, author: str, outlet: str, published: str, url: str, paras: list[str], lang: str = "en") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}"></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1><p class="byline">By {author}</p>{body}</article>
<footer>© 2026 {outlet}</footer></body></html>"""


STORIES = [
    ("a.html", "Council approves water plan", "Ana Berisha", "River Times", "2026-03-10",
     "https://rivertimes.example/water-plan", PARAS, "en"),
    ("b.html", "Farmers fear for the river", "Tom Reed", "Capital Post", "2026-03-11",
     "https://capitalpost.example/farmers",
     ["Farmers along the river said on Wednesday that the new plan leaves them without water in summer.",
      "The ministry has promised to answer their letter within two weeks."], "en"),
    ("c.html", "Këshilli miraton planin e ujit", "Besa Marku", "Lugina Press", "2026-03-11",
     "https://lugina.example/plani", SQ, "sq"),
    ("d.html", "Ministry delays the dam report", "Mira Holt", "Valley Voice", "2026-03-12",
     "https://valleyvoice.example/dam",
     ["The ministry delayed its report on the dam for a third time, officials said on Thursday.",
      "Environmental groups called the delay a sign that the study found serious problems."], "en"),
    ("late.html", "Protest planned in the capital", "Ana Berisha", "River Times", "2026-03-25",
     "https://rivertimes.example/protest",
     ["Residents of the valley will travel to the capital next week to protest against the plan.",
      "The organisers expect several hundred people to join the march on Saturday."], "en"),
]


def workspace_project(root: Path, stories: list[tuple[str, ...]] | None = None) -> Project:
    project = Project.init(root / "proj")
    src = root / "src"
    src.mkdir(exist_ok=True)
    for name, title, author, outlet, published, url, paras, lang in stories or STORIES:  # type: ignore[misc]
        (src / name).write_text(page(title, author, outlet, published, url, list(paras), lang), encoding="utf-8")
    ingest(project, [src], progress=False)
    return project
