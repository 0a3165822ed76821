"""Alert rendering and delivery through apprise. The only importer of apprise.

Delivery works from the outbox in the store: every (alert, channel) pair is a row
before anything is sent, and a row is marked sent only when apprise confirms it.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import apprise
from apprise.decorators import notify as _apprise_plugin

from monitor.config import Channel
from monitor.models import Event

MAX_ATTEMPTS = 8
BASE_BACKOFF = 30.0  # seconds; doubles with every failed attempt
MAX_BACKOFF = 3600.0

KIND_LABELS = {
    "phone_call": "Phone call",
    "video_call": "Video call",
    "in_person_meeting": "In-person meeting",
    "letter_or_message": "Letter or message",
}

# apprise logs full URLs (tokens included) at debug level; keep it to warnings and above.
logging.getLogger("apprise").setLevel(logging.WARNING)


@_apprise_plugin(on="console", name="Console (standard output)")
def _console(body: str, title: str, notify_type: str, *args: object, **kwargs: object) -> bool:
    """`console://`: print the alert, for the demo and for trying a config out."""
    sys.stdout.write(f"\n=== ALERT: {title}\n{body}\n")
    sys.stdout.flush()
    return True


def channel_url_problem(url: str) -> str | None:
    """None if apprise accepts the URL, else a short reason (never echoing the URL)."""
    try:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    except Exception as exc:  # apprise plugins raise a variety of errors on odd input
        return f"apprise rejects this URL ({type(exc).__name__})"
    if plugin is None:
        scheme = url.partition("://")[0] if "://" in url else ""
        hint = (
            f" (scheme {scheme!r} unknown or its parameters invalid)"
            if scheme
            else " (no scheme://)"
        )
        return "apprise rejects this URL" + hint
    return None


@dataclass
class Message:
    title: str
    body: str


def render(event: Event, reason: str) -> Message:
    """A compact Markdown message for one event (new) or its update."""
    kind = KIND_LABELS.get(event.kind, event.kind)
    who = " – ".join(event.leaders)
    prefix = {
        "new": "",
        "status": "Update: now confirmed. ",
        "kind": "Update: kind corrected. ",
    }.get(reason, "")
    planned = " (planned)" if event.status == "planned" else ""
    title = f"{prefix}{kind}{planned}: {who}"
    lines = []
    headline = _md_escape(event.best_title or "(no title)")
    lines.append(f"[{headline}]({event.best_url})" if event.best_url else headline)
    lines.append(f"Kind: {kind} · Status: {event.status} · Date: {event.date}")
    lines.append(f"Leaders: {who}")
    if event.topics:
        lines.append("Topics: " + ", ".join(event.topics))
    lines.append(f"Sources so far: {event.sources or 1}")
    for ev in event.evidence[:3]:
        lines.append(f"Why: {ev.rule} in {ev.field}: “{_md_escape(ev.text)}”")
    return Message(title=title, body="\n".join(lines))


def _md_escape(text: str) -> str:
    """Neutralize mention syntax and link markup in untrusted text."""
    text = text.replace("<", "‹").replace(">", "›")
    for mention in ("@channel", "@here", "@everyone"):
        text = text.replace(mention, mention.replace("@", "@\u200b"))
    return text.replace("[", "(").replace("]", ")")


def send(channel: Channel, message: Message) -> str | None:
    """Send one message to one channel; None on confirmed success, else the reason."""
    ap = apprise.Apprise()
    if not ap.add(channel.url):
        return "apprise rejected the channel URL"
    try:
        result = ap.notify(
            title=message.title, body=message.body, body_format=apprise.NotifyFormat.MARKDOWN
        )
    except Exception as exc:  # a plugin failing in an unexpected way is a failed send
        return f"{type(exc).__name__} while sending"
    # apprise 2.x returns a result object that is truthy on success; never compare with `is True`.
    if result:
        return None
    return "the channel did not confirm delivery"


def next_attempt(attempts: int, now: datetime) -> datetime:
    delay = min(MAX_BACKOFF, BASE_BACKOFF * (2 ** max(0, attempts - 1)))
    return now + timedelta(seconds=delay)


def test_message() -> Message:
    return Message(
        title="Test alert from monitor",
        body="This is a test of the US–China leader communications monitor. If you can read it, this channel works.",
    )
