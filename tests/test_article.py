from __future__ import annotations

from helpers import FIXTURES

from monitor.parse.article import MAX_CHARS, extract_article

PAGE = (FIXTURES / "pages" / "article.html").read_bytes()


def test_main_text_of_an_article_without_boilerplate() -> None:
    text = extract_article(PAGE, {"content-type": "text/html; charset=utf-8"})
    lines = text.split("\n")
    assert lines[1].startswith("President Donald Trump held a phone call with Chinese President")
    assert lines[-1] == "Beijing described the conversation as candid and constructive."
    for junk in ("Subscribe", "Related", "Most read", "Home", "track(", "margin"):
        assert junk not in text


def test_without_article_tag_the_densest_block_wins() -> None:
    html = (
        "<html><body><div id='menu'><p>Home</p><p>World</p></div>"
        "<div class='story'><p>" + "The two presidents spoke for an hour. " * 5 + "</p>"
        "<p>Officials said more talks would follow.</p></div>"
        "<div class='promo'><p>Sign up now</p></div></body></html>"
    ).encode()
    text = extract_article(html, {})
    assert text.startswith("The two presidents spoke for an hour.")
    assert text.endswith("Officials said more talks would follow.")
    assert "Home" not in text and "Sign up" not in text


def test_main_element_and_meta_description_fallback() -> None:
    html = b"<html><body><nav><p>Menu</p></nav><main><p>Body text here.</p></main></body></html>"
    assert extract_article(html, {}) == "Body text here."
    bare = (
        b'<html><head><meta property="og:description" content="Leaders held talks.">'
        b"</head><body><div>no paragraphs</div></body></html>"
    )
    assert extract_article(bare, {}) == "Leaders held talks."
    assert extract_article(b"", {}) == ""


def test_charsets_and_the_cap() -> None:
    gbk = "<html><body><article><p>习近平同美国总统通电话。</p></article></body></html>"
    assert extract_article(gbk.encode("gbk"), {"content-type": "text/html; charset=gbk"}) == (
        "习近平同美国总统通电话。"
    )
    # Declared UTF-8, written in windows-1252: the label is passed over, the text survives.
    cp = "<html><body><article><p>Café “talks”</p></article></body></html>".encode("cp1252")
    assert extract_article(cp, {"content-type": "text/html; charset=utf-8"}) == "Café “talks”"
    long = b"<article>" + b"<p>" + b"word " * 10_000 + b"</p></article>"
    assert len(extract_article(long, {})) == MAX_CHARS


def test_a_meta_charset_that_undersells_the_bytes() -> None:
    # Chinese sites often declare gb2312 and use characters only GBK/GB18030 have (镕).
    gb = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "</head><body><article><p>朱镕基会见美国客人。</p></article></body></html>"
    ).encode("gbk")
    assert extract_article(gb, {"content-type": "text/html"}) == "朱镕基会见美国客人。"
    wrong = "<html><head><meta charset='utf-8'></head><body><p>Café</p></body></html>"
    assert extract_article(wrong.encode("cp1252"), {}) == "Café"
