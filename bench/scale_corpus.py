"""Generated archives for the scale benchmark (bench/scale.py): many sites, reuse, translations, names.

Deterministic: page ``i`` of seed ``s`` is always the same page, whatever batch it is written in, so an
archive can grow (1,000 pages, then 9,000 more, then 90,000 more) and stay the same archive.

What a page is (drawn from page i's own random stream):

* 52% an original article (a new story, its language the site's: en, sq or fa);
* 14% a full copy of an earlier story on another site (one in three with one sentence changed);
* 8% an excerpt: the first two paragraphs of an earlier story and a "read more" line;
* 4% a digest page holding three earlier stories whole, each under its headline;
* 12% a translation of an earlier story into another of en/sq/fa (same names, numbers, dates and
  quotations in the same order, as a translator keeps them);
* the rest, a text dump (.txt) of an original story;

every HTML page wrapped in its site's boilerplate (navigation, newsletter notice, footer), the same on
all the site's pages. A story is made of a few paragraphs: frame words of its language (function words,
"said", a date, a quotation with its speaker) around content words drawn from a generated vocabulary
(syllable words, so no third-party text is used), with people, organisations and places from a
recurring pool (people have a full name, a surname-only form and a title form; organisations an acronym
introduced as "Full Name (ACR)"), and numbers of its own. A copy's date is its page's date (later than
the story's), a few pages state no date.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LANGS = ("en", "sq", "fa")

# (en/sq form, fa form) first and last names; people are combinations, so surnames recur across people.
FIRST = [("Arben", "آربن"), ("Teuta", "تئوتا"), ("Gjergj", "گیورگ"), ("Valbona", "والبونا"), ("Drita", "دریتا"),
         ("Blerim", "بلریم"), ("Ilir", "ایلیر"), ("Mimoza", "میموزا"), ("Besnik", "بسنیک"), ("Elira", "الیرا"),
         ("Hannah", "هانا"), ("James", "جیمز"), ("Sarah", "سارا"), ("Michael", "مایکل"), ("Emily", "امیلی"),
         ("David", "دیوید"), ("Laura", "لورا"), ("Peter", "پیتر"), ("Ali", "علی"), ("Reza", "رضا"),
         ("Maryam", "مریم"), ("Hassan", "حسن"), ("Zahra", "زهرا"), ("Amir", "امیر"), ("Nasrin", "نسرین"),
         ("Parviz", "پرویز"), ("Fatemeh", "فاطمه"), ("Mahmoud", "محمود")]
LAST = [("Zeka", "زکا"), ("Berisha", "بریشا"), ("Marku", "مارکو"), ("Kryeziu", "کریزیو"), ("Leka", "لکا"),
        ("Hoxha", "هوجا"), ("Gashi", "گاشی"), ("Krasniqi", "کراسنیچی"), ("Shehu", "شهو"), ("Dervishi", "درویشی"),
        ("Whitcombe", "ویتکام"), ("Fletcher", "فلچر"), ("Morgan", "مورگان"), ("Hughes", "هیوز"),
        ("Bennett", "بنت"), ("Carter", "کارتر"), ("Ahmadi", "احمدی"), ("Hosseini", "حسینی"), ("Karimi", "کریمی"),
        ("Rezaei", "رضایی"), ("Moradi", "مرادی"), ("Jalali", "جلالی"), ("Sadeghi", "صادقی"), ("Najafi", "نجفی")]
TITLES = {"en": ["Minister", "Mayor", "Director", "spokesperson"], "sq": ["ministri", "kryetari", "drejtori"],
          "fa": ["وزیر", "شهردار", "مدیر"]}
# organisations: (en, sq, fa, acronym)
ORGS = [("National Energy Agency", "Agjencia Kombëtare e Energjisë", "آژانس ملی انرژی", "NEA"),
        ("Ministry of Infrastructure", "Ministria e Infrastrukturës", "وزارت زیرساخت", "MOI"),
        ("Balkan Water Council", "Këshilli Ballkanik i Ujit", "شورای آب بالکان", "BWC"),
        ("European Investment Bank", "Banka Evropiane e Investimeve", "بانک سرمایه‌گذاری اروپا", "EIB"),
        ("Pars Sadd Engineering", "Pars Sadd Engineering", "مهندسی پارس سد", "PSE"),
        ("Environmental Rights Front", "Fronti për të Drejtat Mjedisore", "جبهه حقوق محیط زیست", "ERF"),
        ("Chamber of Commerce", "Dhoma e Tregtisë", "اتاق بازرگانی", "CCI"),
        ("Union of Farmers", "Bashkimi i Fermerëve", "اتحادیه کشاورزان", "UOF"),
        ("Regional Transport Authority", "Autoriteti Rajonal i Transportit", "سازمان حمل و نقل منطقه‌ای", "RTA"),
        ("Institute of Statistics", "Instituti i Statistikave", "مرکز آمار", "INSTAT"),
        ("Central Election Commission", "Komisioni Qendror i Zgjedhjeve", "کمیسیون مرکزی انتخابات", "CEC"),
        ("Red Crescent Society", "Shoqata e Gjysmëhënës së Kuqe", "جمعیت هلال احمر", "RCS")]
PLACES = [("Tirana", "Tiranë", "تیرانا"), ("Tehran", "Teheran", "تهران"), ("Durrës", "Durrës", "دورس"),
          ("Shkodra", "Shkodër", "شکودرا"), ("Isfahan", "Isfahan", "اصفهان"), ("Vlora", "Vlorë", "ولورا"),
          ("Brussels", "Bruksel", "بروکسل"), ("Vienna", "Vjenë", "وین"), ("Elbasan", "Elbasan", "الباسان"),
          ("Korça", "Korçë", "کورچا"), ("Tabriz", "Tabriz", "تبریز"), ("Mashhad", "Mashhad", "مشهد")]
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"],
          "sq": ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor",
                 "nëntor", "dhjetor"],
          "fa": ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر",
                 "دسامبر"]}
FUNCTION = {"en": "the of and to in that for on with by from at as the of and the is was will".split(),
            "sq": "dhe në të për me se nga është janë një i e do të në dhe që për".split(),
            "fa": "و در به از که این با را است برای آن یک می‌شود شده و در به".split()}
SYLLABLES = {"en": "ba ter ven lo mar sic ple dor an tes kin ro ful ment ing ar cal dis pen ti vor mo".split(),
             "sq": "ka ri më shë ta ve ço lla rr ja bi ko zë gj ni të mi sh dh pu ra lu".split(),
             "fa": "کا ری مه شا تا وه دو لا را جا بی کو زا نی می شه پو رو سا گا".split()}
ENDINGS = {"en": ["", "", "s", "ed", "ing", "ment"], "sq": ["", "imi", "ave", "ës", "it", "ja", "ut"],
           "fa": ["", "", "ها", "ی", "ان", "ش"]}
SAID = {"en": "said", "sq": "tha", "fa": "گفت"}
READ_MORE = {"en": "Read the full story at", "sq": "Lexoni artikullin e plotë në", "fa": "متن کامل را در این نشانی بخوانید:"}
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Site:
    host: str
    name: str
    lang: str
    nav: list[str]
    notice: str
    footer: str


@dataclass(frozen=True)
class Page:
    index: int
    site: Site
    kind: str               # original | copy | edited_copy | excerpt | digest | translation | textdump
    story: int              # the story it carries (for a digest: the first of its stories)
    lang: str
    date: dt.date | None
    title: str
    paragraphs: list[str]
    sections: list[tuple[str, list[str]]]   # a digest's (headline, paragraphs)

    @property
    def suffix(self) -> str:
        return ".txt" if self.kind == "textdump" else ".html"


class Vocabulary:
    """Generated content words per language (the same for every seed: words are not the point)."""

    def __init__(self, size: int = 3000) -> None:
        self.words: dict[str, list[str]] = {}
        for lang in LANGS:
            rng = random.Random(f"vocab-{lang}")
            seen: dict[str, None] = {}
            while len(seen) < size:
                w = "".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(2, 3))) + rng.choice(ENDINGS[lang])
                if len(w) >= 4:
                    seen[w] = None
            self.words[lang] = list(seen)

    def content(self, rng: random.Random, lang: str, n: int) -> list[str]:
        # a few common words, most drawn from a long tail
        words = self.words[lang]
        return [words[rng.randrange(40) if rng.random() < 0.2 else min(len(words) - 1, int(rng.expovariate(1 / 700)))]
                for _ in range(n)]


VOCAB = Vocabulary()


class Generator:
    """Pages of one seed; ``page(i)`` is a pure function of (seed, i)."""

    def __init__(self, seed: int = 13, sites: int = 60) -> None:
        self.seed = seed
        rng = random.Random(f"{seed}-sites")
        self.sites = []
        for k in range(sites):
            lang = LANGS[0] if k % 2 == 0 else LANGS[1 + (k // 2) % 2]   # half English, a quarter each sq/fa
            name = "".join(rng.choice(SYLLABLES["en"]) for _ in range(2)).title() + f" {['News', 'Post', 'Daily', 'Wire', 'Press'][k % 5]}"
            host = name.lower().replace(" ", "") + f"{k}.example"
            nav = [" ".join(VOCAB.content(rng, lang, 1)).title() for _ in range(6)]
            notice = {"en": f"Sign up for the {name} newsletter and get our best stories every morning in your inbox.",
                      "sq": f"Regjistrohuni në buletinin e {name} dhe merrni lajmet më të mira çdo mëngjes.",
                      "fa": f"در خبرنامه {name} عضو شوید و هر روز صبح بهترین خبرها را دریافت کنید."}[lang]
            footer = f"© {name} 2026. " + {"en": "All rights reserved. Contact the newsroom. Privacy policy.",
                                            "sq": "Të gjitha të drejtat të rezervuara. Kontakt. Privatësia.",
                                            "fa": "تمامی حقوق محفوظ است. تماس با ما. حریم خصوصی."}[lang]
            self.sites.append(Site(host, name, lang, nav, notice, footer))
        self.people = [(f, lst) for f in FIRST for lst in LAST]
        random.Random(f"{seed}-people").shuffle(self.people)

    # -- stories -------------------------------------------------------------------------------

    def story_lang(self, story: int) -> str:
        return self.site_of(story).lang     # an original is written in its site's language

    def site_of(self, i: int) -> Site:
        return self.sites[random.Random(f"{self.seed}-site-{i}").randrange(len(self.sites))]

    def story(self, story: int, lang: str) -> tuple[str, list[str]]:
        """(title, paragraphs) of ``story`` written in ``lang``: the slots (names, numbers, dates, quote
        places) come from the story's own stream, the words from the (story, lang) stream, so the same
        story in two languages is a translation: same anchors in the same order, other words."""
        slots = random.Random(f"{self.seed}-story-{story}")
        words = random.Random(f"{self.seed}-story-{story}-{lang}")
        li = LANGS.index(lang)
        # a story is about one or two people, an organisation and a place, drawn from a Zipf-like pool
        pool = len(self.people)
        people = [self.people[min(pool - 1, int(slots.paretovariate(0.8)) - 1 + slots.randrange(3))]
                  for _ in range(2)]
        org = ORGS[min(len(ORGS) - 1, int(slots.paretovariate(1.0)) - 1)]
        place = PLACES[slots.randrange(len(PLACES))]
        day, month = slots.randint(1, 28), slots.randrange(12)
        n_paras = slots.randint(4, 6)

        def name(person: tuple[tuple[str, str], tuple[str, str]], form: str) -> str:
            (first, first_fa), (last, last_fa) = person
            f, lname = (first_fa, last_fa) if lang == "fa" else (first, last)
            if form == "full":
                return f"{f} {lname}"
            if form == "title":
                return f"{words.choice(TITLES[lang])} {lname}" if lang != "en" else f"{words.choice(TITLES['en'])} {lname}"
            return lname

        def num() -> str:
            value = str(slots.choice([slots.randint(12, 99), slots.randint(100, 9999), slots.randint(10_000, 999_999)]))
            return value.translate(FA_DIGITS) if lang == "fa" else value

        def filler(n: int) -> str:
            out = []
            for w in VOCAB.content(words, lang, n):
                out.append(w)
                if words.random() < 0.45:
                    out.append(words.choice(FUNCTION[lang]))
            return " ".join(out)

        def sentence(*middle: str, n: int = 9) -> str:
            parts = [filler(words.randint(2, 4))]
            for m in middle:
                parts += [m, filler(words.randint(2, 5))]
            parts.append(filler(max(2, n - 4 * len(middle))))
            s = " ".join(parts)
            return s[0].upper() + s[1:] + "." if lang != "fa" else s + "."

        org_name = org[li]
        date = {"en": f"{day} {MONTHS['en'][month]}", "sq": f"{day} {MONTHS['sq'][month]}",
                "fa": f"{str(day).translate(FA_DIGITS)} {MONTHS['fa'][month]}"}[lang]
        paras = []
        p0, p1 = people
        paras.append(" ".join([sentence(f"{name(p0, 'full')}", f"{place[li]}", date, n=14),
                               sentence(f"{org_name} ({org[3]})", num(), n=12)]))
        for k in range(1, n_paras):
            kind = slots.choice(["quote", "number", "number", "org", "person"])
            if kind == "quote":
                quoted = filler(words.randint(8, 14))
                who = name(p0 if slots.random() < 0.6 else p1, "short" if k > 1 else "title")
                if lang == "en":
                    q = f"“{quoted[0].upper()}{quoted[1:]} {num()},” {who} {SAID['en']}."
                elif lang == "sq":
                    q = f"„{quoted[0].upper()}{quoted[1:]} {num()}“, {SAID['sq']} {who}."
                else:
                    q = f"{who} {SAID['fa']}: «{quoted} {num()}»."
                paras.append(" ".join([q, sentence(num(), n=10)]))
            elif kind == "org":
                paras.append(" ".join([sentence(org[3], num(), n=12), sentence(f"{place[li]}", n=10)]))
            elif kind == "person":
                paras.append(" ".join([sentence(name(p1, "full"), num(), n=12), sentence(name(p0, "short"), n=10)]))
            else:
                paras.append(" ".join([sentence(num(), n=12), sentence(num(), n=11)]))
        title = " ".join(VOCAB.content(words, lang, 3)) + f" {place[li]} " + " ".join(VOCAB.content(words, lang, 2))
        return title[0].upper() + title[1:], paras

    # -- pages ---------------------------------------------------------------------------------

    def date_of(self, i: int) -> dt.date:
        return dt.date(2025, 1, 1) + dt.timedelta(days=i // 100)

    def _draws(self, i: int) -> tuple[random.Random, float, bool, int]:
        """Page i's stream after its first draws: (stream, roll, dated, an earlier page it reuses)."""
        rng = random.Random(f"{self.seed}-page-{i}")
        roll, dated = rng.random(), rng.random() > 0.05
        other = rng.randrange(max(0, i - 5000), i) if i > 0 else 0    # recent pages get reused
        return rng, roll, dated, other

    def story_of(self, i: int) -> int:
        """The story page ``i`` carries (its own for an original, else the one it reuses)."""
        seen = 0
        while True:
            _rng, roll, _dated, other = self._draws(i)
            if i == 0 or roll < 0.52 or roll >= 0.90 or seen > 50:
                return i
            i, seen = other, seen + 1

    def page(self, i: int) -> Page:
        rng, roll, dated, other = self._draws(i)
        site = self.site_of(i)
        date: dt.date | None = self.date_of(i) if dated else None
        if i == 0 or roll < 0.52:
            title, paras = self.story(i, site.lang)
            return Page(i, site, "original", i, site.lang, date, title, paras, [])
        if roll >= 0.90:
            title, paras = self.story(i, site.lang)
            return Page(i, site, "textdump", i, site.lang, date, title, paras, [])
        s = self.story_of(other)
        src = self.story_lang(s)
        if roll < 0.66:
            others = [x for x in self.sites if x.lang == src]
            site = others[rng.randrange(len(others))]
            title, paras = self.story(s, src)
            kind = "copy"
            if rng.random() < 0.33:
                k = rng.randrange(len(paras))
                paras = list(paras)
                paras[k] = paras[k] + " " + " ".join(VOCAB.content(rng, src, 6)) + "."
                kind = "edited_copy"
            return Page(i, site, kind, s, src, date, title, paras, [])
        if roll < 0.74:
            title, paras = self.story(s, src)
            more = f"{READ_MORE[src]} {self.site_of(s).host}"
            return Page(i, site, "excerpt", s, src, date, title, paras[:2] + [more], [])
        if roll < 0.78:
            stories = list(dict.fromkeys([s] + [self.story_of(rng.randrange(max(0, i - 5000), i)) for _ in range(2)]))
            sections = [self.story(x, self.story_lang(x)) for x in stories]
            heading = {"en": "Daily digest", "sq": "Përmbledhja e ditës", "fa": "گزیده خبرهای روز"}[site.lang]
            return Page(i, site, "digest", s, site.lang, date, f"{heading} {i}", [], sections)
        lang = [x for x in LANGS if x != src][rng.randrange(2)]
        others = [x for x in self.sites if x.lang == lang]
        site = others[rng.randrange(len(others))]
        title, paras = self.story(s, lang)
        return Page(i, site, "translation", s, lang, date, title, paras, [])

    # -- files ---------------------------------------------------------------------------------

    def render(self, page: Page) -> str:
        if page.kind == "textdump":
            head = [page.title, page.site.name + (f", {page.date.isoformat()}" if page.date else ""), ""]
            return "\n".join(head + [p + "\n" for p in page.paragraphs])
        site = page.site
        esc = html.escape
        meta = f'<meta property="article:published_time" content="{page.date.isoformat()}T09:00:00+00:00">' \
            if page.date else ""
        time_el = f'<time datetime="{page.date.isoformat()}">{page.date.isoformat()}</time>' if page.date else ""
        if page.sections:
            body = "\n".join(f"<section><h2>{esc(t)}</h2>\n" + "\n".join(f"<p>{esc(p)}</p>" for p in ps) + "</section>"
                             for t, ps in page.sections)
        else:
            body = "\n".join(f"<p>{esc(p)}</p>" for p in page.paragraphs)
        nav = "".join(f'<li><a href="/{esc(n.lower())}">{esc(n)}</a></li>' for n in site.nav)
        direction = ' dir="rtl"' if page.lang == "fa" else ""
        return f"""<!DOCTYPE html>
<html lang="{page.lang}"{direction}><head><meta charset="utf-8">
<title>{esc(page.title)} | {esc(site.name)}</title>
<meta property="og:site_name" content="{esc(site.name)}">
<link rel="canonical" href="https://{site.host}/{page.index}">
{meta}
</head><body>
<header><a class="logo" href="/">{esc(site.name)}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{esc(page.title)}</h1>
<div class="meta">{time_el}</div>
{body}
</article>
<aside class="newsletter"><p>{esc(site.notice)}</p></aside></main>
<footer><p>{esc(site.footer)}</p></footer>
</body></html>
"""

    def pages(self, start: int, stop: int) -> Iterator[Page]:
        for i in range(start, stop):
            yield self.page(i)

    def write(self, folder: Path, start: int, stop: int) -> Counter_:
        """Write pages ``start`` .. ``stop - 1`` under ``folder/<host>/``; return counts by page kind."""
        counts: Counter_ = {}
        for page in self.pages(start, stop):
            target = folder / page.site.host / f"{page.index:07d}{page.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render(page), encoding="utf-8")
            counts[page.kind] = counts.get(page.kind, 0) + 1
        return counts

    def write_jsonl(self, folder: Path, start: int, stop: int) -> Counter_:
        """Pages ``start`` .. ``stop - 1`` as one JSONL file (``url`` and ``html`` or ``text``), as collected
        pages are stored: each with its URL, so the archive knows every page's host."""
        counts: Counter_ = {}
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"pages-{start:07d}.jsonl").open("w", encoding="utf-8") as out:
            for page in self.pages(start, stop):
                body = "text" if page.kind == "textdump" else "html"
                out.write(json.dumps({"url": f"https://{page.site.host}/{page.index}", body: self.render(page)},
                                     ensure_ascii=False) + "\n")
                counts[page.kind] = counts.get(page.kind, 0) + 1
        return counts


Counter_ = dict[str, int]
