"""From new items to stored items in events: near-duplicates, classification, placing each
report into its event (the pure rules of `monitor.events` decide; this module reads and
writes), and queueing the alerts those rules call for."""

from __future__ import annotations

from datetime import datetime

from monitor import dedupe, events
from monitor.config.schema import EventsSection
from monitor.dedupe import COPY, NearMatch
from monitor.models import Classification, Entry, Event, EventReport, Item, PollReport, Source
from monitor.normalize import normalize
from monitor.pipeline.context import Context, NewItem
from monitor.store import Store


def new_items(store: Store, source: Source, entries: list[Entry], now: datetime) -> list[NewItem]:
    """Entries normalized, repeats within the batch dropped, and those already known left out."""
    items = dedupe.unique_within([normalize(e, source.name, now) for e in entries])
    return _unknown(store, [NewItem(i, dedupe.identity_keys(i)) for i in items])


def _unknown(store: Store, items: list[NewItem]) -> list[NewItem]:
    """The items none of whose keys is known: one query for the whole batch."""
    known = store.items.known_keys([k for n in items for k in n.keys])
    return [n for n in items if not known.intersection(n.keys)]


def ingest(
    ctx: Context,
    source: Source,
    items: list[NewItem],
    now: datetime,
    report: PollReport,
    *,
    catchup: bool | None = None,
    recheck: bool = False,
) -> None:
    """Everything after `new_items`: near-duplicates, classify, cluster, store, enqueue.

    Runs inside the caller's transaction; counts what it did in `report`.
    """
    if not items:
        return  # nothing new: the near-duplicate index need not even be loaded
    store = ctx.store
    catchup = ctx.catchup if catchup is None else catchup
    if recheck:
        items = _unknown(store, items)
    index = ctx.near if ctx.near is not None else dedupe.shared_index(str(store.path))
    with index.lock:
        index.sync(store.dedupe, now)
        for new in items:
            item = new.item
            cls = ctx.classifier.classify(item.document(), now)
            fingerprint = dedupe.Fingerprint.of(item)
            near = index.find(store.dedupe, fingerprint)
            item_id = store.items.add_item(item, new.keys)
            store.items.save_classification(item_id, cls, now)
            store.dedupe.add_near_signature(item_id, fingerprint.signature)
            index.add(item_id, fingerprint.signature, fingerprint.bands)
            if near:
                store.dedupe.set_copy_of(item_id, near.item_id, near.similarity)
            report.new_items += 1
            if cls.relevant:
                report.relevant += 1
            if (
                cls.relevant
                or events.follows_up(cls)
                or (near is not None and near.event_id is not None)
            ):
                _cluster(ctx, source, item, cls, near, now, report, catchup)


def _cluster(
    ctx: Context,
    source: Source,
    item: Item,
    cls: Classification,
    near: dedupe.NearMatch | None,
    now: datetime,
    report: PollReport,
    catchup: bool,
) -> None:
    policy = ctx.settings.events
    assignment = place(ctx.store, item, cls, source.tier, near, policy, now)
    if assignment is None:
        return
    if assignment.is_new:
        report.new_events += 1
    event = assignment.event
    assert event.id is not None
    alerted = not assignment.is_new and ctx.store.events.has_alerts(event.id)
    reason = events.alert_reason(assignment, policy, alerted)
    if reason and not catchup:
        from monitor.alerts import outbox

        outbox.enqueue(ctx.store, event, reason, ctx.settings.channels, now)


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
        candidates = store.events.near(events.leader_key(cls.parties), start, end)
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
