"""The plain dataclasses that cross module boundaries.

Every datetime here is timezone-aware UTC. No third-party object (feedparser dicts,
bs4 tags, sqlite rows, httpx responses) ever leaves the module that made it; it is
turned into one of these first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

KINDS = ("phone_call", "video_call", "in_person_meeting", "letter_or_message")
# How a kind is named to people: in alerts, the digest, and context lines (in lower case).
KIND_LABELS = {
    "phone_call": "Phone call",
    "video_call": "Video call",
    "in_person_meeting": "In-person meeting",
    "letter_or_message": "Letter or message",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


STATUSES = ("occurred", "planned")
# How much a source's word counts when events pick their best item and settle a disputed
# kind: the two governments' own readouts and state media first, then wires, then outlets.
TIERS = ("official", "state_media", "wire", "outlet")


@dataclass(frozen=True)
class Source:
    """One configured source: a feed (`rss`) or an HTML listing page (`page`)."""

    name: str
    kind: str
    url: str
    interval: float  # seconds
    item: str | None = None  # CSS selectors, for kind == "page"
    title: str | None = None
    link: str | None = None
    date: str | None = None
    enabled: bool = True
    tier: str = "outlet"  # one of TIERS
    side: str | None = None  # "us" or "cn": whose readout its reports carry, if anyone's
    silence: float | None = None  # seconds without a new item before a health alert; None = default


@dataclass(frozen=True)
class FetchRequest:
    """What the fetcher needs to poll one source politely."""

    source: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass
class FetchResult:
    """The outcome of one HTTP poll. `body` is None unless there is something new to parse."""

    source: str
    url: str  # the URL requested
    final_url: str  # after redirects
    status: int | None  # HTTP status, None when no response arrived
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    not_modified: bool = False  # 304, or a 200 byte-identical to the last body
    error: str | None = None  # human-readable; None on success
    error_kind: str | None = None  # timeout, network, dns, http, too_large, private, gone, …
    retry_after: float | None = None  # seconds, from a Retry-After header
    permanent_redirect: str | None = None  # target of a 301/308, if any
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Entry:
    """One entry as parsed from a feed or page, before normalization."""

    title: str
    url: str | None = None
    guid: str | None = None
    summary: str = ""
    text: str = ""
    published: datetime | None = None
    author: str | None = None


@dataclass
class ParseResult:
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None  # a parse problem; entries may still hold the good ones
    feed_title: str | None = None


@dataclass
class Document:
    """What the classifier reads: plain text fields and the date that decides terms of office."""

    title: str
    summary: str = ""
    text: str = ""
    published: datetime | None = None
    id: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    rule: str  # e.g. "kind:phone_call/spoke_on_phone", "leader:Xi Jinping", "status:planned/will"
    field: str  # title, summary or text
    text: str  # the matched text


@dataclass
class Classification:
    kind: str = "none"  # one of KINDS or "none"
    status: str | None = None  # "occurred", "planned" or None when kind is "none"
    leaders: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    score: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    # The two presidents an item names when it reports no communication of its own (a
    # follow-up, an analysis): the event it follows is looked for between them. Not in
    # the JSON outputs, whose `leaders` stay empty for kind "none".
    named: list[str] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        return self.kind != "none"

    @property
    def parties(self) -> list[str]:
        """The leaders of its communication, or those it names when it reports none."""
        return self.leaders if self.relevant else self.named

    def to_dict(self, id: str | None = None) -> dict[str, object]:
        return {
            "id": id,
            "kind": self.kind,
            "status": self.status,
            "leaders": list(self.leaders),
            "topics": list(self.topics),
            "score": round(self.score, 3),
            "evidence": [{"rule": e.rule, "field": e.field, "text": e.text} for e in self.evidence],
        }


@dataclass
class Item:
    """A normalized item, ready for identity checks, classification and storage."""

    source: str
    title: str
    url: str | None
    canonical_url: str | None
    guid: str | None
    summary: str
    text: str
    published: datetime | None
    first_seen: datetime
    content_hash: str
    id: int | None = None
    classification: Classification | None = None
    event_id: int | None = None

    @property
    def date(self) -> datetime:
        """The date that places the item in time: published, else first seen."""
        return self.published or self.first_seen

    def document(self) -> Document:
        return Document(
            title=self.title,
            summary=self.summary,
            text=self.text,
            published=self.published,
            url=self.url,
        )


@dataclass
class EventReport:
    """One item's part in an event: what it said, and how much its source counts."""

    item_id: int
    source: str
    tier: str
    kind: str  # the item's own reading; "none" for a copy the rules did not read as one
    status: str | None
    at: datetime  # the day it says it happened, else published, else first seen
    via: str = "rules"  # "rules" (kind, leaders, date), "copy" (near-duplicate) or "follow-up"


@dataclass(frozen=True)
class KindTally:
    """What an event's reports of one status and one kind add up to."""

    status: str | None
    kind: str
    rank: int  # the best source tier among them: 0 official or state media, 1 wire, 2 outlet
    sources: int  # distinct sources
    earliest: datetime
    best_at: datetime  # when its best report came: the earliest of the best tier
    best_item_id: int


@dataclass
class EventItem:
    title: str
    url: str | None
    source: str
    published: datetime | None = None
    follow_up: bool = False  # it reports no communication: analysis or a follow-up of it


@dataclass
class Event:
    kind: str
    status: str
    leaders: list[str]
    date: str  # YYYY-MM-DD (UTC) of the happening or its plan
    first_seen: datetime
    topics: list[str] = field(default_factory=list)
    items: list[EventItem] = field(default_factory=list)
    sources: int = 0
    id: int | None = None
    best_title: str = ""
    best_url: str | None = None
    best_source: str | None = None
    at: datetime | None = None  # the instant used for clustering windows
    updated: datetime | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "leaders": list(self.leaders),
            "date": self.date,
            "first_seen": self.first_seen.isoformat(),
            "sources": self.sources,
            "items": [
                {"title": i.title, "url": i.url, "source": i.source, "follow_up": i.follow_up}
                for i in self.items
            ],
            "topics": list(self.topics),
            "best_item": {
                "title": self.best_title,
                "url": self.best_url,
                "source": self.best_source,
            },
            "updated": self.updated.isoformat() if self.updated else None,
        }


@dataclass
class SourceState:
    """What the store remembers about a source between polls."""

    name: str
    kind: str = "rss"
    url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_poll: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    next_poll: datetime | None = None
    items_seen: int = 0
    last_new_item: datetime | None = None
    status: str = "new"  # new, ok, backoff, gone (see monitor/sources/backoff.py)
    redirect_url: str | None = None  # where the source moved permanently; polled instead of url
    redirect_count: int = 0  # polls in a row answered by a permanent redirect to the candidate
    redirect_candidate: str | None = None

    def to_dict(self) -> dict[str, object]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "name": self.name,
            "kind": self.kind,
            "url": self.redirect_url or self.url,
            "status": self.status,
            "last_success": iso(self.last_success),
            "last_error": self.last_error,
            "last_error_at": iso(self.last_error_at),
            "consecutive_failures": self.consecutive_failures,
            "next_poll": iso(self.next_poll),
            "items_seen": self.items_seen,
            "last_new_item": iso(self.last_new_item),
        }


@dataclass(frozen=True)
class Message:
    """One rendered message, ready for a channel."""

    title: str
    body: str
    format: str = "markdown"  # markdown, html or text


@dataclass
class HealthNotice:
    """A change in a source's health worth telling someone about."""

    source: str
    state: str  # "failing", "gone", "silent" or "recovered"
    since: datetime  # when the failing or silence began (for "recovered": when it began)
    failures: int = 0
    last_error: str | None = None
    last_new_item: datetime | None = None
    previous: str | None = None  # for "recovered": the state it recovered from

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "state": self.state,
            "since": self.since.isoformat(),
            "failures": self.failures,
            "last_error": self.last_error,
            "last_new_item": self.last_new_item.isoformat() if self.last_new_item else None,
            "previous": self.previous,
        }


@dataclass
class SourceHealth:
    """What has been said about a source's health, so it is said once (across processes)."""

    name: str
    state: str = "ok"  # ok, failing, silent
    since: datetime | None = None  # when the current state began
    baseline: datetime | None = None  # silence is counted from here or the last new item
    alerted: datetime | None = None  # when the last health alert was queued


@dataclass
class Delivery:
    """One (alert, channel) row of the outbox, with what the alert is about."""

    id: int
    alert_id: int
    channel: str
    state: str  # pending, sent, dead
    kind: str  # "event", "health", "digest" or "test"
    attempts: int = 0
    next_attempt: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    created: datetime | None = None
    event_id: int | None = None
    reason: str | None = None  # for events: "new", "status", "kind"
    subject: str = ""  # a one-line description for listings
    payload: dict[str, object] = field(default_factory=dict)  # health notice, digest day

    def to_dict(self) -> dict[str, object]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "channel": self.channel,
            "state": self.state,
            "kind": self.kind,
            "reason": self.reason,
            "event_id": self.event_id,
            "subject": self.subject,
            "attempts": self.attempts,
            "next_attempt": iso(self.next_attempt),
            "last_error": self.last_error,
            "sent_at": iso(self.sent_at),
            "created": iso(self.created),
        }


@dataclass
class PollReport:
    """What one source's poll did, for progress display and exit codes."""

    source: str
    fetched: bool = False
    not_modified: bool = False
    entries: int = 0
    new_items: int = 0
    relevant: int = 0
    new_events: int = 0
    error: str | None = None
    catchup: bool = False  # recorded without alerting (first poll of a new source, or --catchup)


@dataclass
class CycleReport:
    polls: list[PollReport] = field(default_factory=list)
    alerts_sent: int = 0
    alerts_failed: int = 0
    health: list[HealthNotice] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        return [p.source for p in self.polls if p.error]


@dataclass
class CycleProgress:
    """Where a cycle is, for a progress line: fetching, then processing, sources done of total."""

    phase: str  # "fetch" or "process"
    done: int
    total: int
    new_items: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Channel:
    """One alert channel: where (an apprise URL), how (format, template) and what (filters)."""

    name: str
    url: str
    format: str = (
        "markdown"  # markdown, html, text or "auto" (resolved by alerts.sender.format_for)
    )
    template: Path | None = None
    health_template: Path | None = None
    timeout: float = 15.0
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_score: float = 0.0
    source_health: bool = True
