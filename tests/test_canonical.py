"""Canonical URLs: every spelling of one article's address becomes one key."""

from __future__ import annotations

import pytest

from monitor.normalize import _canonical, canonical_url

CASES = [
    # scheme, host case, www, default port, fragment, trailing slash
    ("HTTP://WWW.Example.COM:80/World/Story/#top", "https://example.com/World/Story"),
    ("https://example.com:443/a/b/", "https://example.com/a/b"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com:8443/a/", "https://example.com:8443/a"),
    # tracking parameters go, real ones stay, sorted
    (
        "https://example.com/story?utm_source=rss&utm_medium=feed&id=7&fbclid=Iw",
        "https://example.com/story?id=7",
    ),
    ("https://example.com/s?gclid=1&mc_cid=2&mc_eid=3&page=2", "https://example.com/s?page=2"),
    ("https://example.com/s?b=2&a=1", "https://example.com/s?a=1&b=2"),
    ("https://example.com/s?UTM_Campaign=x", "https://example.com/s"),
    # percent-encoding spelled one way
    ("https://example.com/caf%c3%a9/a%7Eb", "https://example.com/caf%C3%A9/a~b"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    # AMP and mobile variants
    ("https://amp.example.com/world/story", "https://example.com/world/story"),
    ("https://m.example.com/world/story", "https://example.com/world/story"),
    ("https://mobile.example.co.uk/news/1", "https://example.co.uk/news/1"),
    ("https://example.com/world/story/amp/", "https://example.com/world/story"),
    ("https://example.com/world/story/amp", "https://example.com/world/story"),
    ("https://example.com/world/story.amp.html", "https://example.com/world/story.html"),
    ("https://example.com/world/story?outputType=amp", "https://example.com/world/story"),
    ("https://example.com/world/story?amp=1&id=4", "https://example.com/world/story?id=4"),
    (
        "https://example-com.cdn.ampproject.org/c/s/example.com/world/story",
        "https://example.com/world/story",
    ),
    # not variants: a host that merely starts with "m", a short domain, a path word
    ("https://media.example.com/a", "https://media.example.com/a"),
    ("https://m.co/a", "https://m.co/a"),
    ("https://example.com/campaign/amplify", "https://example.com/campaign/amplify"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_variants_of_one_article_share_a_key() -> None:
    spellings = [
        "https://www.wire.example/world/trump-xi-call?utm_source=newssearch",
        "http://wire.example/world/trump-xi-call/#comments",
        "https://amp.wire.example/world/trump-xi-call",
        "https://wire.example/world/trump-xi-call/amp/?fbclid=abc",
        "https://m.wire.example/world/trump-xi-call?outputType=amp",
    ]
    assert len({canonical_url(u) for u in spellings}) == 1


def test_odd_input_is_kept_not_raised() -> None:
    assert canonical_url(None) is None
    assert canonical_url("") is None
    assert canonical_url("  https://example.com/a  ") == "https://example.com/a"
    assert canonical_url("http://[::1:bad/x") == "http://[::1:bad/x"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/a/b/?z=1&a=2&m=3#x",
        "http://example.com:80/story-1_2.html?id=7&utm_source=rss",
        "https://m.example.com/world/story/amp/?outputType=amp&b=&a",
        "https://example.com/x?a=2&a=1&a-b=3&ab=0",
        "HTTPS://EXAMPLE.COM/Path",
    ],
)
def test_plain_urls_skip_w3lib_with_the_same_result(url: str) -> None:
    assert _canonical(url, fast=True) == _canonical(url, fast=False)
