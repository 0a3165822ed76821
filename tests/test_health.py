"""The health policy, pure: status transitions, backoff, Retry-After, redirects, gone."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from monitor.config.schema import FetchSection
from monitor.models import FetchResult, Source, SourceState
from monitor.sources import backoff

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
SRC = Source(name="feed", kind="rss", url="https://news.example/feed.xml", interval=300)
POLICY = FetchSection(max_backoff=4 * 3600, moved_after=3)


def fresh() -> SourceState:
    st = SourceState(name="feed")
    backoff.reconcile(st, SRC)
    return st


def ok(**kw: object) -> FetchResult:
    return FetchResult(source="feed", url=SRC.url, final_url=SRC.url, status=200, **kw)  # type: ignore[arg-type]


def failed(status: int | None, kind: str, error: str, **kw: object) -> FetchResult:
    return FetchResult(
        source="feed",
        url=SRC.url,
        final_url=SRC.url,
        status=status,
        error=error,
        error_kind=kind,
        **kw,  # type: ignore[arg-type]
    )


def test_success_sets_ok_and_the_next_poll_one_interval_on() -> None:
    st = fresh()
    assert st.status == "new" and backoff.due(st, SRC, NOW)
    backoff.record_success(st, SRC, ok(etag='"a"', body_hash="h1"), NOW, POLICY)
    assert st.status == "ok" and st.last_success == NOW
    assert st.next_poll == NOW + timedelta(seconds=300)
    assert st.etag == '"a"' and st.body_hash == "h1"
    assert not backoff.due(st, SRC, NOW) and backoff.due(st, SRC, NOW + timedelta(seconds=300))


def test_failures_back_off_exponentially_with_jitter_capped_and_never_give_up() -> None:
    st = fresh()
    rng = random.Random(7)
    waits = []
    for n in range(1, 30):
        backoff.record_failure(st, SRC, failed(500, "http", "HTTP 500"), NOW, rng, POLICY)
        assert st.status == "backoff" and st.consecutive_failures == n
        assert st.next_poll is not None
        waits.append((st.next_poll - NOW).total_seconds())
    for n, wait in enumerate(waits[:6], start=1):
        full = 300 * 2 ** (n - 1)
        assert 0.8 * full <= wait <= full, (n, wait)
    assert all(0.8 * 4 * 3600 <= w <= 4 * 3600 for w in waits[8:])  # capped, still polled
    assert len({round(w) for w in waits[8:]}) > 1  # jitter spreads retries
    assert st.last_error == "HTTP 500" and st.last_error_at == NOW


def test_the_same_seed_gives_the_same_schedule() -> None:
    a, b = fresh(), fresh()
    for st in (a, b):
        rng = random.Random(3)
        for _ in range(4):
            backoff.record_failure(st, SRC, failed(None, "timeout", "timed out"), NOW, rng, POLICY)
    assert a.next_poll == b.next_poll


def test_one_success_resets_the_failures() -> None:
    st = fresh()
    rng = random.Random(1)
    for _ in range(5):
        backoff.record_failure(st, SRC, failed(None, "network", "refused"), NOW, rng, POLICY)
    backoff.record_success(st, SRC, ok(not_modified=True), NOW, POLICY)
    assert st.consecutive_failures == 0 and st.status == "ok"
    assert st.next_poll == NOW + timedelta(seconds=300)
    assert st.last_error == "refused"  # history stays readable


def test_retry_after_is_honoured_for_429_and_503_only() -> None:
    rng = random.Random(1)
    for code in (429, 503):
        st = fresh()
        res = failed(code, "http", f"HTTP {code}", retry_after=3600.0)
        backoff.record_failure(st, SRC, res, NOW, rng, POLICY)
        assert st.next_poll == NOW + timedelta(seconds=3600) and st.status == "backoff"
    st = fresh()
    short = failed(429, "http", "HTTP 429", retry_after=5.0)
    backoff.record_failure(st, SRC, short, NOW, rng, POLICY)
    assert st.next_poll == NOW + timedelta(seconds=300)  # never sooner than the interval
    st = fresh()
    huge = failed(503, "http", "HTTP 503", retry_after=10 * 365 * 86400.0)
    backoff.record_failure(st, SRC, huge, NOW, rng, POLICY)
    assert st.next_poll == NOW + timedelta(days=1)  # a day at most: never given up
    st = fresh()
    other = failed(404, "http", "HTTP 404", retry_after=3600.0)
    backoff.record_failure(st, SRC, other, NOW, rng, POLICY)
    assert st.next_poll is not None and st.next_poll <= NOW + timedelta(seconds=300)


def test_410_is_gone_until_the_config_url_changes() -> None:
    st = fresh()
    change = backoff.record_failure(
        st, SRC, failed(410, "gone", "HTTP 410"), NOW, random.Random(1), POLICY
    )
    assert change.gone and st.status == "gone" and st.next_poll is None
    assert not backoff.pollable(st) and not backoff.due(st, SRC, NOW + timedelta(days=30))
    assert not backoff.reconcile(st, SRC).reset and st.status == "gone"
    moved = Source(name="feed", kind="rss", url="https://news.example/v2/feed.xml", interval=300)
    assert backoff.reconcile(st, moved).reset
    assert st.status == "new" and st.url == moved.url and backoff.due(st, moved, NOW)
    assert st.consecutive_failures == 0 and st.etag is None


def test_a_permanent_redirect_is_adopted_after_three_polls_in_a_row() -> None:
    st = fresh()
    target = "https://news.example/new-feed.xml"
    for n in (1, 2):
        change = backoff.record_success(st, SRC, ok(permanent_redirect=target), NOW, POLICY)
        assert change.moved_to is None and st.redirect_count == n
        assert backoff.request_url(st, SRC) == SRC.url
    change = backoff.record_success(st, SRC, ok(permanent_redirect=target), NOW, POLICY)
    assert change.moved_to == target and st.redirect_url == target
    assert backoff.request_url(st, SRC) == target
    # Polled at its new place, without a redirect: nothing more changes.
    assert backoff.record_success(st, SRC, ok(), NOW, POLICY).moved_to is None
    assert backoff.request_url(st, SRC) == target


def test_an_interrupted_or_changing_redirect_starts_counting_again() -> None:
    st = fresh()
    a, b = "https://news.example/a.xml", "https://news.example/b.xml"
    backoff.record_success(st, SRC, ok(permanent_redirect=a), NOW, POLICY)
    backoff.record_success(st, SRC, ok(permanent_redirect=a), NOW, POLICY)
    backoff.record_success(st, SRC, ok(), NOW, POLICY)  # served directly again
    assert st.redirect_count == 0 and st.redirect_candidate is None
    backoff.record_success(st, SRC, ok(permanent_redirect=a), NOW, POLICY)
    backoff.record_success(st, SRC, ok(permanent_redirect=b), NOW, POLICY)
    assert st.redirect_candidate == b and st.redirect_count == 1 and st.redirect_url is None


def test_a_config_url_change_forgets_the_old_urls_redirect_and_validators() -> None:
    st = fresh()
    target = "https://news.example/new-feed.xml"
    for _ in range(3):
        backoff.record_success(st, SRC, ok(permanent_redirect=target, etag='"x"'), NOW, POLICY)
    assert st.redirect_url == target
    edited = Source(name="feed", kind="rss", url=target, interval=300)
    backoff.reconcile(st, edited)
    assert st.redirect_url is None and st.etag is None and st.status == "ok"
    assert backoff.request_url(st, edited) == target


def test_an_unusable_body_seen_again_is_the_same_failure() -> None:
    st = fresh()
    broken = ok(etag='"b"', body_hash="h-broken")
    backoff.keep_validators(st, broken)
    backoff.record_failure(st, SRC, broken, NOW, random.Random(1), POLICY, "parse: not a feed")
    assert st.etag == '"b"' and st.body_hash == "h-broken"
    assert backoff.unusable_again(st, ok(not_modified=True))
    assert not backoff.unusable_again(st, ok(body_hash="h-new"))
    # After a failure of another kind, a 304 is a plain success again.
    backoff.record_failure(
        st, SRC, failed(None, "timeout", "timed out"), NOW, random.Random(1), POLICY
    )
    assert not backoff.unusable_again(st, ok(not_modified=True))
