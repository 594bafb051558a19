"""Evidence rules of discovery and linking (issue 11 points 4 and 6), on made-up sentences: aliases stated
on a page join one entity (and not the place the statement follows), a short form written alone on the
page is kept, person evidence decides against an organisation label, and names the model disagrees about,
products and spelt-out common acronyms are not discovered."""

from __future__ import annotations

from presswatch.entities.discover_en import THING, WordCase
from presswatch.entities.linker import Linker, written_alone


def _span(text: str, name: str, kind: str) -> tuple[int, int, str]:
    start = text.index(name)
    return start, start + len(name), kind


def test_alias_statement_joins_the_known_entity_not_the_place_before_it() -> None:
    linker = Linker()
    first = ("Members of the Volta Freedom Organisation (aka VFM, VFO, Volta Front) met in Kosovo. "
             "Critics say Volta Freedom still recruits.")
    links = linker.link_unit([(first, "en")])
    key = "auto:volta freedom organisation"
    assert {a.alias for a in links.learned if a.entity == key} >= {"VFM", "VFO", "Volta Front", "Volta Freedom"}
    # a later page: the bracket follows a place, but its names are those of the organisation
    second = ("Former VFM members petition the UNHCR in Kosovo (aka Volta Freedom, Volta Front, VFO) again. "
              "The Volta Freedom (aka VFM, VFO) answered.")
    links = linker.link_unit([(second, "en")])
    owners = {a.entity for a in links.learned}
    assert owners == {key}, links.learned
    assert "auto:kosovo" not in owners
    assert all(m.entity == key for m in links.mentions if m.surface in ("VFM", "VFO", "Volta Front"))


def test_new_name_stated_with_known_aliases_is_one_of_them() -> None:
    linker = Linker()
    linker.link_unit([("The Volta Freedom Organisation (aka VFM, VFO) was founded in 1965.", "en")])
    links = linker.link_unit([("Le Monde: Volta Mujahedin (aka VFO, VFM, Volta cult) fights on.", "en")])
    got = {(a.entity, a.alias) for a in links.learned}
    assert ("auto:volta freedom organisation", "Volta Mujahedin") in got
    assert ("auto:volta freedom organisation", "Volta cult") in got


def test_short_form_is_learned_only_when_written_alone() -> None:
    assert written_alone("Volta Freedom", "Volta Freedom Organisation",
                         "the Volta Freedom Organisation (aka VFM). Later Volta Freedom said no.")
    assert not written_alone("National Democratic", "National Democratic Party",
                             "the National Democratic Party (NDP) and the National Democratic Party again")
    linker = Linker()
    links = linker.link_unit([("The National Democratic Party (NDP) won.", "en")])
    assert [a.alias for a in links.learned] == ["NDP"]


def test_surname_of_a_known_person_outweighs_an_organisation_label() -> None:
    linker = Linker()
    text = "Arben Kolari founded the movement. Today Drita Kolari leads it, and Drita Kolari travels."
    spans = [[_span(text, "Arben Kolari", "person"), _span(text, "Drita Kolari", "org"),
              (text.rindex("Drita Kolari"), text.rindex("Drita Kolari") + 12, "org")]]
    linker.link_unit([(text, "en")], spans)
    assert linker.kinds["auto:arben kolari"] == "person"
    assert linker.kinds["auto:drita kolari"] == "person"
    # without a known person of that surname the model's label stands
    other = Linker()
    t2 = "Today Drita Kolari leads it."
    other.link_unit([(t2, "en")], [[_span(t2, "Drita Kolari", "org")]])
    assert other.kinds["auto:drita kolari"] == "org"


def test_word_case_evidence_for_things() -> None:
    case = WordCase()
    case.observe(["We wrote the Zorblax code in an afternoon; Zorblax scripts run anywhere.",
                  "The Zorblax team shipped it.",
                  "Pros and Cons of Rapid Quux Development (RQD) and the rapid quux development of tools.",
                  "The Environmental Zed Agency (EQA) said so."])
    assert case.thing(["zorblax"])  # followed by a product noun in two of its three uses
    assert case.thing(["rqd"])      # spelt out as common words only
    assert not case.thing(["eqa"], frozenset({"agency"}))
    case.observe_spans(["Mintra came.", "Mintra came.", "Mintra came.", "Mintra came.", "Plix", "Plix", "Plix"],
                       [[(0, 6, "person")], [(0, 6, "org")], [(0, 6, "place")], [(0, 6, "person")],
                        [(0, 4, THING)], [(0, 4, THING)], [(0, 4, "org")]])
    assert case.thing(["mintra"])   # the model gives it every label: not a name it knows
    assert case.thing(["plix"])     # mostly a product
    assert case.label("plix") == THING and case.label("mintra") == "person"
    assert not case.attested_acronym("rqd") and case.attested_acronym("eqa", frozenset({"agency"}))


def test_acronym_spelt_out_after_it_is_a_thing_or_attested() -> None:
    case = WordCase()
    case.observe(["The SQR (Single Quux Reflex) and the single quux reflex of old.",
                  "Ask the ZTA (Zed Trade Agency) today.", "The BNQ (Big Office) said.",
                  "Its MQX (Many Quick Xylophones) ship."])
    assert case.thing(["sqr"])   # "ACRONYM (Common Words)": a kind of thing
    assert case.attested_acronym("zta", frozenset({"agency"})) and not case.thing(["zta"], frozenset({"agency"}))
    assert "bnq" not in case.expansions   # the initials do not spell it
    assert not case.thing(["mqx"])   # spelt out, but not in common words


def test_no_discovery_in_languages_without_entity_rules() -> None:
    linker = Linker()
    links = linker.link_unit([("Die Versicherten laden alle Daten über ihr Smartphone in die Akte.", "de")])
    assert links.mentions == [] and links.discovered == {}


def test_a_model_span_across_a_comma_is_not_one_person_or_organisation() -> None:
    linker = Linker()
    text = "Critics of the VFO, Volta cult and Kolari Systems, Inc met in Austin, Texas on Monday."
    spans = [[_span(text, "VFO, Volta", "person"), _span(text, "Kolari Systems, Inc", "org"),
              _span(text, "Austin, Texas", "place")]]
    links = linker.link_unit([(text, "en")], spans)
    found = {m.surface for m in links.mentions if m.method == "discovered"}
    assert "VFO, Volta" not in found
    assert {"Kolari Systems, Inc", "Austin, Texas"} <= found


def _linked(texts: list[str], spans: list[list[tuple[int, int, str]]]) -> Linker:
    linker = Linker()
    linker.observe(texts, spans)
    for text, found in zip(texts, spans, strict=True):
        linker.link_unit([(text, "en")], [found])
    return linker


def test_person_named_with_a_common_first_word_needs_its_surname_alone() -> None:
    texts = ["The quux is on the table and a quux costs less.",
             "Teachers use Quux Zendo for slides.",
             "The plonk report came, and then Plonk Gravel said it was fine, and Gravel left.",
             "The brisk report came, and then Brisk Zarvis, a senior fellow at the institute, agreed."]
    spans = [[], [_span(texts[1], "Quux Zendo", "person")], [_span(texts[2], "Plonk Gravel", "person")],
             [_span(texts[3], "Brisk Zarvis", "person")]]
    linker = _linked(texts, spans)
    assert "auto:quux zendo" not in linker.kinds          # a common word first, nothing else says person
    assert linker.kinds["auto:plonk gravel"] == "person"   # "Gravel" written alone in the article
    assert linker.kinds["auto:brisk zarvis"] == "person"   # a person's role beside it


def test_a_surname_written_with_a_possessive_counts_as_written_alone() -> None:
    from presswatch.entities.evidence_en import _alone

    assert _alone("Heyward", "Cam Heyward", "Cam Heyward played well. Heyward's sack sealed it.")
    assert not _alone("Heyward", "Cam Heyward", "Cam Heyward played well. Cam Heyward's sack sealed it.")


def test_an_unclosed_bracket_after_an_acronym_and_a_long_capital_run_is_read_at_once() -> None:
    # a run of capitals the old pattern could split in exponentially many ways (minutes for 40 letters);
    # run in a child process with a bound, so a regression fails instead of hanging the suite
    import subprocess
    import sys

    code = ("from presswatch.entities.discover_en import _DEFINED_AFTER\n"
            "assert _DEFINED_AFTER.search('SAS (' + 'A' * 60 + ' x') is None\n"
            "m = _DEFINED_AFTER.search('the SAS (Statistical Analysis System) suite')\n"
            "assert m and m.groups() == ('SAS', 'Statistical Analysis System')\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
