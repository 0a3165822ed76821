"""Placing a newly stored item into its event: the store-facing side of `events`.

Loads the candidate events, lets the pure rules in `events` decide, and writes the
result, so every decision rests on what the database holds (any process, any restart).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from monitor import events
from monitor.dedupe import COPY, NearMatch
from monitor.models import Classification, Event, EventReport, Item
from monitor.store import Store

if TYPE_CHECKING:
    from monitor.config.schema import EventsSection


def place(
    store: Store,
    item: Item,
    cls: Classification,
    tier: str,
    near: NearMatch | None,
    policy: EventsSection,
    now: datetime,
) -> events.Assignment | None:
    """Add a stored item to the event it reports, or start one; None when it reports none.

    A relevant item is matched by kind, leaders and the day it happened (see `events`);
    one that names both leaders without a communication of its own joins an event it
    follows, if any, and starts none. A near-duplicate of an item already in an event
    joins that event within the window: when relevant, if its leaders and kind match;
    when the rules found nothing in it, only if it is a near-verbatim copy (similarity at
    least `COPY`), since a templated report of another call ("Xi, Putin hold phone
    talks") can be fairly similar without being the same story.
    """
    assert item.id is not None
    at, dated = events.report_instant(item, cls)
    report = EventReport(
        item_id=item.id,
        source=item.source,
        tier=tier,
        kind=cls.kind,
        status=cls.status,
        at=at,
    )
    event = _original_event(store, cls, near, report.at, policy)
    if event is not None:
        report.via = "copy"
    elif cls.relevant or events.follows_up(cls):
        start, end = events.search_span(report.at, policy)
        candidates = store.events.near(events.leader_key(cls.leaders), start, end)
        if cls.relevant:
            event = events.choose(cls, at, candidates, policy, dated)
        else:
            event = events.follow_up_of(report.at, candidates, policy)
            if event is None:
                return None
            report.via = "follow-up"
    else:
        return None
    if event is None:
        assignment = events.start(cls, report, now)
        event = assignment.event
        store.events.save(event, events.leader_key(event.leaders), item.id)
        assert event.id is not None
        store.events.add_report(event.id, report, now)
    else:
        assert event.id is not None
        store.events.add_report(event.id, report, now)
        assignment = events.fold(event, store.events.tallies(event.id), cls, now)
        store.events.save(event, events.leader_key(event.leaders), assignment.best_item_id)
    item.event_id = event.id
    return assignment


def _original_event(
    store: Store,
    cls: Classification,
    near: NearMatch | None,
    at: datetime,
    policy: EventsSection,
) -> Event | None:
    if near is None or near.event_id is None:
        return None
    if not cls.relevant and near.similarity < COPY:
        return None
    original = store.events.head(near.event_id)
    if original is None or not events.accepts_copy(original, cls, at, policy):
        return None
    return original
