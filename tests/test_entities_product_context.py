"""Products and common acronyms told from organisations by how the batch writes them (issue 11 point 4, ent8),
on made-up sentences: a name written as someone's product ("Zorvia, Plonkcorp's streaming platform") and
never more often as a company is not discovered, nor matched again; an acronym spelt out in lower-case words
("online quux agencies (OQA)") is a common noun's."""

from __future__ import annotations

from presswatch.entities.discover_en import WordCase, made_patterns, spelt_lower
from tests.entity_spans import discovered as _discovered


def test_a_name_written_as_someones_product_is_not_an_organisation() -> None:
    texts = ["Zorvia, Plonkcorp's streaming gaming platform, launches today in ten countries.",
             "Players say Zorvia runs well, and Plonkcorp says more games will come.",
             "Reviewers liked Zorvia overall. Plonkcorp announced the price on Monday.",
             "Offered by Quibbit, the company behind Taxlyn, the new tool is cheap. Taxlyn is popular.",
             "Many taxpayers like Taxlyn this year. Quibbit said so."]
    names = {"Zorvia": "org", "Plonkcorp": "org", "Taxlyn": "org", "Quibbit": "org"}
    linker = _discovered(texts, names)
    assert "auto:zorvia" not in linker.kinds and "auto:taxlyn" not in linker.kinds
    assert linker.kinds["auto:plonkcorp"] == "org" and linker.kinds["auto:quibbit"] == "org"


def test_a_product_written_as_a_company_more_often_stays() -> None:
    texts = ["Zorvia, Plonkcorp's streaming gaming platform, launches today in ten countries.",
             "Zorvia says it has ten million players. Zorvia announced a deal on Monday.",
             "Reviewers liked Zorvia overall."]
    linker = _discovered(texts, {"Zorvia": "org", "Plonkcorp": "org"})
    assert linker.kinds["auto:zorvia"] == "org"


def test_a_persons_role_at_a_company_is_no_product() -> None:
    case = WordCase()
    case.observe(["Jane Quist, Plonkcorp's product manager, spoke.",
                  "By adding Verox's risk engine, Imprivo can check each login."])
    assert not case.made   # "product manager" goes on; "Imprivo can" is no apposition
    assert [p.pattern for p in made_patterns("en")]


def test_an_acronym_spelt_out_in_lower_case_words_is_a_common_nouns() -> None:
    assert spelt_lower("Compare online quux agencies (OQA) first.") == ["oqa"]
    assert spelt_lower("Use a ZDN (zed delivery network) there.") == ["zdn"]
    assert spelt_lower("Members of the quux (OQA) met.") == []   # the initials do not spell it
    texts = ["Compare online quux agencies (OQA) before you book.",
             "This is the only OQA besides Travelo that shows fares.",
             "The OQA lists hotels. The OQA sells tickets.",
             "The Zed Trade Agency (ZTA) said the ZTA will rule. The ZTA met."]
    linker = _discovered(texts, {"OQA": "org", "ZTA": "org", "Travelo": "org"})
    assert "auto:oqa" not in linker.kinds
    assert linker.kinds["auto:zed trade agency"] == "org"   # spelt out with an organisation word: ZTA joins it
