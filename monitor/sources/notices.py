"""Source health alerts: say once that a source is failing or silent, and once that it recovered.

- failing: [alerts] source_failures polls in a row failed (0 turns this off).
- gone: the source answered 410 Gone and is no longer polled (said at once, since no
  further poll will fail; [alerts] source_failures = 0 turns this off too).
- silent: polls succeed (200 or 304) but nothing new has come for the source's `silence`
  period ([alerts] silence by default; 0 turns it off). The clock starts at the last new
  item, or when the source was first watched or last recovered, whichever is latest.
- recovered: a failing source polled successfully (a gone one, once its url was changed),
  or a silent one published again.

Pure: `assess` takes a source's state and its health record and returns the new record
and the notice, if any. The pipeline stores the record and queues the notice under a unique
key, so a restart or a second process never repeats it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from monitor.models import HealthNotice, SourceHealth, SourceState
from monitor.sources.backoff import GONE


def assess(
    st: SourceState,
    record: SourceHealth | None,
    failures_threshold: int,
    silence: float,
    now: datetime,
) -> tuple[SourceHealth, HealthNotice | None]:
    """The source's new health record, and the notice to send if its state changed. Pure."""
    rec = record or SourceHealth(name=st.name, state="ok", since=now, baseline=now)
    baseline = rec.baseline or now
    gone = st.status == GONE
    if failures_threshold and (gone or st.consecutive_failures >= failures_threshold):
        state = "gone" if gone else "failing"
        if rec.state == state:
            return rec, None
        since = (st.last_error_at or now) if gone else _failing_since(st, now)
        notice = HealthNotice(
            source=st.name,
            state=state,
            since=since,
            failures=st.consecutive_failures,
            last_error=st.last_error,
            last_new_item=st.last_new_item,
        )
        return SourceHealth(st.name, state, since, baseline, now), notice
    if st.consecutive_failures or gone:
        return rec, None  # a few failures in a row: not yet worth a word, and not silence
    if rec.state in ("failing", "gone"):
        notice = HealthNotice(
            source=st.name, state="recovered", since=rec.since or now, previous=rec.state
        )
        # Silence is counted afresh from the recovery, not from before the outage.
        return SourceHealth(st.name, "ok", now, now, now), notice
    reference = max(d for d in (st.last_new_item, baseline) if d is not None)
    quiet = bool(silence) and now - reference >= timedelta(seconds=silence)
    if quiet and rec.state != "silent":
        notice = HealthNotice(
            source=st.name, state="silent", since=reference, last_new_item=st.last_new_item
        )
        return SourceHealth(st.name, "silent", reference, baseline, now), notice
    if not quiet and rec.state == "silent":
        notice = HealthNotice(
            source=st.name, state="recovered", since=rec.since or now, previous="silent"
        )
        return SourceHealth(st.name, "ok", now, baseline, now), notice
    return rec, None


def _failing_since(st: SourceState, now: datetime) -> datetime:
    # The first failure of the run is not stored; the last success is the best bound.
    return st.last_success or st.last_error_at or now
