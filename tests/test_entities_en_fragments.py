"""Fragments, kinds of things and teams the model calls organisations or places (issue 11 point 4, ent11), on
made-up sentences: a span cut before its name's end ("Board of Trustees of"), a name that goes on with "of" and
a capitalised word ("the [Quorvik University] of Lanzo"), a span right after a capitalised word ("Zentrix [QMS]"),
a name with a trademark sign, an acronym also written as a plural ("QVR" and "QVRs"), a place written as a team
("loss at Lanzo", "Britain plays the Netherlands")."""

from __future__ import annotations

from presswatch.entities.discover_en import WordCase
from presswatch.entities.evidence_en import after_name, continues_with_of, junk_name, team_context, trademark
from presswatch.entities.keep_en import ORG_WORDS
from presswatch.entities.normalize import tokenize
from tests.entity_spans import discovered as _discovered
from tests.entity_spans import spans_of as _spans


def _at(text: str, name: str) -> tuple[list, int, int]:
    tokens = tokenize(text)
    start = text.index(name)
    first = next(k for k, t in enumerate(tokens) if t.start == start)
    last = next(k for k, t in enumerate(tokens) if t.end == start + len(name)) + 1
    return tokens, first, last


def test_a_span_ending_in_a_connector_is_no_name() -> None:
    for text, name, junk in (("owned by the Board of Trustees of the school", "Board of Trustees of", True),
                             ("an iPad Pro and a case", "iPad Pro and", True),
                             ("a loan from the Bank of America", "Bank of America", False)):
        tokens, first, last = _at(text, name)
        assert junk_name(text, tokens[first:last]) is junk, name


def test_an_organisation_word_going_on_with_of_is_part_of_a_longer_name() -> None:
    text = "both professors at the Quorvik University of Lanzo were freed; John Smith of Boston spoke."
    tokens, _, last = _at(text, "Quorvik University")
    assert continues_with_of(text, tokens, last, ORG_WORDS)
    tokens, _, last = _at(text, "John Smith")
    assert not continues_with_of(text, tokens, last, ORG_WORDS)   # no organisation word: a person's place
    linker = _discovered([text, "The Quorvik University hired staff."], {"Quorvik University": "org"})
    found = linker.link_unit([(text, "en")], [_spans(text, {"Quorvik University": "org"})])
    assert not found.mentions   # not where it is the start of "Quorvik University of Lanzo"


def test_an_organisations_span_after_a_capitalised_word_is_part_of_a_name() -> None:
    case = WordCase()
    case.observe(["yesterday it rained.", "They met yesterday."])
    for text, name, part in (("Plans are kept in Zentrix QMS for audits.", "QMS", True),
                             ("Zentrix QMS is a management system.", "QMS", True),
                             ("Yesterday Plonkcorp said it would grow.", "Plonkcorp", False),
                             ("ships of the U.S. Navy sailed.", "Navy", False),
                             ("a deal with Plonkcorp was signed.", "Plonkcorp", False)):
        tokens, first, _ = _at(text, name)
        assert after_name(text, tokens, first, case) is part, text


def test_a_name_with_a_trademark_sign_is_a_brand_of_product() -> None:
    text = "It feeds figures into its Wagemeter® index and Zorbix is a firm."
    tokens, _, last = _at(text, "Wagemeter")
    assert trademark(text, tokens, last)
    tokens, _, last = _at(text, "Zorbix")
    assert not trademark(text, tokens, last)


def test_an_acronym_written_as_a_plural_is_a_kind_of_thing() -> None:
    texts = ["Is a QVR better for video? Many QVRs are heavy.", "Two QVRs and a QVR lens were sold.",
             "The QNN report was aired. Sources told QNN so.", "QNN anchors spoke; QNN reported it.",
             "Students built QNNs for a class.", "QNN said on Monday that it would grow."]
    names = {"QVR": "org", "QNN": "org"}
    linker = _discovered(texts, names)
    assert "auto:qvr" not in linker.kinds          # written "QVRs" in half its uses
    assert linker.kinds.get("auto:qnn") == "org"   # one "QNNs" beside many uses of the name
    case = WordCase()
    case.observe(texts + ["QVR says sales grew."])
    assert not case.plural_acronym("qvr")           # written as a company once: not a thing


def test_a_place_written_as_a_sports_team() -> None:
    for text, name, team in (("fans after the Lions' Nov. 9 loss at Lanzo, their third in the league.", "Lanzo", True),
                             ("Serbia takes on Japan and Britain plays the Netherlands.",
                              "Netherlands", False),
                             ("In the Davis Cup tournament Britain plays the Netherlands.", "Netherlands", True),
                             ("a 3-1 victory against Slovakia", "Slovakia", True),
                             ("new sanctions against Russia were agreed", "Russia", False),
                             ("Britain plays a role in Lanzo.", "Lanzo", False),
                             # the same phrasings in war, business and concert news: no sport near the name
                             ("the Allied victory over Germany in 1945", "Germany", False),
                             ("long before Napoleon's defeat at Waterloo", "Waterloo", False),
                             ("the job losses at Detroit plants this year", "Detroit", False),
                             ("Adele plays London in August", "London", False),
                             # words of sport that are as common elsewhere are no evidence (review12)
                             ("The party's loss to Georgia set back its policy goals", "Georgia", False),
                             ("the job losses at Detroit plants this season", "Detroit", False)):
        start = text.index(name)
        assert team_context(text, start, start + len(name)) is team, text
