"""Source health: what one poll's outcome means for the next one.

Pure: every function takes `now` (and, for jitter, a `random.Random`), and only
changes the `SourceState` it is given. The states a source moves through:

    new ──success──> ok ──failure──> backoff ──success──> ok
                      │                 │
                      └──── HTTP 410 ───┴──> gone (not polled until its config URL changes)

A failure (404, 5xx, timeout, network error, a body that is no feed) counts one more
consecutive failure and waits `interval * 2**(failures-1)`, capped, shortened by up to
a fifth at random so that sources that failed together do not retry together; it never
gives up. 429 and 503 with Retry-After wait what the server asked instead. One success
resets the count. A permanent redirect (301/308) seen on `moved_after` polls in a row
to the same target becomes the URL polled from then on. A body with nothing usable in it
keeps its validators, so the same body again (a 304, or the same bytes) is the same
failure, known without downloading or parsing it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.models import FetchResult, Source, SourceState
from monitor.timeutil import iso

if TYPE_CHECKING:
    from monitor.config.schema import FetchSection

NEW, OK, BACKOFF, GONE = "new", "ok", "backoff", "gone"
RETRY_AFTER_CODES = (429, 503)
UNUSABLE = "parse: "  # how the error of a body that held nothing usable begins


MAX_RETRY_AFTER = 86400.0  # seconds: a Retry-After longer than this is taken as this
JITTER = 0.2  # a backoff is shortened by up to this fraction, at random


@dataclass
class Change:
    """What changed beyond the counters, for the caller to log."""

    moved_to: str | None = None  # the source is polled at this URL from now on
    gone: bool = False  # the source said 410 and is no longer polled
    reset: bool = False  # the config URL changed, so the stored state started afresh


def reconcile(st: SourceState, source: Source) -> Change:
    """Bring a stored state in line with the config; a changed URL starts afresh.

    Validators, redirects and a `gone` verdict belong to the old URL; what was seen
    (items, last success) stays.
    """
    change = Change()
    st.kind = source.kind
    if st.url == source.url:
        return change
    change.reset = bool(st.url)
    st.url = source.url
    st.redirect_url = st.redirect_candidate = None
    st.redirect_count = 0
    st.etag = st.last_modified = st.body_hash = None
    st.consecutive_failures = 0
    st.next_poll = None
    if st.status in (GONE, BACKOFF):
        st.status = NEW
    return change


def request_url(st: SourceState, source: Source) -> str:
    """The URL to poll: where the source moved to, else the configured one."""
    return st.redirect_url or source.url


def pollable(st: SourceState) -> bool:
    return st.status != GONE


def wait_reason(st: SourceState, source: Source, now: datetime) -> str | None:
    """Why a scheduled poll should not fetch this source now, or None to fetch it.

    The one "is it due" rule, for the daemon's jobs and for `due`. A job runs every
    interval; the source's state can push its next poll further out (backoff after
    failures, a Retry-After) or stop it (410 Gone). Half an interval of slack keeps a poll
    that is merely a little early, by jitter or by the time the last fetch took, from
    being skipped. `st` must be reconciled with the config (a changed URL is not gone).
    """
    if not pollable(st):
        return "gone"
    slack = timedelta(seconds=source.interval / 2)
    if st.next_poll and st.next_poll - now > slack:
        return f"backing off until {iso(st.next_poll)}"
    return None


def due(st: SourceState, source: Source, now: datetime) -> bool:
    """Whether a scheduled poll should fetch this source now."""
    return wait_reason(st, source, now) is None


def backoff_delay(
    failures: int, interval: float, rng: random.Random, policy: FetchSection
) -> float:
    """Seconds to wait after `failures` consecutive failures (>= 1)."""
    cap = max(policy.max_backoff, interval)
    base = min(interval * 2.0 ** min(failures - 1, 40), cap)
    return max(1.0, base * (1.0 - JITTER * rng.random()))


def record_success(
    st: SourceState, source: Source, result: FetchResult, now: datetime, policy: FetchSection
) -> Change:
    """A poll that fetched and (when there was a body) parsed: reset the failures."""
    change = Change()
    st.last_poll = now
    st.last_success = now
    st.consecutive_failures = 0
    st.status = OK
    st.next_poll = now + timedelta(seconds=source.interval)
    keep_validators(st, result)
    target = result.permanent_redirect
    if target and target != request_url(st, source):
        if target == st.redirect_candidate:
            st.redirect_count += 1
        else:
            st.redirect_candidate, st.redirect_count = target, 1
        if st.redirect_count >= policy.moved_after:
            st.redirect_url = None if target == source.url else target
            st.redirect_candidate, st.redirect_count = None, 0
            change.moved_to = target
    else:
        st.redirect_candidate, st.redirect_count = None, 0
    return change


def keep_validators(st: SourceState, result: FetchResult) -> None:
    """Remember what identifies this body (ETag, Last-Modified, hash) for the next poll."""
    if result.etag or result.last_modified or not result.not_modified:
        st.etag, st.last_modified = result.etag, result.last_modified
    if result.body_hash:
        st.body_hash = result.body_hash


def unusable_again(st: SourceState, result: FetchResult) -> bool:
    """A 304 or an identical body, when the last body could not be used: the same failure."""
    return (
        result.not_modified
        and st.consecutive_failures > 0
        and (st.last_error or "").startswith(UNUSABLE)
    )


def record_failure(
    st: SourceState,
    source: Source,
    result: FetchResult,
    now: datetime,
    rng: random.Random,
    policy: FetchSection,
    error: str | None = None,
) -> Change:
    """A poll that failed: count it and decide when to try again (or, on 410, never)."""
    change = Change()
    st.last_poll = now
    st.consecutive_failures += 1
    st.last_error = error or result.error or "failed"
    st.last_error_at = now
    if result.error_kind == "gone":
        st.status = GONE
        st.next_poll = None
        change.gone = True
        return change
    st.status = BACKOFF
    if result.status in RETRY_AFTER_CODES and result.retry_after is not None:
        delay = max(source.interval, min(result.retry_after, MAX_RETRY_AFTER))
    else:
        delay = backoff_delay(st.consecutive_failures, source.interval, rng, policy)
    st.next_poll = now + timedelta(seconds=delay)
    return change
