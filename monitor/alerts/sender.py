"""Delivery of one rendered message to one channel through apprise. The only importer of apprise.

What is sent, and when, is decided elsewhere (messages.py renders, outbox.py queues and
retries); this module only sends, reports a confirmed success or a reason for failure,
and keeps channel secrets out of every log line and error message.
"""

from __future__ import annotations

import functools
import logging
import sys
from types import ModuleType
from typing import Any

from monitor.models import Channel, Message
from monitor.secrets import redact

__all__ = ["channel_url_problem", "default_format", "format_for", "send"]

# Services that deliver to an inbox: they get the HTML message (with its text part).
_EMAIL_SCHEMES = {
    "mailto", "mailtos", "ses", "sendgrid", "mailgun", "sparkpost", "resend", "smtp2go",
    "postmark", "brevo", "mailersend", "sendpulse", "azure", "o365", "groundmail",
}  # fmt: skip


class _Redact(logging.Filter):
    """Mask URLs and known channel secrets in apprise's (and its HTTP client's) log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


# apprise logs full URLs (tokens included) at debug level, and urllib3 logs request paths:
# keep both at warnings and above, and mask what they do print.
for _name in ("apprise", "urllib3", "urllib3.connectionpool", "urllib3.util.retry"):
    _logger = logging.getLogger(_name)
    _logger.setLevel(logging.WARNING)
    _logger.addFilter(_Redact())


@functools.cache
def _apprise() -> ModuleType:
    """apprise, imported on first use: loading it and its plugins is slow, and a poll that
    has nothing to send (most of them) need not pay for it."""
    import apprise
    from apprise.decorators import notify

    notify(on="console", name="Console (standard output)")(_console)
    return apprise


def _console(body: str, title: str, notify_type: str, *args: object, **kwargs: object) -> bool:
    """`console://`: print the alert, for the demo and for trying a config out."""
    sys.stdout.write(f"\n=== ALERT: {title}\n{body}\n")
    sys.stdout.flush()
    return True


def format_for(channel: Channel) -> str:
    """markdown, html or text: the channel's `format`, with "auto" asked of apprise for its URL
    when first needed (apprise takes a while to load; listing events needs none)."""
    if channel.format != "auto":
        return channel.format
    return default_format(channel.url)


def channel_url_problem(url: str) -> str | None:
    """None if apprise accepts the URL, else a short reason (never echoing the URL)."""
    apprise = _apprise()
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


@functools.cache
def default_format(url: str) -> str:
    """html for email services, markdown where the service takes it, else plain text."""
    scheme = url.partition("://")[0].lower()
    if scheme in _EMAIL_SCHEMES:
        return "html"
    apprise = _apprise()
    try:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    except Exception:
        plugin = None
    if plugin is None or scheme == "console":
        return "markdown" if plugin is None else "text"
    declared = plugin.notify_format
    formats = declared if isinstance(declared, (list, tuple)) else (declared,)
    return "markdown" if apprise.NotifyFormat.MARKDOWN in formats else "text"


def send(channel: Channel, message: Message) -> str | None:
    """Send one message to one channel; None on confirmed success, else the (masked) reason."""
    apprise = _apprise()
    formats: dict[str, Any] = {
        "markdown": apprise.NotifyFormat.MARKDOWN,
        "html": apprise.NotifyFormat.HTML,
        "text": apprise.NotifyFormat.TEXT,
    }
    ap = apprise.Apprise()
    if not ap.add(channel.url):
        return "apprise rejected the channel URL"
    try:
        result = ap.notify(
            title=message.title,
            body=message.body,
            body_format=formats.get(message.format, apprise.NotifyFormat.TEXT),
            # A deadline for the whole call, so a hanging service is a failed attempt.
            timeout=channel.timeout,
        )
    except Exception as exc:  # a plugin failing in an unexpected way is a failed send
        return f"{type(exc).__name__} while sending"
    try:
        # apprise 2.x returns a result object, truthy only on success; never compare with `is True`.
        if result:
            return None
        return _reason(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()


def _reason(result: object) -> str:
    """The last thing apprise said about the failure, masked; else its status."""
    status = getattr(getattr(result, "status", None), "name", None)
    messages: list[str] = []
    logs = getattr(result, "logs", None)
    if callable(logs):
        messages = [e.message for e in logs() if e.level in ("WARNING", "ERROR", "CRITICAL")]
    if messages:
        return redact(messages[-1])[:300]
    if status == "TIMEOUT":
        return "the channel did not answer in time"
    return "the channel did not confirm delivery" + (f" ({status.lower()})" if status else "")
