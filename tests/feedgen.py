"""Small RSS 2.0 and Atom documents for tests that change feeds between polls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass
class Story:
    title: str
    url: str
    published: datetime
    summary: str = ""
    guid: str | None = None


def rss(title: str, stories: list[Story]) -> str:
    entries = []
    for s in stories:
        guid = f'<guid isPermaLink="false">{escape(s.guid)}</guid>' if s.guid else ""
        entries.append(
            f"<item><title>{escape(s.title)}</title><link>{escape(s.url)}</link>{guid}"
            f"<pubDate>{format_datetime(s.published)}</pubDate>"
            f"<description>{escape(s.summary)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://feeds.example/</link>"
        f"<description>{escape(title)}</description>{''.join(entries)}</channel></rss>"
    )


def atom(title: str, stories: list[Story]) -> str:
    entries = []
    for s in stories:
        entries.append(
            f"<entry><title>{escape(s.title)}</title><id>{escape(s.guid or s.url)}</id>"
            f'<link href="{escape(s.url)}"/><published>{s.published.isoformat()}</published>'
            f"<updated>{s.published.isoformat()}</updated>"
            f"<summary>{escape(s.summary)}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>tag:feeds.example,2026:{escape(title)}</id>"
        f"<updated>2026-09-16T00:00:00Z</updated>{''.join(entries)}</feed>"
    )
