"""Services, teams, venues and people the model mislabels (issue 11 point 4, ent12), on made-up sentences: a
name with a plus sign glued to it ("Zorbo+") is the service, a place in a tournament's draw ("Quarnia (Group C)")
or the subject of a result ("Quarnia … beat the Velands 2-1") is a team, a place named as a venue ("Zorvik
Amphitheatre") is no place, and a name written with its family ("Zelna's husband") is a person."""

from __future__ import annotations

from presswatch.entities.evidence_en import plus_product, team_context, venue_place
from presswatch.entities.normalize import name_keys, tokenize
from tests.entity_spans import discovered as _discovered
from tests.entity_spans import spans_of as _spans


def _last(text: str, name: str) -> tuple[list, int]:
    tokens = tokenize(text)
    end = text.index(name) + len(name)
    return tokens, next(k for k, t in enumerate(tokens) if t.end == end) + 1


def test_a_name_with_a_plus_sign_is_a_service() -> None:
    for text, name, service in (("Stream it on Zorbo+ tonight.", "Zorbo", True),
                                ("Where to watch: Zorbo+", "Zorbo", True),
                                ("Zorbo+1 more", "Zorbo", False),
                                ("code in C++ daily", "C", False),
                                ("Zorbo said sales grew.", "Zorbo", False)):
        tokens, last = _last(text, name)
        assert plus_product(text, tokens, last) is service, text


def test_the_service_is_no_mention_of_the_organisation() -> None:
    texts = ["Shares of Zorbo rose on Monday.", "A deal with Zorbo was signed.", "Staff at Zorbo grew."]
    linker = _discovered(texts, {"Zorbo": "org"})
    assert linker.kinds.get("auto:zorbo") == "org"
    text = "You can stream it on Zorbo+ and a deal with Zorbo brings more films."
    found = linker.link_unit([(text, "en")], [_spans(text, {"Zorbo": "org"})])
    starts = [m.start for m in found.mentions]
    assert starts == [text.index("Zorbo brings")]   # "Zorbo+" is the service, the other the company


def test_a_place_in_a_draw_or_as_the_subject_of_a_result_is_a_team() -> None:
    for text, name, team in (("Quarnia (Group C): third appearance", "Quarnia", True),
                             ("Quarnia also needed the doubles match to beat the Velands 2-1 after a loss.",
                              "Quarnia", True),
                             ("Defender Max Olm scored twice and Quarnia beat Velonia.", "Quarnia", True),
                             ("Ivo Lund scored twice to lead Quarnia past Velonia.", "Quarnia", True),
                             ("Quarnia defeated Velonia in 1845 and the war ended.", "Quarnia", False),
                             ("Quarnia native Ivo Lund scored as the Bears beat the Wolves 3-1.", "Quarnia", False),
                             ("The party hopes to lead Quarnia out of the union.", "Quarnia", False),
                             ("Quarnia (population 2 million) lies in the north.", "Quarnia", False)):
        start = text.index(name)
        assert team_context(text, start, start + len(name)) is team, text


def test_a_place_named_as_a_venue_is_not_shown_as_a_place() -> None:
    assert venue_place(name_keys("Zorvik Amphitheatre"))
    assert venue_place(name_keys("Belmar Hotel Quiso"))
    assert not venue_place(name_keys("Zorvik Park"))
    assert not venue_place(name_keys("Center Point"))   # a venue word first: a place's name
    texts = ["The band plays Zorvik Amphitheatre in June.", "Walk through Zorvik Park at noon.",
             "Zorvik Amphitheatre opened in 1990.", "Zorvik Park is green."]
    names = {"Zorvik Amphitheatre": "place", "Zorvik Park": "place"}
    linker = _discovered(texts, names)
    text = "After Zorvik Park we went to Zorvik Amphitheatre."
    found = linker.link_unit([(text, "en")], [_spans(text, names)])
    assert [m.surface for m in found.mentions] == ["Zorvik Park"]


def test_a_name_written_with_its_family_is_a_person() -> None:
    texts = ["Zelna's husband tried out the shirts.", "Each of Zelna's children wore them.",
             "Mara Quell's husband, Ivo, got a cardigan.", "Mara Quell looked great in it.",
             "It was sold by Plonkcorp's sister company.", "Shares of Plonkcorp rose.", "A deal with Plonkcorp was signed."]
    names = {"Zelna": "org", "Mara Quell": "org", "Plonkcorp": "org"}
    linker = _discovered(texts, names)
    assert linker.kinds.get("auto:zelna") == "person"
    assert linker.kinds.get("auto:mara quell") == "person"
    assert linker.kinds.get("auto:plonkcorp") == "org"   # "sister company" is no family


def test_a_company_labelled_many_times_is_not_a_person_for_one_family_word() -> None:
    texts = [f"Shares of Vardon rose by {n} points." for n in range(2, 10)] + ["A friend of Vardon's sister, Ana, wrote."]
    linker = _discovered(texts, {"Vardon": "org"})
    assert linker.kinds.get("auto:vardon") == "org"   # one family word beside nine organisation labels


# ent13: misfires of the rules above found by a review (made-up names)

def test_a_family_word_used_as_a_modifier_of_an_institution_is_no_family() -> None:
    from presswatch.entities.discover_en import WordCase
    texts = ["Plonk Gael's sister party won two seats.", "The Daily Quibble's sister newspaper closed.",
             "Zumbo Plax's kids content is popular.", "Korvane's sister carrier flies there.",
             "Quillbo's kids menu is cheap.", "Nova Deix's brother band toured.",
             "Vorta's parents company grew.", "Merlo's mother brand sells shoes."]
    case = WordCase(lang="en")
    case.observe(texts)
    assert not case.kin, dict(case.kin)
    family = ["Zelna's sister, Ana, came.", "Zelna's sister Ana came.", "Zelna's mother said no.",
              "Each of Zelna's children wore them.", "Zelna's kids.", "Zelna's brother who lives here.",
              "Zelna's husband laughed."]
    case = WordCase(lang="en")
    case.observe(family)
    assert case.kin["zelna"] == len(family), dict(case.kin)


def test_a_multi_word_company_labelled_many_times_is_not_a_person_for_one_family_word() -> None:
    texts = [f"Shares of Plonk Gael rose by {n} points." for n in range(2, 10)] + ["Plonk Gael's sister, Ana, wrote."]
    linker = _discovered(texts, {"Plonk Gael": "org"})
    assert linker.kinds.get("auto:plonk gael") == "org"   # one family word beside nine organisation labels


def test_a_vote_tally_is_no_score() -> None:
    for text, name in (("Quarnia defeated Velonia's proposal in a 141-5 vote at the assembly.", "Quarnia"),
                       ("Quarnia beat the Velonia bill; the board vote was 7-2.", "Quarnia"),
                       ("Quarnia defeated Velonia in a 2-1 court ruling on the border.", "Quarnia"),
                       ("Quarnia beat Velonia by a 60-40 margin in the election.", "Quarnia")):
        start = text.index(name)
        assert not team_context(text, start, start + len(name)), text
    text = "Quarnia beat Velonia 2-1 in the final vote of the season's fans."   # a score, then a vote word later
    assert team_context(text, 0, len("Quarnia"))


def test_a_city_centre_or_a_listed_place_is_no_venue() -> None:
    assert not venue_place(name_keys("Zorvik City Centre"))
    assert not venue_place(name_keys("Zorvik Town Center"))
    assert not venue_place(name_keys("Rockville Centre"))   # a town (GeoNames), not a venue
    assert venue_place(name_keys("Zorvik Centre"))


def test_a_name_with_a_plus_sign_is_the_organisation_when_the_bare_name_is_none() -> None:
    texts = ["Films are shown on Kanalo+ tonight.", "Kanalo+ bought the rights.", "A deal with Kanalo+ was signed."]
    linker = _discovered(texts, {"Kanalo": "org"})
    assert linker.kinds.get("auto:kanalo") == "org"   # never written without its plus: the organisation's name
    text = "Kanalo+ signed the deal."
    found = linker.link_unit([(text, "en")], [_spans(text, {"Kanalo": "org"})])
    assert [m.surface for m in found.mentions] == ["Kanalo"]
