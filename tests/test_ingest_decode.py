"""Decode: declared, wrongly declared and undeclared encodings; too-deep and undecodable pages."""

from __future__ import annotations

import pytest

from presswatch.config import Config
from presswatch.errors import Unprocessable
from presswatch.extract.decode import Decode, decode_bytes, html_depth_exceeds
from presswatch.models import Doc, RawDocument

# Real sentences. Windows-1256 has no Persian yeh/keheh, so pages in it use the Arabic letters
# (as Persian sites did), which is what we encode.
PERSIAN = ("خبرگزاری‌ها گزارش دادند که وزیر امور خارجه ایران امروز با همتای چینی خود در پکن دیدار و "
           "درباره گسترش همکاری‌های اقتصادی گفتگو کرد. این دیدار پس از ماه‌ها رایزنی انجام شد.")
PERSIAN_1256 = PERSIAN.replace("ی", "ي").replace("ک", "ك")
# Without پ چ ژ گ every byte is also defined in Windows-1252, so only plausibility can tell.
PERSIAN_PLAIN = "ایران و عراق امروز درباره آب دجله و فرات توافق کردند".replace("ی", "ي").replace("ک", "ك")
ALBANIAN = ("Qeveria shqiptare njoftoi sot se do të rrisë pagat e mësuesve dhe mjekëve që nga muaji i "
            "ardhshëm. Kryeministri tha se kjo është një çështje e rëndësishme për të gjithë qytetarët.")
POLISH = "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig."
RUSSIAN = "Правительство России объявило сегодня о новых мерах поддержки экономики."


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


@pytest.mark.parametrize("text,encoding", [
    (PERSIAN_1256, "cp1256"), (PERSIAN_PLAIN, "cp1256"), (ALBANIAN, "iso-8859-1"), (ALBANIAN, "cp1252"),
    (POLISH, "cp1250"), (RUSSIAN, "cp1251"),
])
@pytest.mark.parametrize("declared", [None, "iso-8859-1", "windows-1256", "utf-8", "no-such-charset"])
@pytest.mark.parametrize("as_html", [True, False])
def test_undeclared_and_wrongly_declared_single_byte_text_comes_out_right(
        text: str, encoding: str, declared: str | None, as_html: bool) -> None:
    source = page(text) if as_html else text
    out = decode_bytes(source.encode(encoding), declared, html=as_html)
    assert out.text == source, (out.encoding, out.how)


def test_declared_in_the_page_meta_is_used_when_it_reads_right() -> None:
    for head in ('<meta charset="windows-1256">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'):
        source = page(PERSIAN_1256, head)
        out = decode_bytes(source.encode("cp1256"), None)
        assert out.text == source and out.encoding == "cp1256" and "declared in the page" in out.how


def test_wrong_meta_declaration_is_overridden_by_the_content() -> None:
    source = page(PERSIAN_PLAIN, '<meta charset="iso-8859-1">')
    out = decode_bytes(source.encode("cp1256"), None)
    assert out.text == source and out.encoding == "cp1256" and "mojibake" in out.how
    # XML declaration
    xml = '<?xml version="1.0" encoding="windows-1250"?>' + page(POLISH)
    assert decode_bytes(xml.encode("cp1250"), None).encoding == "cp1250"


def test_valid_utf8_wins_over_a_declared_single_byte_charset() -> None:
    source = page(PERSIAN, '<meta charset="windows-1256">')
    out = decode_bytes(source.encode("utf-8"), "iso-8859-1")
    assert out.text == source and out.encoding == "utf-8"


def test_boms_utf16_and_mostly_utf8() -> None:
    assert decode_bytes("\ufeff" .encode() + page(ALBANIAN).encode()).text == page(ALBANIAN)
    assert decode_bytes(page(PERSIAN).encode("utf-16")).text == page(PERSIAN)
    assert decode_bytes(page(ALBANIAN).encode("utf-16-le")).text == page(ALBANIAN)
    damaged = page(PERSIAN).encode() + b"\xd8" + page(ALBANIAN).encode()  # one broken byte
    out = decode_bytes(damaged)
    assert out.encoding == "utf-8" and out.text.count("\ufffd") == 1 and PERSIAN in out.text


def test_last_resort_never_fails() -> None:
    for data in (bytes(range(256)) * 3, b"\xff\xfe\xfd" * 10, b"\x81\x8d\x8f\x90\x9d" * 20):
        out = decode_bytes(data)
        assert isinstance(out.text, str) and out.encoding


def test_depth_counter_handles_optional_end_tags_and_raw_text() -> None:
    flat = ("<ul>" + "<li>item" * 2000 + "</ul>" + "<p>para" * 2000 + "<table>" + "<tr><td>a<td>b" * 1000
            + "</table><dl>" + "<dt>a<dd>b" * 500 + "</dl><select>" + "<option>o" * 500 + "</select>")
    assert html_depth_exceeds(flat, 50) is None
    assert html_depth_exceeds("<script>" + "<div>" * 1000 + "</script><!--" + "<div>" * 1000 + "-->", 50) is None
    assert html_depth_exceeds("<div>" * 50 + "<br><img src=x/><span/>", 50) is None
    assert html_depth_exceeds("<div>" * 51, 50) == 51
    assert html_depth_exceeds("<div><span>" * 30, 50) == 51


def doc(data: bytes, media: str = "html", declared: str | None = None) -> Doc:
    raw = RawDocument(location="x", key="x", data=data, media_type=media, declared_encoding=declared)  # type: ignore[arg-type]
    return Doc(version_id=1, page_id=1, raw=raw)


def test_decode_component_sets_html_text_encoding_and_raises_for_bad_pages() -> None:
    config = Config()
    decode = Decode(config)
    out = decode(doc(page(ALBANIAN).encode("cp1252")))
    assert out.html == page(ALBANIAN) and out.encoding == "cp1252" and out.text is None
    out = decode(doc(PERSIAN_1256.encode("cp1256"), "text"))
    assert out.text == PERSIAN_1256 and out.encoding == "cp1256" and out.html is None
    with pytest.raises(Unprocessable) as too_deep:
        decode(doc(("<html><body>" + "<div>" * 100_000 + "deep").encode()))
    assert too_deep.value.reason == "too_deep" and "max_depth" in too_deep.value.message
    with pytest.raises(Unprocessable) as undecodable:
        decode(doc(b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100 + b"text", "text"))
    assert undecodable.value.reason == "undecodable"
    with pytest.raises(Unprocessable) as empty:
        decode(doc(b"   \n ", "text"))
    assert empty.value.reason == "empty"


def test_decode_component_reads_eml_html_part_with_its_charset() -> None:
    from pathlib import Path

    data = (Path(__file__).parent / "data" / "ingest" / "newsletter.eml").read_bytes()
    out = Decode(Config())(doc(data, "eml"))
    assert out.html is not None and "çështje e rëndësishme" in out.html and out.encoding == "cp1252"
    plain = b"Subject: x\r\nContent-Type: text/plain; charset=windows-1256\r\n\r\n" + PERSIAN_1256.encode("cp1256")
    out = Decode(Config())(doc(plain, "eml"))
    assert out.html is None and out.text is not None and out.text.strip() == PERSIAN_1256


def test_undeclared_multibyte_encodings_go_to_charset_normalizer() -> None:
    japanese = "日本語のテキストです。東京で会議が開かれました。" * 40
    chinese = "中国政府今天宣布了新的经济政策。" * 40
    assert decode_bytes(japanese.encode("shift_jis"), html=False).text == japanese
    assert decode_bytes(chinese.encode("gb18030"), html=False).text == chinese
