from __future__ import annotations

import re

from monitor.alerts import neutralize

HOSTILE = "<!channel> @here [Click](http://evil.example) <http://evil.example|Read> `x` <b>&amp;"


def test_markdown_escapes_links_html_and_pings() -> None:
    out = neutralize.markdown(HOSTILE)
    assert re.search(r"(?<!\\)[<>\[\]`]", out) is None  # every markup character is escaped
    assert "\\<\u200b!channel\\>" in out and "\\[Click\\](http://evil.example)" in out
    assert "@here" not in out and "@\u200bhere" in out
    assert "&amp;" in out  # an ampersand is plain text in CommonMark; converters escape it


def test_mentions_are_broken_in_any_case_and_medium() -> None:
    for text in ("@channel", "@Everyone", "@HERE", "@all", "<!here>"):
        for func in (neutralize.markdown, neutralize.text):
            out = func(f"hi {text} there")
            assert not re.search(r"@(?:here|channel|everyone|all)\b", out, re.IGNORECASE), out
            assert "<!" not in out, out
    # An address or a handle is left alone: only mass mentions are broken.
    assert neutralize.text("mail press@whitehouse.gov") == "mail press@whitehouse.gov"


def test_text_is_one_bounded_line_without_control_characters() -> None:
    out = neutralize.text("Line one\nline two\x00\u202eevil" + "x" * 500)
    assert "\n" not in out and "\x00" not in out and "\u202e" not in out
    assert len(out) == neutralize.MAX_FIELD and out.endswith("…")


def test_heading_at_line_start_is_escaped() -> None:
    assert neutralize.markdown("# Breaking").startswith("\\#")


def test_url_keeps_http_only_and_cannot_break_out() -> None:
    assert neutralize.url("javascript:alert(1)") is None
    assert neutralize.url("data:text/html,x") is None
    assert neutralize.url("  ") is None and neutralize.url(None) is None
    out = neutralize.url('https://ex.com/a b)"<x>|[y]')
    assert out == "https://ex.com/a%20b%29%22%3Cx%3E%7C%5By%5D"
    assert neutralize.url("HTTPS://Ex.com/?q=1&r=2") == "HTTPS://Ex.com/?q=1&r=2"
